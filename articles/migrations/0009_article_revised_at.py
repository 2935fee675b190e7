"""`Article.revised_at`: when what readers see last changed while the story was live.

Published stories saved more than NEWSROOM_UPDATED_AFTER_MINUTES after publication get their
`updated_at`, the only record there is of a later edit; the others (nearly all: publishing
saves a few milliseconds after `published_at`) stay empty, which the page reads the same way,
and an UPDATE of every row (its search column recomputed) is spared.
"""

from datetime import timedelta

from django.conf import settings
from django.db import migrations, models
from django.db.models import F


def from_updated_at(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    threshold = timedelta(minutes=settings.NEWSROOM_UPDATED_AFTER_MINUTES)
    Article.objects.filter(
        status="published", published_at__isnull=False,
        updated_at__gt=F("published_at") + threshold,
    ).update(revised_at=F("updated_at"))


class Migration(migrations.Migration):

    dependencies = [
        ('articles', '0008_normalize_skip_done_work'),
    ]

    operations = [
        migrations.AddField(
            model_name='article',
            name='revised_at',
            field=models.DateTimeField(blank=True, editable=False, null=True, verbose_name='revised at'),
        ),
        migrations.RunPython(from_updated_at, migrations.RunPython.noop, elidable=True),
    ]
