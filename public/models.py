"""The readers' own tally: views of each story per hour, for «الأكثر قراءة» (public/mostread.py).
Not content: the desk never edits it, and a story's row goes with the story."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ArticleViews(models.Model):
    """How many times readers opened `article` during the hour starting at `hour` (UTC).

    One row per story and hour, incremented in place by one upsert per view; hours make
    "the last 24 hours" exact, where days would jump at midnight."""

    article = models.ForeignKey(
        "articles.Article", on_delete=models.CASCADE, related_name="reader_views",
        verbose_name=_("story"),
    )
    hour = models.DateTimeField(_("hour"))
    views = models.PositiveIntegerField(_("views"), default=0)

    class Meta:
        verbose_name = _("story views")
        verbose_name_plural = _("story views")
        constraints = [
            # The upsert's conflict target, and (hour first) the index the list reads a
            # window of hours from.
            models.UniqueConstraint(fields=["hour", "article"], name="article_views_hour_uniq"),
        ]

    def __str__(self):
        return f"{self.article_id} @ {self.hour:%Y-%m-%d %H}: {self.views}"
