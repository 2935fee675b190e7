"""Issue 15, point 1: the export WordPress itself wrote (tests/fixtures/wordpress, made by
its generate.sh) imports with a report, its counts match WordPress's own, a sample story
equals its post, old addresses answer 301, and a second run adds nothing.

The fixture is imported once for the module (twice: the second run is the idempotence
check) inside a transaction rolled back at the end; each test runs in a savepoint in it.
"""

import json
from io import StringIO
from types import SimpleNamespace

import pytest
from django.core.management import call_command
from django.db import transaction
from PIL import Image as PILImage

from articles.models import Article, ArticleAuthor, OldAddress, Status, Tag
from authors.models import Author
from editorial.models import ArticleEvent
from images.models import Image
from sections.models import Section
from tests.factories import UserFactory
from tests.wpimport.wxr import FIXTURE
from wpimport.importer import import_wordpress
from wpimport.models import ImportedItem
from wpimport.wxr import address_path

WORDPRESS = json.loads((FIXTURE / "wordpress-counts.json").read_text(encoding="utf-8"))
EXPORT = FIXTURE / "export.xml"
UPLOADS = FIXTURE / "uploads"


def census() -> dict:
    return {
        "articles": Article.objects.count(),
        "images": Image.objects.count(),
        "sections": Section.objects.count(),
        "authors": Author.objects.count(),
        "bylines": ArticleAuthor.objects.count(),
        "tags": Tag.objects.count(),
        "tagged": Article.tags.through.objects.count(),
        "old addresses": OldAddress.objects.count(),
        "events": ArticleEvent.objects.count(),
        "articles changed": sorted(Article.objects.values_list("pk", "version", "updated_at")),
    }


@pytest.fixture(scope="module")
def imported(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            editor = UserFactory(username="wp-importer", role="editor")
            before = census()
            progress = []
            first = import_wordpress(
                EXPORT,
                by=editor,
                media_dir=UPLOADS,
                download=False,
                progress=lambda done, total: progress.append((done, total)),
            )
            after_first = census()
            second = import_wordpress(EXPORT, by=editor, media_dir=UPLOADS, download=False)
            yield SimpleNamespace(
                editor=editor,
                before=before,
                first=first,
                after_first=after_first,
                second=second,
                after_second=census(),
                progress=progress,
            )
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def story_of(post_id: int) -> Article:
    record = ImportedItem.objects.get(kind="post", wp_id=str(post_id))
    return Article.objects.get(pk=record.object_id)


def test_story_counts_match_wordpress(imported, db):
    """Every publish, future, draft and pending post is a story in the matching state."""
    wp = WORDPRESS["posts_by_status"]
    published = Article.objects.published()
    assert published.count() == wp["publish"]
    assert Article.objects.scheduled().count() == wp["future"]
    assert Article.objects.filter(status=Status.DRAFT).count() == wp["draft"]
    assert Article.objects.filter(status=Status.IN_REVIEW).count() == wp["pending"]
    assert imported.first.stories["created"] == sum(
        wp[s] for s in ("publish", "future", "draft", "pending")
    )
    assert wp["publish"] >= 200


def test_private_trash_and_pages_are_skipped_and_counted(imported, db):
    wp = WORDPRESS["posts_by_status"]
    assert imported.first.skipped["private post"] == wp["private"]
    assert imported.first.skipped["trash post"] == wp["trash"]
    assert imported.first.skipped["page (not a post)"] == WORDPRESS["pages"]
    assert imported.first.posts_in_file == wp


def test_sections_tags_bylines_and_photos_match_wordpress(imported, db):
    made = {
        k: imported.after_first[k] - imported.before[k]
        for k in imported.before
        if k != "articles changed"
    }
    assert made["sections"] == WORDPRESS["categories"]
    assert made["tags"] == WORDPRESS["tags"]
    assert made["authors"] == WORDPRESS["users"]
    assert made["images"] == WORDPRESS["attachments"]
    # A byline per story, from its WordPress author; as many distinct people as wrote posts.
    assert made["bylines"] == imported.first.stories["created"]
    assert (
        ArticleAuthor.objects.values("author").distinct().count()
        == (WORDPRESS["authors_with_posts"])
    )
    featured = WORDPRESS["posts_with_featured_image_by_status"]
    kept = sum(n for status, n in featured.items() if status not in ("private", "trash"))
    assert Article.objects.filter(lead_image__isnull=False).count() == kept


def test_sample_story_equals_its_post(imported, db):
    """Headline, summary, byline, section, tags, lead photo and body as WordPress had them;
    the body's block markup is our allowed HTML with the photo from our library."""
    sample = WORDPRESS["sample_post"]
    story = story_of(sample["id"])
    assert story.title_ar == sample["title"]
    assert [a.name for a in story.authors.all()] == [sample["author"]]
    assert story.section.name_ar == sample["categories"][0]
    assert sorted(t.name_ar for t in story.tags.all()) == sorted(sample["tags"])
    assert story.status == Status.PUBLISHED and not story.is_scheduled
    assert story.published_at.isoformat() == "2025-02-10T13:00:00+00:00"  # post_date_gmt
    assert story.summary_ar.startswith("ملخص: قال مسؤولون")

    lead = story.lead_image
    with (UPLOADS / "2025/06" / sample["featured_image"]).open("rb") as original:
        assert (lead.width, lead.height) == PILImage.open(original).size
    assert lead.alt_text_ar == "سوق شعبي في بغداد"  # the attachment's alt text
    assert lead.caption_ar == "تعليق: سوق شعبي في بغداد"

    inline = Image.objects.get(alt_text_ar="ملعب كرة القدم")
    assert story.body_ar == (
        "<p>قال مسؤولون إن القرار سيدخل حيز التنفيذ مطلع الشهر المقبل بعد استكمال الإجراءات. "
        "<strong>وأوضح المتحدث باسم الوزارة أن اللجان المختصة عقدت اجتماعات متتالية خلال "
        "الأسبوع.</strong></p>\n"
        "<h2>تفاصيل الخبر</h2>\n"
        "<p>ويرى مراقبون أن الخطوة تأتي استجابة لمطالب شعبية متزايدة في المدن الكبرى. "
        '<a href="https://example.org/report" rel="noopener noreferrer">التقرير الكامل</a>.</p>\n'
        f'<figure data-image-id="{inline.pk}"><img src="{inline.file.url}" alt="ملعب كرة القدم" '
        f'width="320" height="200" data-image-id="{inline.pk}">'
        "<figcaption>تعليق: ملعب كرة القدم</figcaption></figure>\n"
        "<blockquote>\n<p>وأشار التقرير إلى أن نسبة النمو بلغت ٣٫٥ في المئة خلال الربع الأخير "
        "من العام.</p>\n<p>— مصدر رسمي</p></blockquote>\n"
        "<ul>\n<li>النقطة الأولى</li>\n<li>النقطة الثانية</li>\n</ul>\n"
        "<p>ومن المتوقع أن تعرض النتائج على مجلس الوزراء في جلسته المقبلة لإقرارها.</p>"
    )


def test_pasted_script_and_handlers_do_not_survive(imported, db):
    story = Article.objects.get(body_ar__contains="نص ملصق")
    assert "<script" not in story.body_ar and "onclick" not in story.body_ar
    assert "alert(" not in story.body_ar


def test_classic_editor_paragraphs_become_paragraphs(imported, db):
    story = Article.objects.filter(body_ar__contains="سطر ثانٍ في الفقرة نفسها").first()
    assert "<br>سطر ثانٍ في الفقرة نفسها.</p>" in story.body_ar
    assert story.body_ar.count("<p>") == 3


def test_old_permalink_and_short_address_answer_301(imported, client):
    sample = WORDPRESS["sample_post"]
    story = story_of(sample["id"])
    permalink = address_path(sample["permalink"])
    assert permalink.startswith("/2025/02/10/") and "%" not in permalink

    for old in (
        sample["permalink"].removeprefix("http://wp.example"),
        permalink,
        f"/?p={sample['id']}",
    ):
        response = client.get(old)
        assert response.status_code == 301, old
        assert response["Location"] == story.get_absolute_url()
    assert client.get(story.get_absolute_url()).status_code == 200


def test_old_address_of_a_story_readers_cannot_see_is_not_redirected(imported, client):
    """Drafts, stories in review and scheduled ones keep their secret: a plain 404."""
    hidden = Article.objects.exclude(pk__in=Article.objects.published()).filter(
        old_addresses__isnull=False
    )
    assert {a.status for a in hidden} == {Status.DRAFT, Status.IN_REVIEW, Status.PUBLISHED}
    for story in hidden:
        for old in story.old_addresses.all():
            assert client.get(old.path).status_code in (200, 404)  # "/?p=" is the home page
            assert client.get(old.path).get("Location") is None
    assert client.get("/2025/02/10/no-such-post/").status_code == 404


def test_second_run_adds_nothing(imported, db):
    after_first = dict(imported.after_first)
    assert imported.after_second == after_first
    total = sum(WORDPRESS["posts_by_status"][s] for s in ("publish", "future", "draft", "pending"))
    assert dict(imported.second.stories) == {"unchanged": total}
    assert not imported.second.created


def test_progress_reaches_every_item(imported, db):
    done, total = imported.progress[-1]
    assert done == total == (sum(WORDPRESS["posts_by_status"].values()) + WORDPRESS["pages"])
    assert [d for d, _t in imported.progress] == list(range(1, total + 1))


def test_command_prints_its_report(imported, db):
    out, err = StringIO(), StringIO()
    call_command(
        "import_wordpress",
        str(EXPORT),
        media_dir=str(UPLOADS),
        no_download=True,
        user="wp-importer",
        stdout=out,
        stderr=err,
    )
    report = out.getvalue()
    assert "WordPress import from http://wp.example" in report
    assert "222 unchanged" in report
    assert "4 private post" in report and "4 trash post" in report
    assert "2 page (not a post)" in report
    assert "232/232 items" in err.getvalue()
