"""A card's photo, sized and loaded for the slot the card fills on its page."""

from django import template
from django.template.loader import get_template
from django.utils import timezone, translation
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from articles.cards import Card
from caching import fragments

register = template.Library()

# The width a card's photo takes in each slot, as `sizes` (the first matching condition
# wins), from static/css/site.css: <main> is at most 72rem wide with 1rem of padding a side;
# the lead takes 2fr of a 2fr 1fr grid (1.5rem gap) from 64rem, the whole width below; top
# stories, and section blocks on a phone, have a thumbnail beside the headline; lists and
# section blocks are 2 columns from 48rem and 4 from 64rem (1rem gaps). Slots not named
# here show no photo.
SLOT_SIZES = {
    "lead": (
        "(min-width: 72rem) 45.7rem, (min-width: 64rem) calc((100vw - 3.5rem) * 2 / 3), "
        "calc(100vw - 2rem)"
    ),
    "top": "(min-width: 64rem) 7rem, 6rem",
    "block": (
        "(min-width: 72rem) 16.75rem, (min-width: 64rem) calc(25vw - 1.25rem), "
        "(min-width: 48rem) calc(50vw - 1.5rem), 6rem"
    ),
    "list": (
        "(min-width: 72rem) 16.75rem, (min-width: 64rem) calc(25vw - 1.25rem), "
        "(min-width: 48rem) calc(50vw - 1.5rem), calc(100vw - 2rem)"
    ),
}


@register.simple_tag
def card_image(article, slot, eager=False):
    """The <img> of `article`'s lead photo for a card in `slot`, or nothing.

    The lead's photo is the page's one high-priority image; a list's first photo (`eager`)
    loads at once, as it is near the top; every other photo is lazy, as it is below the first
    screen or small.
    """
    image = article.lead_image
    if image is None or slot not in SLOT_SIZES:
        return ""
    if slot == "lead":
        loading = mark_safe(' fetchpriority="high"')
    elif eager and slot == "list":
        loading = ""
    else:
        loading = mark_safe(' loading="lazy" decoding="async"')
    return format_html(
        '<img src="{}" srcset="{}" sizes="{}" width="{}" height="{}" alt="" class="focal {}"{}>',
        image.src, image.srcset, SLOT_SIZES[slot], image.width, image.height,
        image.focal_classes, loading,
    )


@register.simple_tag(takes_context=True)
def card(context, article, slot="", heading_level=2, first=False, hide_section=False,
         in_arabic=False, compact=False, show_image=False):
    """A story card (templates/articles/_card.html, whose comment says what each argument
    does; `first`: the card is its list's first). A card built by articles/cards.py is
    rendered once per process for what it shows (caching/fragments.py)."""
    return _card(context, _page_key(context), article, slot, heading_level, first,
                 hide_section, in_arabic, compact, show_image)


@register.simple_tag(takes_context=True)
def cards(context, articles, item="", **options):
    """`{% card %}` for each story of `articles`, the first with `first=True`, each inside
    `<item>` when one is named ("li"): a list in one tag, its page's part of the cards' key
    worked out once."""
    if item not in ("", "li"):
        raise template.TemplateSyntaxError(f"{{% cards %}}: item={item!r} is not li")
    page = _page_key(context)
    rendered = [
        _card(context, page, article, first=position == 0, **options)
        for position, article in enumerate(articles or ())
    ]
    if item:
        return format_html_join("", "<li>{}</li>", ((html,) for html in rendered))
    return mark_safe("".join(rendered))


def _page_key(context) -> tuple:
    """What every card of a page shares in its key: the edition's language, time zone,
    digits, calendar and month names."""
    site = context.get("site")
    return (
        translation.get_language(), timezone.get_current_timezone_name(),
        getattr(site, "digits", None), getattr(site, "calendar", None),
        getattr(site, "month_names", None),
    )


def _card(context, page, article, slot="", heading_level=2, first=False, hide_section=False,
          in_arabic=False, compact=False, show_image=False):
    def render():
        return mark_safe(get_template("articles/_card.html").render({
            "article": article, "slot": slot, "heading_level": heading_level,
            "forloop": {"first": first}, "hide_section": hide_section,
            "in_arabic": in_arabic, "compact": compact, "show_image": show_image,
            "site": context.get("site"),
        }))

    if not isinstance(article, Card):
        return render()
    key = (
        article.key, slot, heading_level, bool(first), bool(hide_section), bool(in_arabic),
        bool(compact), bool(show_image), page,
    )
    return fragments.fragment(key, render)
