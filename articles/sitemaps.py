"""Sitemaps (issue #4): `/sitemap.xml` is an index of bounded files, `/news-sitemap.xml` the
Google News sitemap of the last two days.

The index lists one section per edition of the stories (`articles` for Arabic,
`articles-en` for English), paginated at `ArticleSitemap.limit` URLs a file, and `pages`
(home, sections, about, in both editions).

Why one section per edition rather than Django's `i18n = True`: with `i18n`, Django builds
the (story, language) pairs of *every* story in Python on each request before it slices out
one file (`Sitemap._items()`). Per edition, each file is one `LIMIT/OFFSET` query, however
large the archive grows. Each story URL lists its editions as `xhtml:link` alternates, and
only when the story has more than one: an Arabic-only story has no alternates at all.

All locations are built with the language forced: these views are outside
`i18n_patterns`, so the active language says nothing about which edition a file lists.
"""

from functools import partial

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.db.models import Exists, Max, OuterRef
from django.urls import reverse
from django.utils import timezone, translation

from sections.models import Section
from sitesettings.models import SiteSettings

from .models import Article
from .views import public_articles

NEWS_DAYS = 2
# Google reads at most 1,000 URLs from a news sitemap.
NEWS_LIMIT = 1000


def _other_languages():
    return [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]


def with_editions(queryset):
    """Annotate `edition_<code>` (bool) for each language other than the default: whether
    the story exists in that edition, by the same rule as `Article.objects.in_edition()`,
    without loading the bodies."""
    return queryset.annotate(**{
        f"edition_{code}": Exists(Article.objects.in_edition(code).filter(pk=OuterRef("pk")))
        for code in _other_languages()
    })


def editions_of(article) -> list[str]:
    """The languages an article annotated by `with_editions` exists in, default first."""
    return [settings.LANGUAGE_CODE] + [
        code for code in _other_languages() if getattr(article, f"edition_{code}")
    ]


def public_in(language: str):
    """`public_articles()` of the `language` edition, with only what a sitemap prints."""
    with translation.override(language):
        stories = public_articles()
    return with_editions(
        stories.select_related(None).only("pk", "slug", "published_at", "updated_at")
    )


def path_in(article, language: str) -> str:
    with translation.override(language):
        return article.get_absolute_url()


def _w3c(moment):
    # Whole seconds: the templates print `date:"c"`, which would add microseconds.
    return timezone.localtime(moment).replace(microsecond=0)


class ArticleSitemap(Sitemap):
    """The stories of one edition, oldest first so that earlier files rarely change."""

    limit = 5000
    changefreq = "daily"

    def __init__(self, language=None):
        self.language = language or settings.LANGUAGE_CODE

    def items(self):
        return public_in(self.language).order_by("published_at", "pk")

    def location(self, item):
        return path_in(item, self.language)

    def lastmod(self, item):
        return _w3c(max(item.published_at, item.updated_at))

    def get_latest_lastmod(self):
        # One aggregate instead of Django's default, which loads every story to compare.
        latest = public_in(self.language).aggregate(
            published=Max("published_at"), updated=Max("updated_at")
        )
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
                "title": getattr(article, f"title_{language}"),
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
