"""A page's own parts, rendered once per process for what they show.

`{% kept "part" %}…{% endkept %}` around the story (headline, byline, photo, body, tags,
share links) and its <head> lines (Open Graph, JSON-LD) keeps their HTML under a fingerprint
of every row they read: the story with its section and lead photo, its bylines and their
authors, its tags, the body's library photos and the site's settings with its logo; and the
language, time zone, the page's address and its editions' addresses. An edit of any of them
is a new key, so, like the cards and the chrome (caching/fragments.py), a copy is never stale
and nothing invalidates it. Previews are never kept. The story's rows are still read on every
request (three compiled queries): what this saves is the template, about half of an uncached
story page (docs/benchmarks.md, "Faster misses"). The home page's parts ("home…") are kept
the same way under every card's row (articles/cards.py), its blocks' sections and the site's
settings.
"""

from django import template
from django.utils import timezone, translation

from articles.cards import Card
from caching import fragments
from public.body import reader_body
from public.templatetags.chrome import named_block

register = template.Library()


def story_rows(article, site) -> bytes:
    """The fingerprint of everything a story's parts show, once per request."""
    values = article.__dict__
    key = values.get("_kept_key")
    if key is None:
        site = getattr(site, "_wrapped", site)
        key = values["_kept_key"] = fragments.digest(
            fragments.row(article), fragments.row(article.section),
            fragments.row(article.lead_image),
            [(fragments.row(b), fragments.row(b.author)) for b in article.bylines.all()],
            [fragments.row(tag) for tag in article.tags.all()],
            [fragments.row(image) for image in reader_body(article).images],
            fragments.row(site), fragments.row(getattr(site, "logo", None)),
        )
    return key


def home_rows(context) -> bytes | None:
    """The fingerprint of what the home page's kept parts show: every card's row (a card's
    key, articles/cards.py), the Arabic-edition cards' addresses, the section blocks'
    sections, and the site's settings (its name, digits and calendar), once per request."""
    state = context.render_context
    if "kept_home" not in state:
        site = context.get("site")
        lead = context.get("lead")
        blocks = context.get("section_blocks") or ()
        from_arabic = context.get("from_arabic") or ()
        cards = [*(() if lead is None else (lead,)), *(context.get("top_stories") or ()),
                 *(context.get("latest") or ()), *(c for _s, block in blocks for c in block),
                 *from_arabic]
        if not all(isinstance(card, Card) for card in cards):
            state["kept_home"] = None  # a story not built as a card: no row to key it by
            return None
        state["kept_home"] = fragments.digest(
            lead and lead.key, [card.key for card in context.get("top_stories") or ()],
            [card.key for card in context.get("latest") or ()],
            [(fragments.row(section), [card.key for card in block]) for section, block in blocks],
            [(card.key, getattr(card, "arabic_url", None)) for card in from_arabic],
            fragments.row(getattr(site, "_wrapped", site)),
        )
    return state["kept_home"]


class KeptNode(template.Node):
    # No {% block %} may go inside: Django looks for blocks in a base template on every
    # render, and this part's nodes need not be walked (they are kept rendered).
    child_nodelists = ()

    def __init__(self, name, nodelist):
        self.name, self.nodelist = name, nodelist

    def render(self, context):
        if self.name.startswith("home"):
            rows = home_rows(context)
            if rows is None:
                return self.nodelist.render(context)
        else:
            article = context.get("article")
            if article is None or context.get("is_preview"):
                return self.nodelist.render(context)
            rows = (article.pk, story_rows(article, context.get("site")))
        request = context.get("request")
        key = (
            "kept", self.name, rows,
            translation.get_language(), timezone.get_current_timezone_name(),
            request.get_host() if request else None, request.scheme if request else None,
            context.get("canonical_url"), tuple(map(tuple, context.get("alternate_urls") or ())),
        )
        return fragments.fragment(key, lambda: self.nodelist.render(context),
                                  fragments.PAGE_PARTS)


@register.tag
def kept(parser, token):
    """{% kept "part" %}…{% endkept %}: see the module's docstring for what may go in. A
    part named "home…" is the home page's (home_rows), any other a story page's."""
    return KeptNode(*named_block(parser, token))
