"""A story page's own parts, rendered once per process for what they show.

`{% kept "part" %}…{% endkept %}` around the story (headline, byline, photo, body, tags,
share links) and its <head> lines (Open Graph, JSON-LD) keeps their HTML under a fingerprint
of every row they read: the story with its section and lead photo, its bylines and their
authors, its tags, the body's library photos and the site's settings with its logo; and the
language, time zone, the page's address and its editions' addresses. An edit of any of them
is a new key, so, like the cards and the chrome (caching/fragments.py), a copy is never stale
and nothing invalidates it. Previews are never kept. The story's rows are still read on every
request (three compiled queries): what this saves is the template, about half of an uncached
story page (docs/benchmarks.md, "Faster misses").
"""

from django import template
from django.utils import timezone, translation

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


class KeptNode(template.Node):
    # No {% block %} may go inside: Django looks for blocks in a base template on every
    # render, and this part's nodes need not be walked (they are kept rendered).
    child_nodelists = ()

    def __init__(self, name, nodelist):
        self.name, self.nodelist = name, nodelist

    def render(self, context):
        article = context.get("article")
        if article is None or context.get("is_preview"):
            return self.nodelist.render(context)
        request = context.get("request")
        key = (
            "story", self.name, article.pk, story_rows(article, context.get("site")),
            translation.get_language(), timezone.get_current_timezone_name(),
            request.get_host() if request else None, request.scheme if request else None,
            context.get("canonical_url"), tuple(map(tuple, context.get("alternate_urls") or ())),
        )
        return fragments.fragment(key, lambda: self.nodelist.render(context),
                                  fragments.PAGE_PARTS)


@register.tag
def kept(parser, token):
    """{% kept "part" %}…{% endkept %}: see the module's docstring for what may go in."""
    return KeptNode(*named_block(parser, token))
