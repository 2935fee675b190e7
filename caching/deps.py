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


# Past this many stories showing one library photo, its edit renews every page rather than
# list them: 500 story pages with their sections, bylines and tags are most of the lists of
# the site anyway, and the names are bumped in one write (docs/caching.md, "A photo").
PHOTO_STORY_LIMIT = 500


def photo_uses(image_id) -> dict:
    """Where readers see library photo `image_id` through a key, which its delete sets to
    null (so this is read before it: receivers.remember_photo_uses): as the site's logo, as
    the lead photo of live stories (at most PHOTO_STORY_LIMIT + 1 of them), as a byline's
    photo."""
    from articles.models import Article
    from authors.models import Author
    from sitesettings.models import SiteSettings

    leads = Article.objects.published().filter(lead_image_id=image_id).order_by()
    return {
        "id": image_id,  # a deleted instance's pk is None
        "logo": SiteSettings.objects.filter(logo_id=image_id).exists(),
        "leads": list(leads.values_list("pk", flat=True)[: PHOTO_STORY_LIMIT + 1]),
        "authors": list(Author.objects.filter(photo_id=image_id).values_list("slug", flat=True)),
    }


def body_photo_stories(image_id, *, exclude=()) -> list[int]:
    """Live stories whose body, in any edition, holds photo `image_id`; at most
    PHOTO_STORY_LIMIT + 1 of them. From Article.body_photo_ids, which save() keeps: a LIKE
    over the bodies themselves took 2.5 s at 100,000 stories (docs/caching.md)."""
    from articles.models import Article

    stories = Article.objects.published().filter(body_photo_ids__contains=f" {int(image_id)} ")
    stories = stories.exclude(pk__in=list(exclude)).order_by()
    return list(stories.values_list("pk", flat=True)[: PHOTO_STORY_LIMIT + 1])


def photo_deps(image_id=None, uses: dict | None = None) -> set[str] | None:
    """What an edit or delete of library photo `image_id` renews; None for every page.

    The logo is on every page: None. A live story's lead photo is on its page and its card
    (the home page, its sections, bylines and tags: stories_card_deps); a photo in a body,
    on its story's page only (cards, feeds and sitemaps show no body); a byline's photo, on
    its page. More than PHOTO_STORY_LIMIT stories: None. `uses` is photo_uses() read before
    a delete; else it is read now."""
    uses = photo_uses(image_id) if uses is None else uses
    image_id = uses["id"]
    if uses["logo"]:
        return None
    leads = uses["leads"]
    if len(leads) > PHOTO_STORY_LIMIT:
        return None
    bodies = body_photo_stories(image_id, exclude=leads)
    if len(leads) + len(bodies) > PHOTO_STORY_LIMIT:
        return None
    names = stories_card_deps(leads) if leads else set()
    names |= {f"story:{pk}" for pk in bodies}
    names |= {f"list:author:{slug}" for slug in uses["authors"] if slug}
    return names


def stories_card_deps(story_ids) -> set[str]:
    """The pages that show these stories' cards and their own pages: story_deps(published=
    True) of each, less the feeds and the sitemaps (they show no photo), in four queries."""
    from articles.models import Article, ArticleAuthor, TaggedArticle
    from sections.models import Section

    ids = list(story_ids)
    names = {"list:home", *(f"story:{pk}" for pk in ids)}
    sections = {pk: (slug, parent) for pk, slug, parent
                in Section.objects.values_list("pk", "slug", "parent_id")}
    for section_id in set(Article.objects.filter(pk__in=ids).values_list("section_id", flat=True)):
        depth = 0
        while section_id in sections and depth < 10:
            slug, section_id = sections[section_id]
            names.add(f"list:section:{slug}")
            depth += 1
    bylines = ArticleAuthor.objects.filter(article_id__in=ids)
    names |= {f"list:author:{slug}" for slug in bylines.values_list("author__slug", flat=True)}
    tagged = TaggedArticle.objects.filter(content_object_id__in=ids)
    names |= {f"list:tag:{slug}" for slug in tagged.values_list("tag__slug", flat=True)}
    return names
