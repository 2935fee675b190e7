"""`{% most_read_aside %}`: the edition's most read stories (public/mostread.py) as the
aside of templates/articles/_most_read.html."""

from django import template
from django.template.loader import get_template
from django.utils import translation
from django.utils.safestring import mark_safe

from caching import content, fragments
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


@register.simple_tag
def most_read_aside(aside_class=""):
    """The aside, rendered once per process for the stories it lists (their ids, addresses
    and headlines) and its class, as the cards are (caching/fragments.py); nothing when no
    story was read."""
    stories = most_read_stories()
    if not stories:
        return ""
    key = ("most-read", translation.get_language(), aside_class or "",
           tuple((story.pk, story.slug, story.title) for story in stories))
    return fragments.fragment(key, lambda: mark_safe(get_template(
        "articles/_most_read.html").render({"most_read": stories, "aside_class": aside_class})))
