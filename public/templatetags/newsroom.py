"""Template helpers for the public site: dates in the edition's language and digits."""

from django import template
from django.conf import settings
from django.utils import translation
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from core.dates import separator
from core.digits import arabic_indic, arabic_indic_html, uses_arabic_indic
from core.memo import local_dates
from public.body import reader_body

register = template.Library()


def date_style(site) -> dict[str, str]:
    """The site's calendar and month names (SiteSettings.date_style); Gregorian without one."""
    return site.date_style if site else {}


def _digits(text: str, context) -> str:
    return arabic_indic(text) if uses_arabic_indic(context.get("site")) else text


@register.simple_tag(takes_context=True)
def time_tag(context, moment, fmt="DATETIME_FORMAT"):
    """<time datetime="ISO">the date in the site's time zone and the edition's language</time>.

    The calendar (Gregorian, Hijri or both) and the Gregorian months' names follow the site
    settings (core/dates.py), and so do the digits on the Arabic edition; the datetime
    attribute stays ISO 8601.
    """
    if not moment:
        return ""
    iso, texts = local_dates(moment, fmt, **date_style(context.get("site")))
    # One <time> per calendar: each keeps its words together (.meta time is nowrap), and a
    # narrow card may break the line between them.
    return format_html_join(
        separator(), '<time datetime="{}">{}</time>', ((iso, _digits(t, context)) for t in texts)
    )


@register.simple_tag(takes_context=True)
def body_html(context, article):
    """The story's body with its library photos served from their renditions (public/body.py),
    its text's digits Arabic-Indic when the site writes them (core/digits.py: never in
    addresses, code or Latin words; converted once per story version and process)."""
    html = reader_body(article).html
    if uses_arabic_indic(context.get("site")):
        return mark_safe(arabic_indic_html(html))
    return html


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

