"""The masthead's date line: today in the site's time zone and the edition's language.

Pages are cached; the page cache keys each page on the local date too (caching/pagecache.py,
`page_key`), so after midnight no reader gets yesterday's date from the cache.
"""

from django import template
from django.utils import formats, timezone, translation
from django.utils.html import format_html, format_html_join

from public.templatetags.newsroom import _digits

register = template.Library()

# "الجمعة 4 ديسمبر 2026" / "Friday, 4 December 2026".
MASTHEAD_FORMATS = {"ar": "l j F Y", "en": "l, j F Y"}


def masthead_dates(today) -> list[tuple[str, str]]:
    """(ISO date, text) of each calendar the masthead shows, in order.

    The Gregorian date only for now; the Hijri date is to be appended here once a site
    setting says whether (and how) to show it.
    """
    fmt = MASTHEAD_FORMATS.get(translation.get_language(), MASTHEAD_FORMATS["en"])
    return [(today.isoformat(), formats.date_format(today, fmt))]


@register.simple_tag(takes_context=True)
def masthead_date(context):
    """<p class="masthead-date"><time datetime="YYYY-MM-DD">today</time></p>, with the
    Arabic edition's digits as the site setting says."""
    dates = masthead_dates(timezone.localdate())
    times = format_html_join(
        " · ", '<time datetime="{}">{}</time>',
        ((iso, _digits(text, context)) for iso, text in dates),
    )
    return format_html('<p class="masthead-date">{}</p>', times)
