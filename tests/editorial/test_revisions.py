"""Versions of a story: every admin save keeps one, the versions page shows what changed word
by word, and an editor brings an earlier version back as a new one, destroying nothing."""

import re

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test import Client
from reversion.models import Version

from articles.models import Article
from editorial.diff import word_diff
from editorial.models import ArticleEvent
from editorial.workflow import Status
from images.services import create_image, delete_image
from tests.articles.test_admin_seed import article_form_data
from tests.editorial.test_concurrency import change_form_data
from tests.factories import ArticleFactory, SectionFactory, UserFactory
from tests.images import samples

FIRST_TITLE = "وزير النفط يزور البصرة"
FIRST_BODY = "<p>زار وزير النفط محافظة البصرة اليوم.</p><p>والتقى المحافظ في مكتبه.</p>"
# The editor's three saves, in order: (headline, body).
EDITS = [
    ("وزير النفط يزور البصرة غدًا",
     "<p>زار وزير النفط محافظة البصرة الثلاثاء.</p><p>والتقى المحافظ في مكتبه.</p>"),
    ("وزير النفط يزور الموانئ غدًا",
     "<p>زار وزير النفط محافظة البصرة الثلاثاء.</p><p>والتقى المحافظ في مكتبه.</p>"
     "<p>وأعلن خطة لتطوير الموانئ.</p>"),
    ("وزيرُ النفط يزور الموانئ",
     "<p>زار وزير النفط محافظة البصرة الثلاثاء.</p><p>والتقى المحافظ في مكتبه الرسمي.</p>"
     "<p>وأعلن خطة لتطوير الموانئ.</p>"),
]
LATEST_TITLE, LATEST_BODY = EDITS[-1]


def versions_url(article) -> str:
    return f"/admin/articles/article/{article.pk}/versions/"


def version_sections(response) -> dict[int, str]:
    """Each version's section of the versions page, by its number."""
    assert response.status_code == 200
    found = re.findall(
        r'<section class="module desk-version" id="version-(\d+)">(.*?)</section>',
        response.content.decode(), re.S,
    )
    return {int(number): html for number, html in found}


def diffs(section: str) -> tuple[str, str]:
    """The headline's and the body's word diff in one version's section."""
    headline, body = re.findall(r'<p class="desk-diff" dir="rtl" lang="ar">(.*?)</p>', section,
                                re.S)
    return headline.strip(), body.strip()


def restore_action(section: str) -> str | None:
    match = re.search(r'<form method="post" action="([^"]+/restore/)">', section)
    return match.group(1) if match else None


@pytest.fixture
def author(db):
    return UserFactory(username="huda", first_name="هدى", last_name="العبيدي", role="journalist")


@pytest.fixture
def chief(db):
    return UserFactory(username="karim", first_name="كريم", last_name="السعدي", role="editor")


@pytest.fixture
def author_client(author):
    client = Client()
    client.force_login(author)
    return client


@pytest.fixture
def chief_client(chief):
    client = Client()
    client.force_login(chief)
    return client


@pytest.fixture
def story(author_client, chief_client):
    """Written by the journalist in the add form (version 1), then saved three times by the
    editor in the change form (versions 2 to 4)."""
    section = SectionFactory()
    added = author_client.post("/admin/articles/article/add/", article_form_data(
        title_ar=FIRST_TITLE, body_ar=FIRST_BODY, section=str(section.pk),
    ))
    assert added.status_code == 302, added.content.decode()[:2000]
    article = Article.objects.get()
    url = f"/admin/articles/article/{article.pk}/change/"
    for title, body in EDITS:
        page = chief_client.get(url)
        saved = chief_client.post(url, change_form_data(page, title_ar=title, body_ar=body))
        assert saved.status_code == 302, saved.content.decode()[:2000]
    article.refresh_from_db()
    return article


class TestVersionsPage:
    def test_each_save_is_a_version_showing_the_words_it_changed(self, story, chief_client):
        """Four versions, newest first, each with its headline and body diffed against the
        version before: the added, removed and re-voweled Arabic words are marked."""
        sections = version_sections(chief_client.get(versions_url(story)))

        assert list(sections) == [4, 3, 2, 1]
        assert [diffs(sections[n])[0] for n in (4, 3, 2, 1)] == [
            "<del>وزير</del> <ins>وزيرُ</ins> النفط يزور الموانئ <del>غدًا</del>",
            "وزير النفط يزور <del>البصرة</del> <ins>الموانئ</ins> غدًا",
            "وزير النفط يزور البصرة <ins>غدًا</ins>",
            "<ins>وزير النفط يزور البصرة</ins>",
        ]
        bodies = {n: diffs(sections[n])[1] for n in sections}
        assert "<del>مكتبه.</del> <ins>مكتبه الرسمي.</ins>" in bodies[4]
        assert "<ins><br> وأعلن خطة لتطوير الموانئ.</ins>" in bodies[3]
        assert "<del>اليوم.</del> <ins>الثلاثاء.</ins>" in bodies[2]
        assert bodies[1] == (
            "<ins>زار وزير النفط محافظة البصرة اليوم. <br> والتقى المحافظ في مكتبه.</ins>"
        )
        # Who saved each version; only the older ones can be restored.
        assert "هدى العبيدي" in sections[1]
        assert all("كريم السعدي" in sections[n] for n in (2, 3, 4))
        assert [restore_action(sections[n]) is not None for n in (4, 3, 2, 1)] == [
            False, True, True, True
        ]


class TestRestore:
    def test_editor_restores_the_first_version_as_a_new_version(self, story, chief, chief_client):
        """The story gets version 1's words back in a fifth version; versions 1-4 stay as they
        were, and the desk history says the editor restored it."""
        before = list(Version.objects.get_for_object(story).values_list("pk", "serialized_data"))
        action = restore_action(version_sections(chief_client.get(versions_url(story)))[1])

        response = chief_client.post(action)

        assert response.status_code == 302
        assert response["Location"] == f"/admin/articles/article/{story.pk}/change/"
        story.refresh_from_db()
        assert (story.title_ar, story.body_ar, story.status) == (
            FIRST_TITLE, FIRST_BODY, Status.DRAFT
        )
        assert story.version == 5  # a form opened before the restore is now out of date
        versions = list(Version.objects.get_for_object(story))
        assert len(versions) == 5
        assert [(v.pk, v.serialized_data) for v in versions[1:]] == before
        newest = versions[0]
        assert (newest.field_dict["title_ar"], newest.field_dict["body_ar"]) == (
            FIRST_TITLE, FIRST_BODY
        )
        assert newest.revision.user == chief
        event = story.events.get()
        assert (event.action, event.by, event.from_status, event.to_status) == (
            ArticleEvent.Action.RESTORED, chief, Status.DRAFT, Status.DRAFT
        )
        assert "1" in event.note
        history = chief_client.get(f"/admin/articles/article/{story.pk}/change/").content.decode()
        row = re.search(r'<tr class="desk-event desk-event-restored">(.*?)</tr>', history, re.S)
        assert row and "كريم السعدي" in row.group(1)

    def test_image_deleted_since_the_version_stays_deleted(self, chief_client):
        """Version 1 had a lead image that was deleted later: restoring it brings back the
        words, leaves the story without the image, and the database stays consistent."""
        image = create_image(
            file=ContentFile(samples.image_bytes((800, 600))), alt_text_ar="ميناء أم قصر",
            caption_ar="", credit_ar="", uploaded_by=None,
        )
        article = ArticleFactory(title_ar=FIRST_TITLE, lead_image=image)
        url = f"/admin/articles/article/{article.pk}/change/"
        chief_client.post(url, change_form_data(chief_client.get(url)))
        chief_client.post(url, change_form_data(chief_client.get(url), title_ar=LATEST_TITLE,
                                                lead_image=""))
        delete_image(image)
        action = restore_action(version_sections(chief_client.get(versions_url(article)))[1])

        response = chief_client.post(action)

        assert response.status_code == 302
        article.refresh_from_db()
        assert (article.title_ar, article.lead_image_id, article.version) == (
            FIRST_TITLE, None, 4
        )
        assert Version.objects.get_for_object(article).count() == 3
        connection.check_constraints()  # no story points at a deleted image

    def test_restored_version_is_diffed_against_the_one_it_replaced(self, story, chief_client):
        """On the versions page, version 5 shows version 4's words going and version 1's
        coming back."""
        action = restore_action(version_sections(chief_client.get(versions_url(story)))[1])
        chief_client.post(action)

        sections = version_sections(chief_client.get(versions_url(story)))

        assert list(sections) == [5, 4, 3, 2, 1]
        headline, body = diffs(sections[5])
        assert headline == (
            "<del>وزيرُ</del> <ins>وزير</ins> النفط يزور <del>الموانئ</del> <ins>البصرة</ins>"
        )
        assert "<del>الثلاثاء.</del> <ins>اليوم.</ins>" in body
        assert (
            "<del>مكتبه الرسمي. <br> وأعلن خطة لتطوير الموانئ.</del> <ins>مكتبه.</ins>" in body
        )

    def test_journalist_cannot_restore(self, story, author_client):
        """The author sees the versions but no restore button; a POST anyway is 403 and
        changes nothing."""
        sections = version_sections(author_client.get(versions_url(story)))
        assert list(sections) == [4, 3, 2, 1]
        assert [restore_action(html) for html in sections.values()] == [None] * 4
        first = Version.objects.get_for_object(story).last()

        response = author_client.post(
            f"/admin/articles/article/{story.pk}/versions/{first.pk}/restore/"
        )

        assert response.status_code == 403
        story.refresh_from_db()
        assert (story.title_ar, story.body_ar, story.version) == (LATEST_TITLE, LATEST_BODY, 4)
        assert Version.objects.get_for_object(story).count() == 4
        assert not story.events.exists()

    def test_version_of_another_story_cannot_be_restored_into_this_one(self, story, chief_client):
        """Restoring goes by the story in the address: another story's version is a 404."""
        other = ArticleFactory(title_ar="خبر آخر تماما")
        page = chief_client.get(f"/admin/articles/article/{other.pk}/change/")
        chief_client.post(f"/admin/articles/article/{other.pk}/change/", change_form_data(page))
        foreign = Version.objects.get_for_object(other).get()

        response = chief_client.post(
            f"/admin/articles/article/{story.pk}/versions/{foreign.pk}/restore/"
        )

        assert response.status_code == 404
        story.refresh_from_db()
        assert (story.title_ar, story.body_ar, story.version) == (LATEST_TITLE, LATEST_BODY, 4)
        assert Version.objects.get_for_object(story).count() == 4
        assert not story.events.exists()


class TestWordDiff:
    def test_replaced_word_is_deleted_then_inserted(self):
        """One Arabic word changed: the old one struck, the new one added, the rest plain."""
        assert word_diff("أعلنت الحكومة الموازنة", "أقرت الحكومة الموازنة") == (
            "<del>أعلنت</del> <ins>أقرت</ins> الحكومة الموازنة"
        )

    @pytest.mark.parametrize(("old", "new"), [
        ("شدد الوزير على الأمن", "شدّد الوزير على الأمن"),  # shadda added
        ("شدّد الوزير على الأمن", "شدد الوزير على الأمن"),  # shadda removed
        ("شدد الوزير على الأمن", "شدَّدَ الوزير على الأمن"),  # full vowelling
    ])
    def test_a_change_of_diacritics_is_a_changed_word(self, old, new):
        """Diacritics count: the re-voweled word is marked, its neighbours are not."""
        assert word_diff(old, new) == (
            f"<del>{old.split()[0]}</del> <ins>{new.split()[0]}</ins> الوزير على الأمن"
        )

    def test_same_vowelled_text_has_no_marks(self):
        """Identical text, diacritics and all, is shown as it is."""
        text = "إِنَّ الصَّحافةَ مِهنةُ المتاعب"

        assert word_diff(text, text) == text

    def test_paragraph_breaks_are_shown_as_line_breaks(self):
        """Unchanged paragraphs read as paragraphs, with nothing marked."""
        body = "<p>انتهى الاجتماع مساءً.</p><p>ولم يصدر بيان ختامي.</p>"

        assert word_diff(body, body, html=True) == "انتهى الاجتماع مساءً. <br> ولم يصدر بيان ختامي."

    def test_splitting_a_paragraph_marks_the_new_break(self):
        """A paragraph cut in two: the words are unchanged, the new break is an insertion."""
        old = "<p>انتهى الاجتماع مساءً. ولم يصدر بيان ختامي.</p>"
        new = "<p>انتهى الاجتماع مساءً.</p><p>ولم يصدر بيان ختامي.</p>"

        assert word_diff(old, new, html=True) == (
            "انتهى الاجتماع مساءً. <ins><br></ins> ولم يصدر بيان ختامي."
        )

    def test_a_line_break_inside_a_paragraph_separates_words(self):
        """`<br>` is a break between two words, never glue that makes them one."""
        assert word_diff("", "<p>بغداد<br>البصرة</p>", html=True) == (
            "<ins>بغداد <br> البصرة</ins>"
        )

    def test_headings_and_list_items_end_a_line(self):
        """A heading and each list item end where they end in the story."""
        body = "<h2>الخلفية</h2><ul><li>النفط</li><li>الغاز</li></ul>"

        assert word_diff(body, body, html=True) == "الخلفية <br> النفط <br> الغاز"

    def test_formatting_alone_is_not_a_change(self):
        """Making a word bold changes no word."""
        old = "<p>قال الوزير إن الاتفاق نهائي.</p>"
        new = "<p>قال الوزير إن الاتفاق <strong>نهائي.</strong></p>"

        assert word_diff(old, new, html=True) == "قال الوزير إن الاتفاق نهائي."

    def test_entities_in_the_body_are_shown_once_escaped(self):
        """The stored body says `&amp;`; the reader of the diff sees `&`, not `&amp;`."""
        old = "<p>وزارتا الخارجية والدفاع</p>"
        new = "<p>وزارتا الخارجية &amp; الدفاع</p>"

        assert word_diff(old, new, html=True) == (
            "وزارتا الخارجية <del>والدفاع</del> <ins>&amp; الدفاع</ins>"
        )

    def test_typed_markup_is_shown_as_text(self):
        """Angle brackets typed in a headline, or stored as entities in a body, stay text."""
        assert word_diff("", "عاجل <script>x</script>") == (
            "<ins>عاجل &lt;script&gt;x&lt;/script&gt;</ins>"
        )
        assert word_diff("", "<p>&lt;img src=x onerror=y&gt;</p>", html=True) == (
            "<ins>&lt;img src=x onerror=y&gt;</ins>"
        )

    def test_an_empty_field_before_is_all_insertion(self):
        """A version's English headline was never written (stored as None): all is new."""
        assert word_diff(None, "Oil minister visits Basra") == (
            "<ins>Oil minister visits Basra</ins>"
        )
