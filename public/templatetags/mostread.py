"""`{% most_read_stories as stories %}`: the edition's most read stories (public/mostread.py),
for templates/articles/_most_read.html."""

from django import template
from django.utils import translation

from caching import content
from public.mostread import MOST_READ_CACHE_SECONDS, most_read

register = template.Library()


@register.simple_tag
def most_read_stories():
    """Kept a few minutes under the content version (a story taken down leaves at once),
    so the pages rendered after a publication share one query instead of one each."""
    language = translation.get_language()
    return content.under_version(
        f"newsroom:most-read:{language}", MOST_READ_CACHE_SECONDS, lambda: most_read(language)
    )
