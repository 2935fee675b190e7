# The pre-publish checklist: block, warn or skip, one setting per item.

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('sitesettings', '0003_the_one_row'),
    ]

    operations = [
        migrations.AddField(
            model_name='sitesettings',
            name='checklist_byline',
            field=models.CharField(choices=[('block', 'Blocks publishing'), ('warn', 'Warns (an editor may publish anyway)'), ('off', 'Not checked')], default='warn', max_length=8, verbose_name='byline'),
        ),
        migrations.AddField(
            model_name='sitesettings',
            name='checklist_english',
            field=models.CharField(choices=[('block', 'Blocks publishing'), ('warn', 'Warns (an editor may publish anyway)'), ('off', 'Not checked')], default='warn', max_length=8, verbose_name='English edition complete once started'),
        ),
        migrations.AddField(
            model_name='sitesettings',
            name='checklist_headline',
            field=models.CharField(choices=[('block', 'Blocks publishing'), ('warn', 'Warns (an editor may publish anyway)'), ('off', 'Not checked')], default='warn', max_length=8, verbose_name='headline length'),
        ),
        migrations.AddField(
            model_name='sitesettings',
            name='checklist_image',
            field=models.CharField(choices=[('block', 'Blocks publishing'), ('warn', 'Warns (an editor may publish anyway)'), ('off', 'Not checked')], default='warn', max_length=8, verbose_name='lead or share image with alt text'),
        ),
        migrations.AddField(
            model_name='sitesettings',
            name='checklist_links',
            field=models.CharField(choices=[('block', 'Blocks publishing'), ('warn', 'Warns (an editor may publish anyway)'), ('off', 'Not checked')], default='warn', max_length=8, verbose_name='links in the body answer'),
        ),
        migrations.AddField(
            model_name='sitesettings',
            name='checklist_section',
            field=models.CharField(choices=[('block', 'Blocks publishing'), ('warn', 'Warns (an editor may publish anyway)'), ('off', 'Not checked')], default='block', max_length=8, verbose_name='section chosen'),
        ),
        migrations.AddField(
            model_name='sitesettings',
            name='checklist_seo',
            field=models.CharField(choices=[('block', 'Blocks publishing'), ('warn', 'Warns (an editor may publish anyway)'), ('off', 'Not checked')], default='warn', max_length=8, verbose_name='search engine description length'),
        ),
        migrations.AddField(
            model_name='sitesettings',
            name='checklist_summary',
            field=models.CharField(choices=[('block', 'Blocks publishing'), ('warn', 'Warns (an editor may publish anyway)'), ('off', 'Not checked')], default='warn', max_length=8, verbose_name='summary present'),
        ),
        migrations.AddField(
            model_name='sitesettings',
            name='checklist_tags',
            field=models.CharField(choices=[('block', 'Blocks publishing'), ('warn', 'Warns (an editor may publish anyway)'), ('off', 'Not checked')], default='warn', max_length=8, verbose_name='at least one tag'),
        ),
    ]
