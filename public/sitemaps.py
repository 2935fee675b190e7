"""Sitemaps: `/sitemap.xml` indexes bounded files of each edition's stories and of the site's
pages, `/news-sitemap.xml` is the Google News sitemap of the last two days.

Story files cover primary-key ranges, one sitemap section per edition, so no file costs more
as the archive grows. Locations are built with the language forced, because these views are
outside `i18n_patterns`. Why: docs/architecture-notes.md, "Sitemaps".
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
from caching import content
from core.text import xml_text
from public.views import public_articles
from sections.models import Section

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
    the story exists in that edition, by `edition_condition`, read from the row itself.

    Not an `Exists` over the article table (docs/benchmarks.md, "Sitemaps").
    """
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
    """Pages of a queryset by primary-key range: page N holds the rows with a pk in
    ((N-1)*per_page, N*per_page], one range scan at any depth, and the page count is one
    `MAX(pk)`.

    A page may therefore be short or empty (ids that are not public are holes), and `count`
    is not offered: counting is the cost it exists to avoid.
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
    """The stories of one edition, `limit` ids a file (see `IdRangePaginator`), so a story
    keeps its file for life and the files before the last rarely change."""

    changefreq = "daily"

    def __init__(self, language=None):
        self.language = language or settings.LANGUAGE_CODE
        # Ids per file, not stories: every URL is reversed in each edition, so this bounds a
        # file's size and build time (docs/benchmarks.md, "Sitemaps"). Read per request.
        self.limit = settings.NEWSROOM_SITEMAP_IDS_PER_FILE

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

        One short walk of the `published_at` index rather than `Max("updated_at")` over the
        archive; what the window misses is exact in the story's own file (see
        docs/architecture-notes.md, "Sitemaps").
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
        site_settings = content.site_settings()
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
