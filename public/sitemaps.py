"""Sitemaps (issue #4): `/sitemap.xml` is an index of bounded files, `/news-sitemap.xml` the
Google News sitemap of the last two days.

The index lists one section per edition of the stories (`articles` for Arabic,
`articles-en` for English), split into files of `ArticleSitemap.limit` ids each, and `pages`
(home, sections, about, in both editions).

Why one section per edition rather than Django's `i18n = True`: with `i18n`, Django builds
the (story, language) pairs of *every* story in Python on each request before it slices out
one file (`Sitemap._items()`). Each story URL lists its editions as `xhtml:link` alternates,
and only when the story has more than one: an Arabic-only story has no alternates at all.

Why files by id range rather than Django's `Paginator` (issue #5, a million stories): the
paginator counts every public story for the index (`COUNT(*)`), and file N is
`LIMIT 5000 OFFSET 5000*(N-1)`, which reads and throws away every story of the files before
it. `IdRangePaginator` gives file N the stories with a primary key in
((N-1)*limit, N*limit]: one range scan of the primary key index whichever file it is, and a
number of files from one `MAX(pk)`. A story keeps its file for life, so the files before the
last rarely change (a correction, or a story published long after it was created).

All locations are built with the language forced: these views are outside
`i18n_patterns`, so the active language says nothing about which edition a file lists.
"""

from functools import cached_property, partial
from math import ceil

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.core.paginator import Paginator
from django.db.models import BooleanField, Case, Max, Value, When
from django.urls import reverse
from django.utils import timezone, translation

from articles.models import edition_condition
from core.text import xml_text
from public.views import public_articles
from sections.models import Section
from sitesettings.models import SiteSettings

NEWS_DAYS = 2
# Google reads at most 1,000 URLs from a news sitemap.
NEWS_LIMIT = 1000
# The index's <lastmod> for the stories is the latest change among this many newest stories
# (see ArticleSitemap.get_latest_lastmod).
LASTMOD_WINDOW = 200


def _other_languages():
    return [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]


def with_editions(queryset):
    """Annotate `edition_<code>` (bool) for each language other than the default: whether
    the story exists in that edition, by the same rule as `Article.objects.in_edition()`
    (`edition_condition`), read from the row itself without loading the bodies. (An
    `Exists` over the article table here made PostgreSQL hash the whole table for every
    sitemap file: 375 ms at 120,000 stories.)"""
    return queryset.annotate(**{
        f"edition_{code}": Case(When(edition_condition(code), then=Value(True)),
                                default=Value(False), output_field=BooleanField())
        for code in _other_languages()
    })


def editions_of(article) -> list[str]:
    """The languages an article annotated by `with_editions` exists in, default first."""
    return [settings.LANGUAGE_CODE] + [
        code for code in _other_languages() if getattr(article, f"edition_{code}")
    ]


def public_rows(language: str):
    """`public_articles()` of the `language` edition, without its joins."""
    with translation.override(language):
        return public_articles().select_related(None)


def public_in(language: str):
    """`public_articles()` of the `language` edition, with only what a sitemap prints."""
    return with_editions(
        public_rows(language).only("pk", "slug", "published_at", "updated_at")
    )


def path_in(article, language: str) -> str:
    with translation.override(language):
        return article.get_absolute_url()


def _w3c(moment):
    # Whole seconds: the templates print `date:"c"`, which would add microseconds.
    return timezone.localtime(moment).replace(microsecond=0)


class IdRangePaginator(Paginator):
    """Pages of a queryset by primary key range, for sitemap files that cost the same at
    any depth of the archive.

    Page N holds the rows with a pk in ((N-1)*per_page, N*per_page], in pk order: one range
    scan of the primary key index, where `Paginator` would `OFFSET` past every row of the
    pages before. There are ceil(largest pk / per_page) pages (at least one, empty when
    there is nothing to list), from one `MAX(pk)` instead of a `COUNT(*)`.

    So a page holds *at most* `per_page` rows, and a page before the last may be short or
    even empty: the ids of drafts, scheduled and unpublished stories, stories of another
    edition, and deleted stories are holes in the ranges (an empty page is an empty
    `<urlset>`, which only happens when `per_page` ids in a row are not public).
    Page 0, a page past the last and a page that is not a number raise `EmptyPage` and
    `PageNotAnInteger` as `Paginator` does (Django's sitemap view turns both into a 404).

    `count` is the one thing it does not offer: counting is the cost it exists to avoid.
    """

    @cached_property
    def count(self):
        raise NotImplementedError("An IdRangePaginator does not count its rows.")

    @cached_property
    def num_pages(self):
        last = self.object_list.order_by().aggregate(last=Max("pk"))["last"]
        return max(1, ceil((last or 0) / self.per_page))

    def page(self, number):
        number = self.validate_number(number)
        above = (number - 1) * self.per_page
        rows = self.object_list.filter(pk__gt=above, pk__lte=above + self.per_page)
        return self._get_page(rows.order_by("pk"), number, self)


class ArticleSitemap(Sitemap):
    """The stories of one edition, by id range (see `IdRangePaginator`): file N lists the
    stories with a pk in ((N-1)*limit, N*limit], so it may list fewer than `limit` stories
    (none, even) and the files before the last rarely change."""

    # 1,000 ids a file: a file is then ~600 kB and about a second of Django's time to build
    # (5,000 made 3 MB files that took 5 s: every URL is reversed in each edition). A
    # million stories make 1,000 files, far below the 50,000 an index may list.
    limit = 1000
    changefreq = "daily"

    def __init__(self, language=None):
        self.language = language or settings.LANGUAGE_CODE

    def items(self):
        return public_in(self.language).order_by("pk")

    @cached_property
    def paginator(self):
        # Cached: a sitemap is made per request (see `sitemaps` below), and the index asks
        # for `num_pages` once, a file for one page.
        return IdRangePaginator(self.items(), self.limit)

    def location(self, item):
        return path_in(item, self.language)

    def lastmod(self, item):
        return _w3c(max(item.published_at, item.updated_at))

    def get_latest_lastmod(self):
        """The index's <lastmod> for every file of this edition: the latest publication or
        change among the LASTMOD_WINDOW newest stories.

        Not `Max("updated_at")` over every public story: no index serves it with the public
        conditions, so it reads the whole archive on each request for the index. The newest
        stories by publication are one short walk of the `published_at` index. What the
        window misses is a correction to a story older than the newest LASTMOD_WINDOW, and
        only until the next story is published, which on a news site is minutes: that
        story's own <lastmod>, in its file, is exact. The index could not point crawlers at
        the file that changed anyway: Django gives every file of a section the same
        <lastmod>. Publication counts as well as change, as in `lastmod()`: a story saved
        yesterday and scheduled for an hour ago changed the site an hour ago.
        """
        newest = public_rows(self.language).order_by("-published_at", "-pk")[:LASTMOD_WINDOW]
        latest = newest.aggregate(published=Max("published_at"), updated=Max("updated_at"))
        moments = [moment for moment in latest.values() if moment]
        return _w3c(max(moments)) if moments else None

    def get_urls(self, page=1, site=None, protocol=None):
        urls = super().get_urls(page=page, site=site, protocol=protocol)
        origin = f"{self.get_protocol(protocol)}://{self.get_domain(site)}"
        for url in urls:
            languages = editions_of(url["item"])
            if len(languages) > 1:
                url["alternates"] = [
                    {"lang_code": code, "location": origin + path_in(url["item"], code)}
                    for code in languages
                ]
        return urls


class PageSitemap(Sitemap):
    """Home, each active section and the About page, in every edition."""

    i18n = True
    alternates = True
    changefreq = "hourly"

    def items(self):
        slugs = Section.objects.active().values_list("slug", flat=True)
        return [
            ("articles:home", None),
            *(("sections:detail", {"slug": slug}) for slug in slugs),
            ("articles:about", None),
        ]

    def location(self, item):
        view_name, kwargs = item
        return reverse(view_name, kwargs=kwargs)

    def priority(self, item):
        return 1.0 if item[0] == "articles:home" else 0.5


class NewsSitemap(Sitemap):
    """Stories published in the last two days, in each edition they exist in, newest first.

    Each URL carries its `news:news` block (see templates/seo/news_sitemap.xml).
    """

    i18n = True
    limit = NEWS_LIMIT

    def items(self):
        since = timezone.now() - timezone.timedelta(days=NEWS_DAYS)
        titles = [f"title_{code}" for code, _name in settings.LANGUAGES]
        return list(
            public_in(settings.LANGUAGE_CODE)
            .only("pk", "slug", "published_at", "updated_at", *titles)
            .filter(published_at__gte=since)
            .order_by("-published_at", "-pk")[:NEWS_LIMIT]
        )

    def get_languages_for_item(self, item):
        return editions_of(item)

    def get_urls(self, page=1, site=None, protocol=None):
        urls = super().get_urls(page=page, site=site, protocol=protocol)
        site_settings = SiteSettings.load()
        names = {}
        for url in urls:
            article, language = url["item"]
            if language not in names:
                with translation.override(language):
                    names[language] = site_settings.site_name
            url["news"] = {
                "publication_name": names[language],
                "language": language,
                "publication_date": _w3c(article.published_at),
                "title": xml_text(getattr(article, f"title_{language}")),
            }
        return urls


# Callables, not instances: Django's views then make a fresh sitemap per request (a
# sitemap keeps the `latest_lastmod` of the page it just listed on itself).
sitemaps = {
    "articles": partial(ArticleSitemap, settings.LANGUAGE_CODE),
    **{f"articles-{code}": partial(ArticleSitemap, code) for code in _other_languages()},
    "pages": PageSitemap,
}
news_sitemaps = {"news": NewsSitemap}
