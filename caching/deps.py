"""What a readers' page shows, as dependency names (docs/caching.md): the page cache stores a
page with their versions, and a change bumps only its own (caching/receivers.py).

Names: `story:<id>`; `list:home`, `list:section:<slug>`, `list:author:<slug>`,
`list:tag:<slug>` and `lists` (every list page: an edit may take a story out of one);
`feeds`; `sitemaps`; and `any` (pagecache.ANY), moved by every change, for any page not
named here (search, about, robots, errors). Every page also depends on the global version
(the chrome: sections, site settings).
"""

from caching.pagecache import ANY

FEEDS = {"articles:feed", "articles:tag_feed", "sections:feed", "authors:feed"}
SITEMAPS = {"sitemap", "sitemap_section", "news_sitemap"}
LISTS = {"sections:detail": "section", "authors:detail": "author", "articles:tag": "tag"}
# The JSON API (api/urls.py): a story as its page, the list of stories as the home page (every
# publish, edit and due story bumps it), a filtered list as the section's, byline's or tag's
# pages. Its other endpoints (search, sections, bylines, tags, schema) declare nothing: `any`.
API_FILTERS = ("section", "author", "tag")


def page_deps(request, response) -> tuple[str, ...]:
    """The page's dependencies: `response.cache_deps` if a view set it, else from the URL
    it resolved to; ANY when unknown (the page is then renewed by every change)."""
    declared = getattr(response, "cache_deps", None)
    if declared:
        return tuple(declared)
    match = getattr(request, "resolver_match", None)
    if match is None:
        return (ANY,)
    name, kwargs = match.view_name, match.kwargs
    if name == "articles:detail" and "pk" in kwargs:
        return (f"story:{kwargs['pk']}",)
    if name == "articles:home":
        return ("list:home",)
    if name == "api:story-detail" and "pk" in kwargs:
        return (f"story:{kwargs['pk']}",)
    if name == "api:story-list":
        return api_list_deps(request.GET)
    if name in LISTS and "slug" in kwargs:
        return (f"list:{LISTS[name]}:{kwargs['slug']}", "lists")
    if name in FEEDS:
        return ("feeds",)
    if name in SITEMAPS:
        return ("sitemaps",)
    return (ANY,)


def api_list_deps(params) -> tuple[str, ...]:
    """The API's list of stories: `list:home` unfiltered; filtered, each filter's list and
    `lists` (an edit may take a story out of it), as the site's pages of the same lists."""
    filtered = [f"list:{kind}:{params[kind]}" for kind in API_FILTERS if kind in params]
    return (*filtered, "lists") if filtered else ("list:home",)


def story_deps(article, *, published: bool) -> set[str]:
    """What a change of the live (or newly published) `article` renews: its page, the home
    page, the lists it is in now (its section and the sections above, its bylines, its tags),
    the feeds and the sitemaps; after an edit also every list page (`lists`), as it may have
    left one (a section, byline or tag taken off)."""
    names = {f"story:{article.pk}", "list:home", "feeds", "sitemaps"}
    section, depth = article.section, 0
    while section is not None and depth < 10:
        names.add(f"list:section:{section.slug}")
        section, depth = (section.parent if section.parent_id else None), depth + 1
    names |= {f"list:author:{slug}" for slug in article.authors.values_list("slug", flat=True)}
    names |= {f"list:tag:{slug}" for slug in article.tags.values_list("slug", flat=True)}
    if not published:
        names.add("lists")
    return names
