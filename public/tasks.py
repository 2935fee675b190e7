"""The readers' site's housekeeping, run by the task worker (`manage.py db_worker`)."""

from datetime import timedelta

from django.tasks import task
from django.utils import timezone

from .models import ArticleViews

# Most read looks back 24 hours (public/mostread.py); a week is kept for a look at trends.
KEEP_VIEWS_DAYS = 7


@task
def prune_views() -> int:
    """Delete the hourly tallies older than KEEP_VIEWS_DAYS; how many rows went."""
    cutoff = timezone.now() - timedelta(days=KEEP_VIEWS_DAYS)
    deleted, _by_model = ArticleViews.objects.filter(hour__lt=cutoff).delete()
    return deleted
