"""Template tags for what search engines and feed readers read; the work is in public/seo.py."""

from django import template
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html

from public import seo
from public.feeds import channel_title

register = template.Library()

# Listing pages that have a feed of their own: page view -> (feed view, context variable).
PAGE_FEEDS = {
    "sections:detail": ("sections:feed", "section"),
    "authors:detail": ("authors:feed", "author"),
    "articles:tag": ("articles:tag_feed", "tag"),
}


@register.simple_tag(takes_context=True)
def article_head(context, article):
    """`{% article_head article as head %}`: OpenGraph values and the JSON-LD of a story."""
    return seo.article_head(
        context["request"], article, site=context["site"],
        canonical_url=context.get("canonical_url"),
        alternate_urls=context.get("alternate_urls") or (),
    )


@register.simple_tag(takes_context=True)
def page_feed_link(context):
    """The feed autodiscovery <link> of a section, author or tag page; nothing elsewhere."""
    request = context.get("request")
    match = getattr(request, "resolver_match", None)
    if match is None or match.view_name not in PAGE_FEEDS:
        return ""
    feed_view, subject_name = PAGE_FEEDS[match.view_name]
    subject = context.get(subject_name)
    if subject is None:  # e.g. the 404 page of an unknown section: no feed either
        return ""
    try:
        href = reverse(feed_view, kwargs={"slug": match.kwargs["slug"]})
    except (KeyError, NoReverseMatch):
        return ""
    title = channel_title(context["site"], subject)
    # On a line of its own after the site feed's <link>, which it follows in base.html.
    return format_html(
        '\n  <link rel="alternate" type="application/rss+xml" title="{}" href="{}">', title, href
    )
