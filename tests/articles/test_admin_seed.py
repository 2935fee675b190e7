"""The seed article, entered in full through the admin's add forms by a journalist."""

import io
import re

import pytest
from django.utils.html import escape
from PIL import Image as PILImage

from articles.models import Article, Tag
from authors.models import Author
from core.text import arabic_slug
from editorial.workflow import Status
from images.models import Image
from tests.factories import PASSWORD, SectionFactory
from tests.seed import body_with_photo, load_seed


def jpeg_bytes(size=(1200, 800), colour=(120, 90, 60)) -> bytes:
    out = io.BytesIO()
    PILImage.new("RGB", size, colour).save(out, "JPEG", quality=90)
    return out.getvalue()


def article_form_data(**fields):
    data = {
        "title_ar": "", "kicker_ar": "", "summary_ar": "", "body_ar": "",
        "lead_image_caption_ar": "", "seo_description_ar": "",
        "title_en": "", "kicker_en": "", "summary_en": "", "body_en": "",
        "lead_image_caption_en": "", "seo_description_en": "",
        "section": "", "lead_image": "", "slug": "",
        "bylines-TOTAL_FORMS": "0", "bylines-INITIAL_FORMS": "0",
        "bylines-MIN_NUM_FORMS": "0", "bylines-MAX_NUM_FORMS": "1000",
        "_save": "حفظ",
    }
    data.update(fields)
    return data


@pytest.fixture
def journalist_client(client, journalist):
    assert client.login(username="journalist", password=PASSWORD)
    return client


@pytest.mark.django_db
def test_journalist_enters_the_seed_article_through_the_admin(journalist_client, journalist):
    """Headline, the outlet's byline, every paragraph, a captioned photo, two headings, a tag."""
    seed = load_seed()
    section = SectionFactory(name_ar="عالم", name_en="World")
    outlet = Author.objects.create(name_ar=seed.byline, kind=Author.Kind.OUTLET)

    # 1. The photo goes into the media library through its own add form.
    photo = io.BytesIO(jpeg_bytes())
    photo.name = "lavrov.jpg"
    response = journalist_client.post(
        "/admin/images/image/add/",
        {
            "file": photo, "alt_text_ar": seed.photo_alt, "caption_ar": seed.photo_caption,
            "credit_ar": seed.byline, "alt_text_en": "", "caption_en": "", "credit_en": "",
            "rights_note": "", "focal_x": "", "focal_y": "", "_save": "حفظ",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    image = Image.objects.get()

    # 2. The topic is new: added with the "+" beside the tags field (the admin's popup form).
    response = journalist_client.post(
        "/admin/articles/tag/add/?_to_field=id&_popup=1",
        {"name_ar": seed.tag, "name_en": "Russia", "slug": "", "_popup": "1", "_to_field": "id"},
    )
    assert response.status_code == 200, response.content.decode()[:2000]
    tag = Tag.objects.get(name_ar=seed.tag)
    assert tag.slug == "روسيا"

    # 3. The story, with the photo inside the body, as the editor would send it.
    response = journalist_client.post(
        "/admin/articles/article/add/",
        article_form_data(
            title_ar=seed.headline,
            body_ar=body_with_photo(seed, image),
            section=str(section.pk),
            tags=[str(tag.pk)],
            **{
                "bylines-TOTAL_FORMS": "1",
                "bylines-0-author": str(outlet.pk),
                "bylines-0-order": "0",
            },
        ),
    )
    assert response.status_code == 302, response.content.decode()[:3000]

    article = Article.objects.get()
    assert article.title_ar == seed.headline
    assert article.created_by == journalist
    assert article.status == Status.DRAFT
    assert article.slug == arabic_slug(seed.headline)
    assert re.fullmatch(r"[\u0600-\u06FF-]+", article.slug), article.slug
    assert [b.author for b in article.bylines.all()] == [outlet]
    assert article.bylines.get().author.kind == Author.Kind.OUTLET
    assert [t.name for t in article.tags.all()] == [seed.tag]

    body = article.body_ar
    for paragraph in seed.paragraphs:
        assert f"<p>{escape(paragraph)}</p>" in body
    for heading in seed.headings:
        assert f"<h2>{escape(heading)}</h2>" in body
    figure = re.search(r"<figure[^>]*>(.*?)</figure>", body)
    assert figure, body
    assert f'src="{image.file.url}"' in figure.group(1)
    assert f'alt="{escape(seed.photo_alt)}"' in figure.group(1)
    assert f"<figcaption>{escape(seed.photo_caption)}</figcaption>" in figure.group(1)
    # The photo sits where it does on the page: after the third paragraph.
    assert body.index("<figure") > body.index(escape(seed.paragraphs[seed.photo_after - 1]))
    assert body.index("<figure") < body.index(escape(seed.paragraphs[seed.photo_after]))

    assert image.alt_text_ar == seed.photo_alt
    assert image.caption_ar == seed.photo_caption
    assert image.uploaded_by == journalist


@pytest.mark.django_db
def test_hostile_body_keeps_its_text_and_loses_the_rest(journalist_client):
    """Script, event handlers, javascript: links and iframes go; the journalist's words stay."""
    section = SectionFactory()
    hostile = (
        "<p>فقرة أولى<script>alert('x')</script></p>"
        '<p><img src="/media/x.jpg" onerror="alert(1)" alt="صورة"> فقرة ثانية</p>'
        '<p><a href="javascript:alert(1)">رابط خبيث</a> '
        'و<a href="https://example.org/">رابط سليم</a></p>'
        '<iframe src="https://evil.example/"></iframe>'
        '<p style="color:red" onclick="x()">فقرة ثالثة</p>'
    )

    response = journalist_client.post(
        "/admin/articles/article/add/",
        article_form_data(title_ar="خبر", body_ar=hostile, section=str(section.pk)),
        follow=True,
    )

    assert response.status_code == 200
    body = Article.objects.get().body_ar
    for words in ("فقرة أولى", "فقرة ثانية", "رابط خبيث", "رابط سليم", "فقرة ثالثة"):
        assert words in body
    for banned in ("<script", "alert", "onerror", "onclick", "javascript:", "<iframe", "style="):
        assert banned not in body, banned
    assert 'href="https://example.org/"' in body
    # The journalist is told that something was removed, and what.
    messages = [str(m) for m in response.context["messages"]]
    assert any("script" in m and "iframe" in m for m in messages), messages
