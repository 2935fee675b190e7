"""The masthead's date line: today in the site's time zone and the edition's language.

Pages are cached; the page cache keys each page on the local date too (caching/pagecache.py,
`page_key`), so after midnight no reader gets yesterday's date from the cache.
"""

from django import template
from django.utils import timezone, translation
from django.utils.html import format_html, format_html_join

from core.dates import calendar_texts, separator
from public.templatetags.newsroom import _digits, date_style

register = template.Library()

# "الجمعة 4 ديسمبر 2026" / "Friday, 4 December 2026".
MASTHEAD_FORMATS = {"ar": "l j F Y", "en": "l, j F Y"}


def masthead_dates(today, site=None) -> list[tuple[str, str]]:
    """(ISO date, text) of each calendar the masthead shows, in order: the Gregorian date,
    the Hijri (Umm al-Qura) one or both, as the site setting says (core/dates.py). The ISO
    date is the Gregorian one for both: it is the machine's, in a datetime attribute."""
    fmt = MASTHEAD_FORMATS.get(translation.get_language(), MASTHEAD_FORMATS["en"])
    texts = calendar_texts(today, fmt, **date_style(site))
    return [(today.isoformat(), text) for text in texts]


@register.simple_tag(takes_context=True)
def masthead_date(context):
    """<p class="masthead-date"><time datetime="YYYY-MM-DD">today</time></p>, with the
    Arabic edition's digits as the site setting says. A second calendar's date comes with
    its separator in a span of its own, so a narrow header breaks the line before it."""
    (first, *others) = [
        format_html('<time datetime="{}">{}</time>', iso, _digits(text, context))
        for iso, text in masthead_dates(timezone.localdate(), context.get("site"))
    ]
    rest = format_html_join(
        "", ' <span class="masthead-other">{}{}</span>', ((separator().lstrip(), t) for t in others)
    )
    return format_html('<p class="masthead-date">{}{}</p>', first, rest)
