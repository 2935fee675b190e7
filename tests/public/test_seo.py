"""The story page's <head>: OpenGraph, Twitter card and schema.org NewsArticle JSON-LD."""

import json
import re
from datetime import datetime
from html.parser import HTMLParser

import pytest
from django.utils import timezone

from authors.models import Author
from images import services as image_services
from public.seo import json_for_script
from sitesettings.models import SiteSettings
from tests.factories import ArticleFactory, AuthorFactory, TagFactory
from tests.public.helpers import photo
from tests.readers import english, path_of

pytestmark = pytest.mark.django_db

ORIGIN = "http://testserver"


class HeadParser(HTMLParser):
    """<meta> tags of the page as (property or name, content), and JSON-LD script bodies."""

    def __init__(self):
        super().__init__()
        self.meta, self.json_ld, self._in_json = [], [], False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta" and ("property" in attrs or "name" in attrs):
            self.meta.append((attrs.get("property") or attrs["name"], attrs.get("content")))
        self._in_json = tag == "script" and attrs.get("type") == "application/ld+json"
        if self._in_json:
            self.json_ld.append("")

    def handle_data(self, data):
        if self._in_json:
            self.json_ld[-1] += data

    def handle_endtag(self, tag):
        self._in_json = False


def read_head(client, url) -> HeadParser:
    response = client.get(url)
    assert response.status_code == 200, url
    parser = HeadParser()
    parser.feed(response.content.decode())
    return parser


def meta_of(parser) -> dict[str, list[str]]:
    found = {}
    for key, content in parser.meta:
        found.setdefault(key, []).append(content)
    return found


def news_article(parser) -> dict:
    documents = [json.loads(text) for text in parser.json_ld]
    (article,) = [d for d in documents if d.get("@type") == "NewsArticle"]
    return article


@pytest.fixture
def story(db):
    author = AuthorFactory(name_ar="سارة علي", name_en="Sara Ali", job_title_ar="مراسلة")
    agency = AuthorFactory(name_ar="وكالات", name_en="Agencies", kind=Author.Kind.AGENCY)
    story = ArticleFactory(
        published=True, title_ar="البرلمان يحدد موعد الجلسة", summary_ar="ملخص الخبر.",
        bylines=[author, agency], lead_image=photo(credit_ar="مصور الأمصار"),
        **english("Parliament sets the date"),
    )
    story.tags.add(TagFactory(name_ar="البرلمان", name="البرلمان"), TagFactory())
    return story


class TestNewsArticleJsonLd:
    def test_has_the_properties_search_engines_require(self, client, story):
        data = news_article(read_head(client, path_of(story)))

        url = f"{ORIGIN}{path_of(story)}"
        assert data["@context"] == "https://schema.org"
        assert data["headline"] == "البرلمان يحدد موعد الجلسة"
        assert data["description"] == "ملخص الخبر."
        assert data["inLanguage"] == "ar"
        assert data["mainEntityOfPage"] == {"@type": "WebPage", "@id": url}
        assert data["articleSection"] == story.section.name_ar
        assert data["keywords"] == [tag.name for tag in story.tags.all()]
        published = datetime.fromisoformat(data["datePublished"])
        assert published == story.published_at.replace(microsecond=0)
        assert datetime.fromisoformat(data["dateModified"]) >= published
        assert data["publisher"]["@type"] == "Organization"
        assert data["publisher"]["name"] == SiteSettings.load().site_name
        assert "logo" not in data["publisher"]

    def test_people_are_persons_and_agencies_organisations(self, client, story):
        data = news_article(read_head(client, path_of(story)))

        person, agency = data["author"]
        assert person["@type"] == "Person"
        assert person["name"] == "سارة علي"
        assert person["jobTitle"] == "مراسلة"
        assert person["url"].startswith(f"{ORIGIN}/author/")
        assert agency == {"@type": "Organization", "name": "وكالات",
                          "url": f"{ORIGIN}{path_of(agency_of(story))}"}

    def test_story_without_byline_is_credited_to_the_publisher(self, client):
        story = ArticleFactory(published=True)

        data = news_article(read_head(client, path_of(story)))

        assert data["author"] == [data["publisher"]]

    def test_lead_image_is_an_absolute_image_object_with_its_size(self, client, story):
        data = news_article(read_head(client, path_of(story)))

        image = data["image"]
        assert image["@type"] == "ImageObject"
        assert image["url"] == f"{ORIGIN}{story.lead_image.rendition_url(1280)}"
        assert (image["width"], image["height"]) == (1280, 720)
        assert image["creditText"] == "مصور الأمصار"

    def test_no_image_without_a_lead_image(self, client):
        story = ArticleFactory(published=True)

        assert "image" not in news_article(read_head(client, path_of(story)))

    def test_publisher_logo_comes_from_the_site_settings(self, client, story):
        site = SiteSettings.load()
        site.logo = photo(size=(400, 100), alt_text_ar="شعار الأمصار")
        site.save()

        logo = news_article(read_head(client, path_of(story)))["publisher"]["logo"]

        assert logo == {"@type": "ImageObject", "url": f"{ORIGIN}{site.logo.rendition_url(600)}",
                        "width": 400, "height": 100}

    def test_correction_is_a_correction_comment(self, client, story):
        story.correction_note_ar = "صُحّح اسم الوزير."
        story.corrected_at = timezone.now()
        story.save()

        data = news_article(read_head(client, path_of(story)))

        assert data["correction"]["@type"] == "CorrectionComment"
        assert data["correction"]["text"] == "صُحّح اسم الوزير."
        corrected = datetime.fromisoformat(data["correction"]["datePublished"])
        assert corrected == story.corrected_at.replace(microsecond=0)
        assert datetime.fromisoformat(data["dateModified"]) >= corrected

    def test_no_correction_when_none_was_made(self, client, story):
        assert "correction" not in news_article(read_head(client, path_of(story)))

    def test_english_edition_describes_the_english_story(self, client, story):
        data = news_article(read_head(client, path_of(story, "en")))

        assert data["headline"] == "Parliament sets the date"
        assert data["inLanguage"] == "en"
        assert data["mainEntityOfPage"]["@id"] == f"{ORIGIN}{path_of(story, 'en')}"
        assert data["author"][0]["name"] == "Sara Ali"

    def test_headline_that_closes_the_script_element_stays_inside_it(self, client):
        headline = 'خبر </script><script>alert("x")</script> <!-- & "اقتباس"'
        story = ArticleFactory(published=True, title_ar=headline, summary_ar="</SCRIPT> ملخص")

        response = client.get(path_of(story))

        html = response.content.decode()
        assert "<script>alert" not in html
        scripts = re.findall(
            r'<script type="application/ld\+json">(.*?)</script>', html, flags=re.DOTALL
        )
        assert len(scripts) == 1
        data = json.loads(scripts[0])
        assert data["headline"] == headline
        assert data["description"] == "</SCRIPT> ملخص"
        assert "<" not in scripts[0]

    def test_arabic_is_written_as_itself_not_escaped(self):
        assert json_for_script({"headline": "خبر </p>"}) == '{"headline":"خبر \\u003C/p\\u003E"}'


def agency_of(story):
    return next(b.author for b in story.bylines.all() if not b.author.is_person)


class TestSocialTags:
    def test_opengraph_describes_the_story_and_its_image(self, client, story):
        meta = meta_of(read_head(client, path_of(story)))

        image = story.lead_image
        assert meta["og:type"] == ["article"]
        assert meta["og:title"] == ["البرلمان يحدد موعد الجلسة"]
        assert meta["og:description"] == ["ملخص الخبر."]
        assert meta["og:url"] == [f"{ORIGIN}{path_of(story)}"]
        assert meta["og:site_name"] == [SiteSettings.load().site_name]
        assert meta["og:image"] == [f"{ORIGIN}{image.rendition_url(1280)}"]
        assert meta["og:image:width"] == ["1280"]
        assert meta["og:image:height"] == ["720"]
        assert meta["og:image:alt"] == [image.alt_text]
        assert meta["article:section"] == [story.section.name_ar]
        assert sorted(meta["article:tag"]) == sorted(t.name for t in story.tags.all())
        published = datetime.fromisoformat(meta["article:published_time"][0])
        assert published == story.published_at.replace(microsecond=0)
        assert datetime.fromisoformat(meta["article:modified_time"][0]) >= published

    def test_locale_and_the_other_edition(self, client, story):
        arabic = meta_of(read_head(client, path_of(story)))
        english_page = meta_of(read_head(client, path_of(story, "en")))

        assert arabic["og:locale"] == ["ar_AR"]
        assert arabic["og:locale:alternate"] == ["en_US"]
        assert english_page["og:locale"] == ["en_US"]
        assert english_page["og:locale:alternate"] == ["ar_AR"]
        assert english_page["og:title"] == ["Parliament sets the date"]

    def test_arabic_only_story_has_no_alternate_locale(self, client):
        story = ArticleFactory(published=True)

        meta = meta_of(read_head(client, path_of(story)))

        assert "og:locale:alternate" not in meta

    def test_twitter_card_shows_the_large_image(self, client, story):
        meta = meta_of(read_head(client, path_of(story)))

        assert meta["twitter:card"] == ["summary_large_image"]
        assert meta["twitter:title"] == ["البرلمان يحدد موعد الجلسة"]
        assert meta["twitter:image"] == meta["og:image"]
        assert meta["twitter:image:alt"] == [story.lead_image.alt_text]

    def test_story_without_image_gets_a_small_card_and_no_image_tags(self, client):
        story = ArticleFactory(published=True)

        meta = meta_of(read_head(client, path_of(story)))

        assert meta["twitter:card"] == ["summary"]
        assert not any(key.endswith(":image") for key in meta)


def body_figure(image) -> str:
    return (f'<figure data-image-id="{image.pk}"><img src="{image.file.url}" alt="">'
            f"<figcaption>{image.caption_ar}</figcaption></figure>")


class TestShareImage:
    """The picture a shared link shows: the lead image, else the body's first photo."""

    def test_first_body_photo_when_there_is_no_lead_image(self, client):
        first = photo(alt_text_ar="الصورة الأولى", caption_ar="تعليق الأولى", credit_ar="رويترز")
        second = photo(alt_text_ar="الصورة الثانية")
        story = ArticleFactory(
            published=True, body_ar=f"<p>نص</p>{body_figure(first)}<p>نص</p>{body_figure(second)}"
        )

        head = read_head(client, path_of(story))

        meta, data = meta_of(head), news_article(head)
        url = f"{ORIGIN}{first.rendition_url(1280)}"
        assert meta["og:image"] == [url]
        assert (meta["og:image:width"], meta["og:image:height"]) == (["1280"], ["720"])
        assert meta["og:image:type"] == ["image/webp"]
        assert meta["og:image:alt"] == ["الصورة الأولى"]
        assert meta["twitter:card"] == ["summary_large_image"]
        assert meta["twitter:image"] == [url]
        assert data["image"] == {
            "@type": "ImageObject", "url": url, "width": 1280, "height": 720,
            "caption": "تعليق الأولى", "creditText": "رويترز",
        }

    def test_the_lead_image_wins_over_body_photos(self, client, story):
        in_body = photo(alt_text_ar="صورة في النص")
        story.body_ar = f"<p>نص</p>{body_figure(in_body)}"
        story.save()

        head = read_head(client, path_of(story))

        lead = f"{ORIGIN}{story.lead_image.rendition_url(1280)}"
        assert meta_of(head)["og:image"] == [lead]
        assert news_article(head)["image"]["url"] == lead

    def test_the_english_edition_shares_its_own_first_photo(self, client):
        arabic, other = photo(), photo(alt_text_ar="صورة", alt_text_en="A photo")
        story = ArticleFactory(
            published=True, body_ar=body_figure(arabic),
            **english() | {"body_en": f"<p>Text</p>{body_figure(other)}"},
        )

        meta = meta_of(read_head(client, path_of(story, "en")))

        assert meta["og:image"] == [f"{ORIGIN}{other.rendition_url(1280)}"]
        assert meta["og:image:alt"] == ["A photo"]

    def test_a_deleted_body_photo_is_not_shared(self, client):
        image = photo()
        story = ArticleFactory(published=True, body_ar=body_figure(image))
        image_services.delete_image(image)

        meta = meta_of(read_head(client, path_of(story)))

        assert meta["twitter:card"] == ["summary"]
        assert "og:image" not in meta
