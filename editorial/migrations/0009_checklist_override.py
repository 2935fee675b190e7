# The pre-publish checklist: the link checks it reads, and the event of an override.

import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('editorial', '0008_notifications'),
    ]

    operations = [
        migrations.CreateModel(
            name='LinkCheck',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('url', models.URLField(max_length=2000, unique=True, verbose_name='link address')),
                ('status', models.PositiveSmallIntegerField(blank=True, null=True, verbose_name='HTTP status')),
                ('ok', models.BooleanField(default=False, verbose_name='answers')),
                ('checked_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='checked at')),
            ],
            options={
                'verbose_name': 'link check',
                'verbose_name_plural': 'link checks',
            },
        ),
        migrations.AlterField(
            model_name='articleevent',
            name='action',
            field=models.CharField(choices=[('submitted', 'Submitted for review'), ('sent_back', 'Sent back to the author'), ('published', 'Published'), ('scheduled', 'Scheduled'), ('unpublished', 'Unpublished'), ('returned_to_draft', 'Returned to draft'), ('took_over', 'Took over editing'), ('restored', 'Restored an earlier version'), ('corrected', 'Correction added'), ('link_created', 'Preview link created'), ('link_revoked', 'Preview link revoked'), ('checklist_overridden', 'Published despite warnings')], max_length=24, verbose_name='action'),
        ),
    ]
