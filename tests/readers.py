"""Where readers can meet a story, and one pair of checks over all of it: a story is hidden
from readers (no page, listing, feed or sitemap shows it) or shown to them (every one does).

Shared by the readers' tests and the desk's: a story the desk has not released must be
nowhere a reader looks, whatever made it so. Use an anonymous client; the page cache may be
on (the checks read the response bodies, not the views' context alone).
"""

import re
from math import ceil

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape

from articles.models import Article, Status
from public.sitemaps import NEWS_DAYS, ArticleSitemap

LANGUAGES = tuple(code for code, _name in settings.LANGUAGES)
# Where a reader meets a story, by name; each name stands for one address or several (a
# story with two bylines has two author pages).
LISTINGS = ("home", "section", "author", "tag")
FEEDS = ("feed", "section-feed", "author-feed", "tag-feed")
SITEMAPS = ("sitemap", "news-sitemap")
PLACES = ("article", *LISTINGS, *FEEDS, *SITEMAPS)
# The JSON API (api/): the story, the list of stories unfiltered and filtered by the story's
# section, byline and tag, and a search for its headline. Not in PLACES: ask for them.
API_PLACES = ("api-story", "api-stories", "api-section", "api-author", "api-tag", "api-search")


def english(title="A story in English") -> dict:
    """The fields that give a story an English edition."""
    return {"title_en": title, "body_en": "<p>Text.</p>", "summary_en": f"Summary: {title}"}


def path_of(obj, language: str | None = None) -> str:
    """`obj`'s address in the `language` edition (the default one unless given), whatever
    language a request left active."""
    with translation.override(language or settings.LANGUAGE_CODE):
        return obj.get_absolute_url()


def place(placement: dict, **fields) -> Article:
    """A story in `placement`'s section, with its byline and tag (a dict of the three), so the
    section, author and tag pages of a test are the same for all its stories."""
    from tests.factories import ArticleFactory

    article = ArticleFactory(
        section=placement["section"], bylines=[placement["author"]], **fields
    )
    article.tags.add(placement["tag"])
    return article


def reader_urls(article: Article, language: str, places=PLACES) -> list[tuple[str, str]]:
    """[(place, address)] where a reader of the `language` edition could meet `article`."""
    sections = [s for s in (article.section, article.section.parent) if s and s.is_active]
    subjects = {
        "section": sections,
        "author": list(article.authors.all()),
        "tag": list(article.tags.all()),
    }
    urls = []
    with translation.override(language):
        for name in places:
            if name == "article":
                urls.append((name, article.get_absolute_url()))
            elif name == "home":
                urls.append((name, reverse("articles:home")))
            elif name == "feed":
                urls.append((name, reverse("articles:feed")))
            elif name in subjects:
                urls += [(name, subject.get_absolute_url()) for subject in subjects[name]]
            elif name.endswith("-feed"):
                kind = name.removesuffix("-feed")
                urls += [(name, f"{s.get_absolute_url()}feed/") for s in subjects[kind]]
            elif name == "sitemap":
                urls.append((name, sitemap_file_of(article, language)))
            elif name == "news-sitemap":
                urls.append((name, reverse("news_sitemap")))
            elif name.startswith("api-"):
                urls += _api_urls(article, language, name, subjects)
            else:
                raise ValueError(f"no such place for readers: {name}")
    return urls


def _api_urls(article, language, name, subjects) -> list[tuple[str, str]]:
    """The API's addresses of `name` (API_PLACES) for `article` in the `language` edition."""
    from urllib.parse import urlencode

    lang = {"lang": language}
    if name == "api-story":
        path = reverse("api:story-detail", kwargs={"pk": article.pk})
        return [(name, f"{path}?{urlencode(lang)}")]
    if name == "api-stories":
        return [(name, f"{reverse('api:story-list')}?{urlencode(lang)}")]
    if name == "api-search":
        words = getattr(article, f"title_{language}") or article.title_ar
        return [(name, f"{reverse('api:search')}?{urlencode({'q': words, **lang})}")]
    kind = name.removeprefix("api-")
    return [
        (name, f"{reverse('api:story-list')}?{urlencode({kind: subject.slug, **lang})}")
        for subject in subjects[kind]
    ]


def sitemap_file_of(article: Article, language: str) -> str:
    """The sitemap file of the `language` edition whose id range holds `article`."""
    edition = "articles" if language == settings.LANGUAGE_CODE else f"articles-{language}"
    page = ceil(article.pk / ArticleSitemap(language).limit)
    return f"/sitemap-{edition}.xml?p={page}"


def assert_hidden_from_readers(client, article: Article, *, languages=LANGUAGES,
                               places=PLACES) -> list[str]:
    """No page, listing, feed or sitemap of any edition shows `article`: no link to it, not
    its headline; its own address answers 404 (410 once unpublished) and a guessed slug does
    not redirect to it. Returns the addresses it read."""
    article.refresh_from_db()
    headlines = [h for h in (getattr(article, f"title_{c}", "") for c in LANGUAGES) if h]
    gone = 410 if article.status == Status.UNPUBLISHED else 404
    read = []
    for language in languages:
        for name, url in reader_urls(article, language, places):
            if url in read:
                continue
            read.append(url)
            response = client.get(url)
            if name == "api-story":
                assert response.status_code == gone, (url, response.status_code, gone)
            elif name.startswith("api-"):
                # A list filtered by a byline or tag that only hidden stories carry is a 404:
                # the API does not say such a byline or tag exists.
                assert response.status_code in (200, 404), (url, response.status_code)
            elif name == "article":
                _assert_no_page(response, url, gone)
                with translation.override(language):
                    guess = reverse("articles:detail", kwargs={"pk": article.pk, "slug": "guess"})
                _assert_no_page(client.get(guess), guess, gone)
            else:
                # A sitemap file past the last public id does not exist: nothing to show.
                allowed = (200, 404) if name == "sitemap" else (200,)
                assert response.status_code in allowed, (url, response.status_code)
                context = response.context or {}
                if "articles" in context:
                    shown = [story.pk for story in context["articles"]]
                    assert article.pk not in shown, f"{url} lists story {article.pk}"
            body = response.content.decode()
            assert f"/article/{article.pk}/" not in body, f"{url} links to story {article.pk}"
            for headline in headlines:
                assert headline not in body and escape(headline) not in body, (
                    f"{url} shows the headline {headline!r}"
                )
    return read


def assert_shown_to_readers(client, article: Article, *, languages=None,
                            places=PLACES) -> list[str]:
    """Every page, listing, feed and sitemap of each edition the story exists in (or of
    `languages`) links to `article`, and its page answers with its headline. A place that
    lists only the newest stories (home, feeds, a listing's first page) must have it among
    them; the news sitemap is asked only in its first NEWS_DAYS. Returns the addresses read."""
    article.refresh_from_db()
    if languages is None:
        languages = [code for code in LANGUAGES if article.has_edition(code)]
    since = timezone.now() - timezone.timedelta(days=NEWS_DAYS)
    recent = article.published_at is not None and article.published_at >= since
    read = []
    for language in languages:
        link = _link_in_edition(article, language)
        for name, url in reader_urls(article, language, places):
            if name == "news-sitemap" and not recent:
                continue
            read.append(url)
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
            body = response.content.decode()
            assert link.search(body), f"{url} does not link to story {article.pk} ({language})"
            if name in ("article", "api-story"):
                headline = getattr(article, f"title_{language}")
                assert escape(headline) in body, f"{url} does not show {headline!r}"
    return read


def _assert_no_page(response, url, status):
    assert response.status_code == status, (url, response.status_code, status)
    assert "Location" not in response, f"{url} redirects to {response['Location']}"
    body = response.content.decode()
    assert "application/ld+json" not in body and "og:title" not in body, (
        f"{url} describes a story to search engines"
    )


def _link_in_edition(article, language) -> re.Pattern:
    """A link to the story's address in the `language` edition, relative or absolute."""
    others = "".join(rf"(?<!/{re.escape(code)})" for code in LANGUAGES if code != language)
    prefix = "" if language == settings.LANGUAGE_CODE else f"/{language}"
    return re.compile(rf"{others}{re.escape(prefix)}/article/{article.pk}/")
