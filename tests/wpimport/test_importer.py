"""The import's other cases, on small exports written by tests/wpimport/wxr.py: a post
edited or hidden on WordPress since the last run, photos fetched from their addresses or
missing, who may import, and files that are not exports we can read."""

import functools
import http.server
import shutil
import threading
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from reversion.models import Version

from articles.models import Article, OldAddress, Status
from images.models import Image
from tests.factories import UserFactory
from tests.wpimport import wxr
from wpimport.importer import import_wordpress
from wpimport.models import ImportedItem
from wpimport.wxr import WxrError

UPLOADS = wxr.FIXTURE / "uploads"


def run(tmp_path, editor, posts, attachments=(), **options):
    path = wxr.write(tmp_path, wxr.export(posts, attachments))
    return import_wordpress(path, by=editor, **{"media_dir": UPLOADS, "download": False, **options})


def story(post_id) -> Article:
    return Article.objects.get(
        pk=ImportedItem.objects.get(kind="post", wp_id=str(post_id)).object_id
    )


def test_post_edited_on_wordpress_is_updated_not_added(tmp_path, editor):
    post = wxr.Post(id=5, title="عنوان أول", slug="first", status="draft")
    run(tmp_path, editor, [post])
    first = story(5)
    assert first.status == Status.DRAFT

    post.title, post.status = "عنوان معدل", "publish"
    post.content = "<!-- wp:paragraph -->\n<p>نص جديد.</p>\n<!-- /wp:paragraph -->"
    report = run(tmp_path, editor, [post])

    assert report.stories == {"updated": 1}
    assert Article.objects.count() == 1
    updated = story(5)
    assert updated.pk == first.pk
    assert (updated.title_ar, updated.body_ar) == ("عنوان معدل", "<p>نص جديد.</p>")
    assert updated.status == Status.PUBLISHED and updated.version == first.version + 1
    versions = Version.objects.get_for_object(updated)
    assert [v.field_dict["title_ar"] for v in versions] == ["عنوان معدل", "عنوان أول"]
    assert versions[0].revision.user == editor


def test_post_made_private_since_is_taken_down_and_its_address_stops_redirecting(
    tmp_path, editor, client
):
    post = wxr.Post(id=7, title="خبر", slug="khabar")
    run(tmp_path, editor, [post])
    assert client.get("/2025/03/01/khabar/").status_code == 301

    post.status = "private"
    report = run(tmp_path, editor, [post])

    assert report.stories["taken down"] == 1 and report.skipped["private post"] == 1
    assert story(7).status == Status.UNPUBLISHED
    assert client.get("/2025/03/01/khabar/").status_code == 404


def test_future_post_is_scheduled_through_the_desk(tmp_path, editor):
    run(
        tmp_path,
        editor,
        [wxr.Post(id=8, title="لاحقاً", status="future", date_gmt="2040-01-01 08:00:00")],
    )
    scheduled = story(8)
    assert scheduled.is_scheduled
    assert scheduled.events.filter(action="scheduled").exists()
    assert scheduled not in Article.objects.published()


@pytest.fixture
def uploads_server():
    """The uploads copy on a local web server, standing in for the old site."""
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(UPLOADS))
    handler.log_message = lambda *args: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


def test_photos_are_fetched_from_their_addresses_without_a_media_dir(
    tmp_path, editor, uploads_server
):
    photo = wxr.Attachment(
        id=40,
        url=f"{uploads_server}/2025/06/photo-2.jpg",
        file="2025/06/photo-2.jpg",
        alt="جلسة البرلمان",
    )
    inline = f"{uploads_server}/2025/06/photo-2-300x188.jpg"
    content = (
        f'<!-- wp:image {{"id":40}} -->\n<figure class="wp-block-image"><img src="{inline}" '
        f'alt="" class="wp-image-40"/></figure>\n<!-- /wp:image -->'
    )
    run(
        tmp_path,
        editor,
        [wxr.Post(id=9, title="صورة", content=content, thumbnail=40)],
        [photo],
        media_dir=None,
        download=True,
    )

    image = Image.objects.get()
    assert image.alt_text_ar == "جلسة البرلمان" and (image.width, image.height) == (320, 200)
    imported = story(9)
    assert imported.lead_image == image
    assert f'data-image-id="{image.pk}"' in imported.body_ar
    assert 'alt="جلسة البرلمان"' in imported.body_ar  # the empty alt takes the library's


def test_missing_photo_is_reported_and_the_story_still_arrives(tmp_path, editor):
    photo = wxr.Attachment(
        id=41, url="http://wp.test/wp-content/uploads/2025/06/gone.jpg", file="2025/06/gone.jpg"
    )
    report = run(tmp_path, editor, [wxr.Post(id=10, title="بلا صورة", thumbnail=41)], [photo])

    assert story(10).lead_image is None
    assert report.skipped["photo not imported"] == 1
    assert any("gone.jpg" in p for p in report.problems)


def test_uploads_path_cannot_leave_the_media_dir(tmp_path, editor):
    photo = wxr.Attachment(id=42, url="http://wp.test/x.jpg", file="../../../../etc/passwd")
    report = run(tmp_path, editor, [wxr.Post(id=11, title="خبيث", thumbnail=42)], [photo])
    assert report.skipped["photo not imported"] == 1
    assert not Image.objects.exists()


def test_journalist_cannot_import_published_stories(tmp_path, journalist):
    """Publishing is an editor's move: a journalist's import leaves nothing half-made."""
    report = run(tmp_path, journalist, [wxr.Post(id=12, title="خبر", slug="k")])
    assert report.skipped["post refused"] == 1
    assert not Article.objects.exists() and not OldAddress.objects.exists()


def test_unknown_author_login_gets_a_byline_of_its_own(tmp_path, editor):
    run(tmp_path, editor, [wxr.Post(id=13, title="خبر", creator="guest-writer")])
    assert [a.name for a in story(13).authors.all()] == ["guest-writer"]


BOMB = """<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>
<rss><channel><title>&c;</title></channel></rss>"""


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (BOMB, "refused: the file declares a document type"),
        ("<rss><channel><item></channel></rss>", "not well-formed XML"),
        ("<html><body>hello</body></html>", "not a WordPress export"),
        ("<rss><channel><title>x</title></channel></rss>", "no <wp:wxr_version>"),
    ],
)
def test_files_that_are_not_exports_are_refused_before_anything_is_written(
    tmp_path, editor, text, message
):
    path = wxr.write(tmp_path, text)
    with pytest.raises(WxrError, match=message):
        import_wordpress(path, by=editor)
    with pytest.raises(CommandError, match=message):
        call_command(
            "import_wordpress",
            str(path),
            user=editor.username,
            stdout=StringIO(),
            stderr=StringIO(),
        )
    assert not Article.objects.exists() and not ImportedItem.objects.exists()


def test_command_needs_someone_to_import_as(tmp_path, db):
    path = wxr.write(tmp_path, wxr.export([]))
    with pytest.raises(CommandError, match="No active superuser"):
        call_command("import_wordpress", str(path), stdout=StringIO())
    UserFactory(username="reader", is_staff=False)
    with pytest.raises(CommandError, match="--user reader"):
        call_command("import_wordpress", str(path), user="reader", stdout=StringIO())


def test_photo_missing_at_first_arrives_on_a_later_run(tmp_path, editor):
    """A post imported without a photo is tried again; once whole, it is left alone."""
    media = tmp_path / "uploads"
    photo = wxr.Attachment(id=43, url="http://wp.test/u/late.jpg", file="2025/06/late.jpg")
    post = wxr.Post(id=14, title="صورة متأخرة", thumbnail=43)
    missing = run(tmp_path, editor, [post], [photo], media_dir=media)
    assert missing.skipped["photo not imported"] == 1 and story(14).lead_image is None
    still_missing = run(tmp_path, editor, [post], [photo], media_dir=media)
    assert still_missing.stories == {"unchanged": 1}

    (media / "2025/06").mkdir(parents=True)
    shutil.copy(UPLOADS / "2025/06/photo-5.jpg", media / "2025/06/late.jpg")
    found = run(tmp_path, editor, [post], [photo], media_dir=media)
    assert found.stories == {"updated": 1}
    assert story(14).lead_image.alt_text_ar == "صورة"
    assert run(tmp_path, editor, [post], [photo], media_dir=media).stories == {"unchanged": 1}


def test_old_address_answers_in_one_query(tmp_path, editor, client, django_assert_num_queries):
    """A redirect is one query of the old addresses (after the 404 it replaces, so that a page
    that exists pays nothing, not even a second URL resolution); WordPress's short address
    is answered before any page, in that one query."""
    run(tmp_path, editor, [wxr.Post(id=15, title="خبر", slug="q")])
    target = story(15).get_absolute_url()
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/2025/03/01/q/")["Location"] == target
    assert [q["sql"] for q in queries if "oldaddress" in q["sql"]] == [queries[-1]["sql"]]
    with django_assert_num_queries(1):
        assert client.get("/?p=15")["Location"] == target
    with CaptureQueriesContext(connection) as queries:
        assert client.get(target).status_code == 200
    assert not [q for q in queries if "oldaddress" in q["sql"]]
    assert client.get("/2025/03/01/unknown/").status_code == 404
    assert client.get("/article/99999/x/").status_code == 404


def test_html_in_titles_and_excerpts_becomes_text(tmp_path, editor):
    run(
        tmp_path,
        editor,
        [wxr.Post(id=16, title="أ &amp; ب <b>ج</b>", excerpt="<p>ملخص &#8211; هنا</p>")],
    )
    assert (story(16).title_ar, story(16).summary_ar) == ("أ & ب ج", "ملخص – هنا")


def test_wxr_1_1_exports_read_as_well(tmp_path, editor):
    """WordPress before 3.5 wrote WXR 1.1 (its own namespaces): read the same way."""
    text = wxr.export([wxr.Post(id=17, title="قديم", slug="old")])
    text = text.replace("export/1.2/", "export/1.1/").replace(">1.2<", ">1.1<")
    import_wordpress(wxr.write(tmp_path, text), by=editor, download=False)
    assert story(17).title_ar == "قديم" and story(17).status == Status.PUBLISHED
    assert [a.name for a in story(17).authors.all()] == ["أحمد الكبيسي"]
