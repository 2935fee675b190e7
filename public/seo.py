"""What search engines and social networks read: a story's OpenGraph, Twitter card and
schema.org `NewsArticle` data, robots.txt and /favicon.ico.

The JSON-LD is built here as a dict and serialised once by `json_for_script`, so no template
assembles JSON from strings (docs/architecture-notes.md, "SEO data").
"""

import functools
import json
from dataclasses import dataclass

from django.conf import settings
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.http import require_GET

from core.digits import arabic_indic_text, uses_arabic_indic
from public.body import reader_body

# OpenGraph wants a territory with the language.
OG_LOCALES = {"ar": "ar_AR", "en": "en_US"}
# Facebook and X show large previews from 1200 pixels wide; the ladder's next step is 1280.
SOCIAL_IMAGE_WIDTH = 1200
# Google asks for a publisher logo at least 112 pixels wide; a rendition this wide is plenty.
LOGO_WIDTH = 600

# Inside <script>, "</script>" or "<!--" in a headline would end or derail the element. JSON
# allows any character to be written as \uXXXX, so these three are, and parsers read them back.
_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


@dataclass(frozen=True)
class SocialImage:
    """One picture as social networks and schema.org describe it: absolute URL and size."""

    url: str
    width: int
    height: int
    alt: str = ""
    mime_type: str = ""


@dataclass(frozen=True)
class ArticleHead:
    """Everything templates/articles/_article_meta.html prints that the article lacks."""

    url: str
    locale: str
    locale_alternates: list[str]
    published_time: str
    modified_time: str
    image: SocialImage | None
    json_ld: SafeString


def article_head(request, article, *, site, canonical_url=None, alternate_urls=()) -> ArticleHead:
    """The story page's social and structured data, in the edition being served.

    `alternate_urls` ([(language, url)], from ArticleDetailView) lists the editions the story
    exists in; the others become og:locale:alternate. Reads only what the page has already
    loaded (bylines, tags, section, lead image, the body's photos), plus the site's logo.
    """
    language = translation.get_language()
    url = canonical_url or request.build_absolute_uri(article.get_absolute_url())
    photo, caption = share_photo(article)
    image = social_image(request, photo) if photo else None
    data = news_article_data(request, article, site=site, url=url, image=image,
                             photo=photo, caption=caption)
    return ArticleHead(
        url=url,
        locale=OG_LOCALES.get(language, language),
        locale_alternates=[
            OG_LOCALES.get(code, code) for code, _url in alternate_urls if code != language
        ],
        published_time=data["datePublished"],
        modified_time=data["dateModified"],
        image=image,
        json_ld=json_for_script(data),
    )


def share_photo(article):
    """(library photo, caption) that stands for the story when it is shared: the lead image,
    else the first photo of the body (its query shared with the body's, public/body.py);
    (None, "") when the story has neither."""
    if article.lead_image_id:
        return article.lead_image, article.lead_caption
    images = reader_body(article).images
    if images:
        return images[0], images[0].caption
    return None, ""


def news_article_data(request, article, *, site, url, image=None, photo=None,
                      caption="") -> dict:
    """The schema.org `NewsArticle` of a published story, as a dict ready for JSON.

    Bylines of people are `Person`s, the outlet's and agencies' are `Organization`s; a story
    with no byline is credited to the publisher. A correction is a `CorrectionComment`.
    """
    publisher = publisher_data(request, site)
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.title,
        "description": article.description,
        "url": url,
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "inLanguage": translation.get_language(),
        "datePublished": iso_datetime(article.published_at),
        "dateModified": iso_datetime(modified_at(article)),
        "author": [byline_data(request, byline.author) for byline in article.bylines.all()]
        or [publisher],
        "publisher": publisher,
        "articleSection": article.section.name,
    }
    if not data["description"]:
        del data["description"]
    keywords = [tag.name for tag in article.tags.all()]
    if keywords:
        data["keywords"] = keywords
    if image:
        data["image"] = image_object(image, caption=caption,
                                     credit=photo.credit if photo else "")
    if article.correction_note:
        correction = {"@type": "CorrectionComment", "text": article.correction_note}
        if article.corrected_at:
            correction["datePublished"] = iso_datetime(article.corrected_at)
        data["correction"] = correction
    if uses_arabic_indic(site):
        reader_digits(data)
    return data


def reader_digits(data: dict) -> None:
    """The human fields of the `NewsArticle` with Arabic-Indic digits, as the page's text
    has them (core/digits.py); URLs, dates (ISO 8601) and sizes as they are."""
    for name in ("headline", "description", "articleSection"):
        if data.get(name):
            data[name] = arabic_indic_text(data[name])
    if data.get("keywords"):
        data["keywords"] = [arabic_indic_text(word) for word in data["keywords"]]
    correction = data.get("correction")
    if correction:
        correction["text"] = arabic_indic_text(correction["text"])


def publisher_data(request, site) -> dict:
    """The outlet as an `Organization`: its name, home page and, if it has one, its logo."""
    home = request.build_absolute_uri(reverse("articles:home"))
    publisher = {"@type": "Organization", "name": site.site_name, "url": home}
    if site.logo_id:
        logo = social_image(request, site.logo, width=LOGO_WIDTH)
        if logo:
            publisher["logo"] = image_object(logo)
    return publisher


def byline_data(request, author) -> dict:
    data = {
        "@type": "Person" if author.is_person else "Organization",
        "name": author.name,
        "url": request.build_absolute_uri(author.get_absolute_url()),
    }
    if author.is_person and author.job_title:
        data["jobTitle"] = author.job_title
    return data


def image_object(image: SocialImage, *, caption: str = "", credit: str = "") -> dict:
    data = {"@type": "ImageObject", "url": image.url, "width": image.width,
            "height": image.height}
    if caption:
        data["caption"] = caption
    if credit:
        data["creditText"] = credit
    return data


def social_image(request, image, *, width: int = SOCIAL_IMAGE_WIDTH) -> SocialImage | None:
    """The library photo's rendition closest above `width` (else its widest), absolute.

    The size is worked out from the row, as images.renditions makes it, so nothing is opened.
    An image without renditions is offered as its stored original.
    """
    if image.rendition_widths:
        widths = sorted(image.rendition_widths)
        chosen = next((w for w in widths if w >= width), widths[-1])
        height = max(1, round(image.height * chosen / image.width)) if image.width else 0
        url, mime_type = image.rendition_url(chosen), "image/webp"
    elif image.file:
        chosen, height, url, mime_type = image.width, image.height, image.file.url, ""
    else:
        return None
    return SocialImage(
        url=request.build_absolute_uri(url), width=chosen, height=height,
        alt=image.alt_text, mime_type=mime_type,
    )


def json_for_script(data) -> SafeString:
    """`data` as JSON that is safe between <script> and </script>, Arabic left readable."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return mark_safe(text.translate(_SCRIPT_ESCAPES))


def modified_at(article):
    """When the story last changed for readers: the "Updated" time the page shows
    (Article.updated_for_readers), else its publication."""
    return article.updated_for_readers or article.published_at


def iso_datetime(moment) -> str:
    """ISO 8601 with the site's UTC offset and whole seconds, e.g. 2026-03-01T09:30:00+03:00."""
    return timezone.localtime(moment).isoformat(timespec="seconds")


@require_GET
def robots_txt(request):
    """Crawlers: keep out of the desk and the previews; here are the two sitemaps."""
    private = ["/admin/", "/preview/"] + [
        f"/{code}/preview/" for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE
    ]
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in private), ""]
    lines += [
        f"Sitemap: {request.build_absolute_uri(reverse(name))}"
        for name in ("sitemap", "news_sitemap")
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


FAVICON = settings.BASE_DIR / "static" / "icons" / "favicon.ico"


@functools.cache
def _favicon_bytes() -> bytes:
    return FAVICON.read_bytes()


def favicon_ico(request):
    """/favicon.ico, which browsers ask for whatever the page links: the committed icon
    (scripts/make_icons.py), kept a day by browsers and the front, never a 404."""
    response = HttpResponse(_favicon_bytes(), content_type="image/x-icon")
    response["Cache-Control"] = "public, max-age=86400"
    return response
