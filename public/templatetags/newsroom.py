"""Template helpers for the public site: dates in the edition's language and digits."""

from django import template
from django.conf import settings
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


def fallback_language(obj, field) -> str | None:
    """The language `obj.<field>` is shown in when it is not the edition's own: the
    modeltranslation fallback (an English name never written shows the Arabic one). None
    when the value is the edition's own, or empty."""
    if obj is None or not getattr(obj, field, None):
        return None
    language = translation.get_language()
    if getattr(obj, f"{field}_{language}", None):
        return None
    value = getattr(obj, field)
    return next(
        (code for code, _name in settings.LANGUAGES
         if code != language and getattr(obj, f"{field}_{code}", None) == value),
        None,
    )


def _direction(language: str) -> str:
    return "rtl" if translation.get_language_info(language)["bidi"] else "ltr"


@register.filter
def tr(obj, field):
    """`obj.<field>` in the current edition, marked with its language when it falls back.

    Names, captions and credits fall back to Arabic on the English edition when no English
    was written; screen readers then need to know the words are Arabic (WCAG 3.1.2), and
    the Arabic text its direction.
    """
    value = getattr(obj, field, "") or ""
    source = fallback_language(obj, field)
    if source:
        return format_html('<span lang="{}" dir="{}">{}</span>', source, _direction(source),
                           value)
    return value


@register.simple_tag
def lang_attrs(obj, field):
    """` lang="ar" dir="rtl"` for an element whose text (or alt text) `obj.<field>` is the
    fallback of another language; nothing when it is the edition's own. For an attribute
    such as alt, which cannot carry a language of its own, put it on the element."""
    source = fallback_language(obj, field)
    if not source:
        return ""
    return format_html(' lang="{}" dir="{}"', source, _direction(source))

