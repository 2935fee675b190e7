"""A story page's own parts are rendered once per process (public/templatetags/kept.py): a
kept copy must never show an old headline, byline, section, tag, photo or site name, nor one
edition's story in the other, and a preview is never kept.

Edits here go through `.update()` where they can, which sends no signal: what must renew the
copy is its key, not the page cache's invalidation (off in tests anyway)."""

import html5lib
import pytest

from articles.models import Article, ArticleAuthor, Tag
from authors.models import Author
from caching import fragments
from images.models import Image
from sections.models import Section
from sitesettings.models import SiteSettings
from tests.factories import ArticleFactory, AuthorFactory, TagFactory
from tests.public.helpers import photo

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("kept_copies")]


@pytest.fixture
def story(db):
    lead, inline = photo(alt_text_ar="صورة الغلاف"), photo(alt_text_ar="صورة في النص")
    story = ArticleFactory(
        published=True, title_ar="عنوان أول", title_en="First headline", lead_image=lead,
        body_en="<p>A paragraph.</p>",
        body_ar=(f'<p>فقرة.</p><figure data-image-id="{inline.pk}"><img src="{inline.file.url}"'
                 f' alt="" width="{inline.width}" height="{inline.height}"></figure>'),
        bylines=[AuthorFactory(name_ar="كاتبة أولى")],
    )
    story.tags.add(TagFactory(name_ar="وسم أول"))
    return story, lead, inline


def page(client, story, path=None):
    response = client.get(path or Article.objects.get(pk=story.pk).get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def story_text(html) -> str:
    doc = html5lib.parse(html, namespaceHTMLElements=False)
    return "".join(doc.find(".//article").itertext())


def kept_parts(html) -> str:
    """The story and its <head> lines, without the menu and lists that may name the same."""
    doc = html5lib.parse(html, namespaceHTMLElements=False)
    head = [m.get("content") or "" for m in doc.find(".//head").iter("meta")]
    head += [s.text or "" for s in doc.find(".//head").iter("script")]
    article = doc.find(".//article")
    return "\n".join(head + ["".join(article.itertext())]
                     + [img.get("alt") or "" for img in article.iter("img")]
                     + [a.get("href") for a in article.iter("a")])


def test_the_second_request_reuses_the_kept_parts_and_gets_the_same_page(client, story):
    story = story[0]
    first = page(client, story)
    kept = dict(fragments.PAGE_PARTS._copies)
    assert len(kept) == 2  # the story and its <head> lines

    assert page(client, story) == first
    assert fragments.PAGE_PARTS._copies == kept

    # The copy really is what the second page shows: a copy changed under its key shows.
    for key, html in kept.items():
        fragments.PAGE_PARTS._copies[key] = html.replace("عنوان أول", "نسخة محفوظة")
    assert "نسخة محفوظة" in story_text(page(client, story))


@pytest.mark.parametrize("edit, shown, gone", [
    (lambda s, lead, inline: Article.objects.filter(pk=s.pk).update(title_ar="عنوان ثان"),
     "عنوان ثان", "عنوان أول"),
    (lambda s, lead, inline: Section.objects.filter(pk=s.section_id).update(name_ar="قسم جديد"),
     "قسم جديد", None),
    (lambda s, lead, inline: Author.objects.filter(articles__pk=s.pk).update(name_ar="كاتبة ثانية"),
     "كاتبة ثانية", "كاتبة أولى"),
    (lambda s, lead, inline: Tag.objects.filter(pk__in=s.tags.all()).update(name_ar="وسم ثان"),
     "وسم ثان", "وسم أول"),
    # Addresses are in no other column of the story's (the search column has the names).
    (lambda s, lead, inline: Author.objects.filter(articles__pk=s.pk).update(slug="new-pen"),
     "/author/new-pen/", None),
    (lambda s, lead, inline: Tag.objects.filter(pk__in=s.tags.all()).update(slug="new-topic"),
     "/tag/new-topic/", None),
    (lambda s, lead, inline: ArticleAuthor.objects.create(
        article=s, author=AuthorFactory(name_ar="كاتب مشارك"), order=5), "كاتب مشارك", None),
])
def test_an_edit_of_any_row_the_story_shows_renews_its_kept_copy(client, story, edit, shown,
                                                                  gone):
    story, lead, inline = story
    before = page(client, story)
    edit(story, lead, inline)
    after = kept_parts(page(client, story))
    assert after != kept_parts(before)
    assert shown in after
    if gone:
        assert gone not in after


def test_a_lead_photos_new_alt_text_shows(client, story):
    story, lead, inline = story
    assert "صورة الغلاف" in kept_parts(page(client, story))
    Image.objects.filter(pk=lead.pk).update(alt_text_ar="غلاف جديد")
    after = kept_parts(page(client, story))
    assert "غلاف جديد" in after and "صورة الغلاف" not in after


def test_a_body_photos_new_alt_text_shows(client, story):
    story, lead, inline = story
    assert "صورة في النص" in kept_parts(page(client, story))
    Image.objects.filter(pk=inline.pk).update(alt_text_ar="نص جديد")
    after = kept_parts(page(client, story))
    assert "نص جديد" in after and "صورة في النص" not in after


def test_a_renamed_site_shows_in_the_storys_structured_data(client, story):
    story = story[0]
    SiteSettings.load()
    SiteSettings.objects.update(site_name_ar="الأمصار")
    assert '"name":"الأمصار"' in kept_parts(page(client, story))
    SiteSettings.objects.update(site_name_ar="الرافدين")
    after = kept_parts(page(client, story))
    assert '"name":"الرافدين"' in after and "الأمصار" not in after


def test_each_edition_keeps_its_own_copy(client, story):
    path = story[0].get_absolute_url()
    arabic = page(client, story, path)
    english = page(client, story, f"/en{path}")
    assert "عنوان أول" in story_text(arabic) and "First headline" in story_text(english)
    assert page(client, story, path) == arabic


def test_a_preview_is_never_kept(admin_client, story):
    story = story[0]
    Article.objects.filter(pk=story.pk).update(status="draft")
    response = admin_client.get(f"/preview/{story.pk}/")
    assert response.status_code == 200
    assert "عنوان أول" in story_text(response.content.decode())
    assert not fragments.PAGE_PARTS._copies



def home_text(client, path="/") -> str:
    response = client.get(path)
    assert response.status_code == 200
    doc = html5lib.parse(response.content.decode(), namespaceHTMLElements=False)
    return "".join(doc.find(".//main").itertext())


def test_the_home_pages_kept_parts_follow_every_card_section_and_the_site_name(client, story):
    story = story[0]
    other = ArticleFactory(published=True, title_ar="خبر آخر")
    assert "عنوان أول" in home_text(client) and "خبر آخر" in home_text(client)
    assert len(fragments.PAGE_PARTS._copies) == 2  # the top and the blocks

    Article.objects.filter(pk=story.pk).update(title_ar="عنوان جديد للصفحة الأولى")
    Article.objects.filter(pk=other.pk).update(kicker_ar="عاجل جدا")
    Section.objects.filter(pk=story.section_id).update(name_ar="قسم بعد التغيير")
    text = home_text(client)
    assert "عنوان جديد للصفحة الأولى" in text and "عنوان أول" not in text
    assert "عاجل جدا" in text and "قسم بعد التغيير" in text

    SiteSettings.load()
    SiteSettings.objects.update(site_name_ar="صحيفة جديدة")  # no card changes
    assert "صحيفة جديدة" in home_text(client)


def test_a_story_taken_off_the_home_page_leaves_its_kept_parts(client, story):
    story = story[0]
    assert "عنوان أول" in home_text(client)
    Article.objects.filter(pk=story.pk).update(status="unpublished")
    assert "عنوان أول" not in home_text(client)
