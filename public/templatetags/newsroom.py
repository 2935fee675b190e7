"""Template helpers for the public site: dates in the edition's language and digits."""

from django import template
from django.utils import translation
from django.utils.html import format_html

from core.memo import local_date
from public.body import reader_body

register = template.Library()

_ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


def _digits(text: str, context) -> str:
    site = context.get("site")
    if translation.get_language() == "ar" and site and site.digits == "arabic_indic":
        return text.translate(_ARABIC_INDIC)
    return text


@register.simple_tag(takes_context=True)
def time_tag(context, moment, fmt="DATETIME_FORMAT"):
    """<time datetime="ISO">the date in the site's time zone and the edition's language</time>.

    Arabic month names come from Django's Arabic translation; the digits follow the site
    setting (Western or Arabic-Indic) on the Arabic edition.
    """
    if not moment:
        return ""
    iso, text = local_date(moment, fmt)
    return format_html('<time datetime="{}">{}</time>', iso, _digits(text, context))


@register.simple_tag
def body_html(article):
    """The story's body with its library photos served from their renditions (public/body.py)."""
    return reader_body(article).html


@register.filter
def tr(obj, field):
    """`obj.<field>` in the current edition, marked `lang="ar"` when it falls back to Arabic.

    Names (sections, bylines, topics) fall back to Arabic on the English edition when no
    English was written; screen readers then need to know the words are Arabic (WCAG 3.1.2).
    """
    value = getattr(obj, field, "") or ""
    language = translation.get_language()
    if language != "ar" and not getattr(obj, f"{field}_{language}", None) and value:
        return format_html('<span lang="ar" dir="rtl">{}</span>', value)
    return value
