"""Photos in a story's body reach readers as renditions: WebP `srcset`, `sizes`, their size,
lazy loading, the library's alt text when the stored one is empty; an unknown photo never
breaks the page, and the photos of a body cost one query."""

import html5lib
import pytest

from authors.models import Author
from images import renditions, services
from public.body import BODY_IMAGE_SIZES, render_body
from tests.factories import ArticleFactory, TagFactory
from tests.public.helpers import count_queries, photo
from tests.readers import english, path_of
from tests.seed import body_with_photo, load_seed

pytestmark = pytest.mark.django_db


def page_of(client, url):
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return html5lib.parse(response.content.decode(), namespaceHTMLElements=False)


def body_images(doc) -> list:
    (body,) = [div for div in doc.iter("div") if div.get("class") == "body"]
    return list(body.iter("img"))


def figure(image, alt=None, caption="") -> str:
    """A photo as the desk's editor stores it (articles/editor.py)."""
    alt = image.alt_text_ar if alt is None else alt
    return (
        f'<figure data-image-id="{image.pk}"><img src="{image.file.url}" alt="{alt}" '
        f'width="{image.width}" height="{image.height}"><figcaption>{caption}</figcaption></figure>'
    )


def srcset_entries(value: str) -> list[tuple[str, str]]:
    return [tuple(part.strip().split(" ")) for part in value.split(",")]


@pytest.fixture
def seed_story(db):
    """The seed article, published as the desk publishes it, its photo from the library."""
    seed = load_seed()
    image = photo(size=(1600, 1067), alt_text_ar=seed.photo_alt, caption_ar=seed.photo_caption,
                  credit_ar=seed.byline)
    outlet = Author.objects.create(name_ar=seed.byline, kind=Author.Kind.OUTLET)
    story = ArticleFactory(
        published=True, title_ar=seed.headline, body_ar=body_with_photo(seed, image),
        bylines=[outlet],
    )
    story.tags.add(TagFactory(name_ar=seed.tag, name=seed.tag))
    return story, image, seed


def test_the_seed_storys_body_photo_is_served_from_its_webp_renditions(client, seed_story):
    story, image, seed = seed_story

    doc = page_of(client, path_of(story))

    (img,) = body_images(doc)
    entries = srcset_entries(img.get("srcset"))
    assert [width for _url, width in entries] == ["320w", "640w", "960w", "1280w", "1600w"]
    for url, width in entries:
        assert url == renditions.rendition_url(image.file.name, int(width[:-1]))
        assert url.endswith(".webp")
    assert img.get("src") == image.rendition_url(renditions.SRC_WIDTH)
    assert img.get("sizes") == BODY_IMAGE_SIZES
    assert (img.get("width"), img.get("height")) == ("1600", "1067")
    assert (img.get("loading"), img.get("decoding")) == ("lazy", "async")
    assert img.get("alt") == seed.photo_alt
    # The rest of the body is untouched: every paragraph, both subheads, the caption.
    text = "".join(doc.find(".//div[@class='body']").itertext())
    for paragraph in seed.paragraphs:
        assert paragraph in text
    assert [h.text for h in doc.iter("h2") if h.text in seed.headings] == seed.headings
    (caption,) = doc.find(".//div[@class='body']").iter("figcaption")
    assert caption.text == seed.photo_caption


def test_the_seed_story_without_a_lead_image_is_shared_with_its_body_photo(client, seed_story):
    story, image, seed = seed_story
    assert story.lead_image is None

    doc = page_of(client, path_of(story))

    meta = {m.get("property") or m.get("name"): m.get("content") for m in doc.iter("meta")}
    shared = f"http://testserver{image.rendition_url(1200)}"
    assert shared.endswith("/1280.webp")
    assert meta["og:image"] == meta["twitter:image"] == shared
    assert meta["og:image:alt"] == seed.photo_alt
    assert meta["twitter:card"] == "summary_large_image"


def test_an_empty_stored_alt_comes_from_the_library_in_the_pages_language(client):
    image = photo(alt_text_ar="حافلة في شارع الرشيد", alt_text_en="A bus on Rashid Street")
    arabic_only = photo(alt_text_ar="سوق الشورجة")
    story = ArticleFactory(
        published=True, body_ar=figure(image, alt=""),
        **english() | {"body_en": figure(image, alt="") + figure(arabic_only, alt="")},
    )

    (arabic,) = body_images(page_of(client, path_of(story)))
    first, second = body_images(page_of(client, path_of(story, "en")))

    assert arabic.get("alt") == "حافلة في شارع الرشيد"
    assert (first.get("alt"), first.get("lang")) == ("A bus on Rashid Street", None)
    # No English alt text yet: the Arabic one, said to be Arabic for screen readers.
    assert (second.get("alt"), second.get("lang")) == ("سوق الشورجة", "ar")


def test_the_stored_alt_is_kept_when_there_is_one(client):
    image = photo(alt_text_ar="وصف المكتبة")
    story = ArticleFactory(published=True, body_ar=figure(image, alt="وصف كتبه المحرر هنا"))

    (img,) = body_images(page_of(client, path_of(story)))

    assert img.get("alt") == "وصف كتبه المحرر هنا"


def test_library_text_is_escaped_in_the_attributes_it_fills(client):
    image = photo(alt_text_ar='"><script>alert(1)</script>')
    story = ArticleFactory(published=True, body_ar=figure(image, alt=""))

    response = client.get(path_of(story))

    assert "<script>alert(1)" not in response.content.decode()
    (img,) = body_images(html5lib.parse(response.content, namespaceHTMLElements=False))
    assert img.get("alt") == '"><script>alert(1)</script>'


@pytest.mark.parametrize("image_id", ["999999", "12abc", "99999999999999999999999"])
def test_an_unknown_photo_keeps_its_stored_markup_and_the_page_answers(client, image_id):
    image = photo()
    stored = figure(image, caption="صورة قديمة").replace(
        f'data-image-id="{image.pk}"', f'data-image-id="{image_id}"'
    )
    story = ArticleFactory(published=True, body_ar=f"<p>قبل</p>{stored}<p>بعد</p>")

    doc = page_of(client, path_of(story))

    (img,) = body_images(doc)
    assert img.get("src") == image.file.url
    assert img.get("srcset") is None
    assert (img.get("loading"), img.get("decoding")) == ("lazy", "async")
    assert "صورة قديمة" in "".join(doc.find(".//div[@class='body']").itertext())


def test_a_photo_deleted_from_the_library_never_breaks_the_page(client):
    image, kept = photo(), photo(alt_text_ar="صورة باقية")
    story = ArticleFactory(published=True, body_ar=figure(image) + figure(kept))
    services.delete_image(image)

    doc = page_of(client, path_of(story))

    gone, shown = body_images(doc)
    assert gone.get("srcset") is None and gone.get("loading") == "lazy"
    assert shown.get("srcset") == kept.srcset


def test_the_photos_of_a_body_cost_one_query_together(client):
    plain = ArticleFactory(published=True, body_ar="<p>نص</p>" * 4)
    images = [photo() for _ in range(4)]
    illustrated = ArticleFactory(
        published=True, section=plain.section,
        body_ar="".join(f"<p>نص</p>{figure(image)}" for image in images),
    )

    without, _response = count_queries(client, path_of(plain))
    with_photos, response = count_queries(client, path_of(illustrated))

    assert with_photos == without + 1, (without, with_photos)
    assert response.content.decode().count('loading="lazy"') == 4


def test_render_body_leaves_a_body_without_photos_as_it_is(django_assert_num_queries):
    html = "<h2>عنوان</h2><p>نص &amp; <strong>مهم</strong></p><ol start=\"3\"><li>بند</li></ol>"

    with django_assert_num_queries(0):
        rendered = render_body(html)

    assert (rendered.html, rendered.images) == (html, [])


def test_render_body_keeps_the_text_around_photos_as_stored():
    image = photo()
    html = (
        '<p dir="ltr">Tom &amp; Jerry &lt;b&gt; «نص»</p>'
        f'{figure(image, caption="تعليق &amp; صورة")}<p>بعد<br>سطر</p><hr>'
    )

    rendered = render_body(html)

    before, after = rendered.html.split("<img ", 1)[0], rendered.html.split("</figure>")[1]
    assert before == (
        f'<p dir="ltr">Tom &amp; Jerry &lt;b&gt; «نص»</p><figure data-image-id="{image.pk}">'
    )
    assert after == "<p>بعد<br>سطر</p><hr>"
    assert "<figcaption>تعليق &amp; صورة</figcaption>" in rendered.html
    assert rendered.images == [image]
