"""Who may take which desk move from which status, through real POSTs to the admin.

One table, `MOVES_TABLE`, says for every role and every move what happens from every
status; the tests below read their rows from it, one behaviour per test: an allowed move
changes the status and records who did it, a refused one answers 403 (not this user), an
error message (not from this status) or the login page (not on the desk), and changes
nothing at all. Further tests cover what the table cannot: the change form, the desk list,
and the notes that moves require.
"""

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.contrib import messages
from django.contrib.messages import get_messages
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext

from articles.models import Article
from editorial import services
from editorial.models import ArticleEvent
from editorial.workflow import Status
from tests.articles.test_admin_seed import article_form_data
from tests.factories import (
    PASSWORD,
    ArticleFactory,
    SectionFactory,
    UserFactory,
    checklist_ready,
)

pytestmark = pytest.mark.django_db

BAGHDAD = ZoneInfo("Asia/Baghdad")
# How the Arabic desk names the zone in its sentences (core/zones.py), never "Asia/Baghdad".
BAGHDAD_IN_WORDS = "بتوقيت بغداد"
NOTE = "العنوان يحتاج إلى مصدر ثانٍ"
# Every scheduling POST of the table asks for this minute, in the site's time zone.
WHEN = (datetime.now(BAGHDAD) + timedelta(days=1)).replace(second=0, microsecond=0)
AT = WHEN.strftime("%Y-%m-%dT%H:%M")

STARTS = ["draft", "in_review", "published", "scheduled", "unpublished"]
MOVES = ["submit", "send_back", "publish", "schedule", "unpublish", "return_to_draft"]

# What each move does when it is allowed: the status it leads to and the event it records.
TARGETS = {
    "submit": (Status.IN_REVIEW, ArticleEvent.Action.SUBMITTED),
    "send_back": (Status.DRAFT, ArticleEvent.Action.SENT_BACK),
    "publish": (Status.PUBLISHED, ArticleEvent.Action.PUBLISHED),
    "schedule": (Status.PUBLISHED, ArticleEvent.Action.SCHEDULED),
    "unpublish": (Status.UNPUBLISHED, ArticleEvent.Action.UNPUBLISHED),
    "return_to_draft": (Status.DRAFT, ArticleEvent.Action.RETURNED_TO_DRAFT),
}
# The desk's publish and schedule forms carry no note; the other four pass theirs on.
KEEPS_NOTE = {"submit", "send_back", "unpublish", "return_to_draft"}

OK = "moves"  # 302 back to the story, the new status, one event
DENIED = "403"  # not this user's move
INVALID = "message"  # this user's move, but not from this status: an error message
LOGIN = "login"  # not on the desk: the admin's login page


def _all(outcome):
    return (outcome,) * len(STARTS)


# The rules of the issue, as data. Columns follow STARTS.
MOVES_TABLE = {
    "editor": {
        #                   draft    in_review published scheduled unpublished
        "submit":          (OK,      INVALID,  INVALID,  INVALID,  INVALID),
        "send_back":       (INVALID, OK,       INVALID,  INVALID,  INVALID),
        "publish":         (OK,      OK,       INVALID,  OK,       OK),
        "schedule":        (OK,      OK,       INVALID,  OK,       OK),
        "unpublish":       (INVALID, INVALID,  OK,       OK,       INVALID),
        "return_to_draft": (INVALID, INVALID,  INVALID,  INVALID,  OK),
    },
    "journalist, own story": {
        "submit":          (OK,      INVALID,  INVALID,  INVALID,  INVALID),
        "send_back":       _all(DENIED),
        "publish":         _all(DENIED),
        "schedule":        _all(DENIED),
        "unpublish":       _all(DENIED),
        "return_to_draft": _all(DENIED),
    },
    "journalist, colleague's story": {move: _all(DENIED) for move in MOVES},
    "non-staff account": {move: _all(LOGIN) for move in MOVES},
    "anonymous": {move: _all(LOGIN) for move in MOVES},
}


def rows(outcome):
    return [
        pytest.param(actor, move, start, id=f"{actor}-{move}-from-{start}")
        for actor, by_move in MOVES_TABLE.items()
        for move, outcomes in by_move.items()
        for start, expected in zip(STARTS, outcomes, strict=True)
        if expected == outcome
    ]


def test_the_table_covers_every_role_move_and_status():
    assert {move for by_move in MOVES_TABLE.values() for move in by_move} == set(MOVES)
    for by_move in MOVES_TABLE.values():
        assert set(by_move) == set(MOVES)
        assert all(len(outcomes) == len(STARTS) for outcomes in by_move.values())


# --- shared setup: the same people and stories for the allowed and the refused rows ---


@pytest.fixture
def colleague(db):
    return UserFactory(username="colleague", role="journalist")


@pytest.fixture
def outsider(db):
    """Once a journalist, no longer on the desk: still in the group, no longer staff."""
    return UserFactory(username="outsider", role="journalist", is_staff=False)


@pytest.fixture
def people(editor, journalist, colleague, outsider):
    """actor → (who logs in, whose story it is)."""
    return {
        "editor": (editor, journalist),
        "journalist, own story": (journalist, journalist),
        "journalist, colleague's story": (journalist, colleague),
        "non-staff account": (outsider, journalist),
        "anonymous": (None, journalist),
    }


def story(start: str, *, created_by, **fields) -> Article:
    """A story in one of the table's starting statuses, ready by the pre-publish checklist
    (tests/editorial/test_checklist.py tests the checklist itself)."""
    now = timezone.now()
    states = {
        "draft": {"status": Status.DRAFT},
        "in_review": {"status": Status.IN_REVIEW},
        "published": {"status": Status.PUBLISHED, "published_at": now - timedelta(hours=1)},
        "scheduled": {"status": Status.PUBLISHED, "published_at": now + timedelta(hours=2)},
        "unpublished": {"status": Status.UNPUBLISHED, "published_at": now - timedelta(days=1)},
    }
    return checklist_ready(ArticleFactory(created_by=created_by, **{**states[start], **fields}))


def log_in(client, user):
    if user is not None:
        assert client.login(username=user.username, password=PASSWORD)


def move_url(article, move) -> str:
    return f"/admin/articles/article/{article.pk}/move/{move}/"


def change_url(article) -> str:
    return f"/admin/articles/article/{article.pk}/change/"


def desk_messages(response) -> list[tuple[int, str]]:
    return [(m.level, str(m.message)) for m in get_messages(response.wsgi_request)]


def arabic(message: str, **params) -> str:
    """Our English source message as the Arabic desk shows it."""
    with translation.override("ar"):
        return gettext(message) % params if params else gettext(message)


def local_time(moment, *, zone=True) -> str:
    """A moment as the desk prints it: Baghdad time, Arabic format, and the zone's name."""
    with translation.override("ar"):
        text = date_format(timezone.localtime(moment, BAGHDAD), "DATETIME_FORMAT")
    return f"{text} {BAGHDAD_IN_WORDS}" if zone else text


def snapshot(article) -> dict:
    """Everything a refused move must leave as it was."""
    return Article.objects.filter(pk=article.pk).values(
        "status", "published_at", "version", "updated_at", "title_ar", "body_ar",
    ).get()


def assert_nothing_changed(article, before):
    assert snapshot(article) == before
    assert list(ArticleEvent.objects.filter(article=article)) == []


SUCCESS = {
    "submit": lambda: arabic("Submitted for review. The editors have been told."),
    "send_back": lambda: arabic("Sent back to the author with your note."),
    "publish": lambda: arabic("Published."),
    "schedule": lambda: arabic("Scheduled for %(time)s.", time=local_time(WHEN)),
    "unpublish": lambda: arabic("Unpublished. Its address now tells readers it was removed."),
    "return_to_draft": lambda: arabic("Returned to draft."),
}


# --- the table ---


@pytest.mark.parametrize(("actor", "move", "start"), rows(OK))
def test_allowed_move_changes_status_and_records_who_did_it(client, people, actor, move, start):
    """302 back to the story, the new status and time, one event with by/from/to/note."""
    user, owner = people[actor]
    article = story(start, created_by=owner)
    before = snapshot(article)
    log_in(client, user)

    sent_at = timezone.now()
    response = client.post(move_url(article, move), {"note": NOTE, "at": AT})
    done_at = timezone.now()

    assert response.status_code == 302
    assert response["Location"] == change_url(article)
    assert desk_messages(response) == [(messages.SUCCESS, SUCCESS[move]())]
    after = snapshot(article)
    to_status, action = TARGETS[move]
    assert after["status"] == to_status
    if move == "publish":
        assert sent_at <= after["published_at"] <= done_at
    elif move == "schedule":
        assert after["published_at"] == WHEN
    elif move == "return_to_draft":
        assert after["published_at"] is None
    else:
        assert after["published_at"] == before["published_at"]
    assert after["version"] == before["version"]
    assert (after["title_ar"], after["body_ar"]) == (before["title_ar"], before["body_ar"])
    event = ArticleEvent.objects.get(article=article)
    assert (event.action, event.by, event.from_status, event.to_status) == (
        action, user, before["status"], to_status,
    )
    assert event.note == (NOTE if move in KEEPS_NOTE else "")
    assert event.scheduled_for == (WHEN if move == "schedule" else None)


@pytest.mark.parametrize(("actor", "move", "start"), rows(DENIED))
def test_move_not_open_to_the_user_is_403_and_changes_nothing(client, people, actor, move, start):
    """Hidden button or crafted POST alike: the server answers 403 and writes nothing."""
    user, owner = people[actor]
    article = story(start, created_by=owner)
    before = snapshot(article)
    log_in(client, user)

    response = client.post(move_url(article, move), {"note": NOTE, "at": AT})

    assert response.status_code == 403
    assert_nothing_changed(article, before)


@pytest.mark.parametrize(("actor", "move", "start"), rows(INVALID))
def test_move_not_open_from_the_status_is_reported_and_changes_nothing(
    client, people, actor, move, start
):
    """Back to the story with a message naming its status; no event, nothing saved."""
    user, owner = people[actor]
    article = story(start, created_by=owner)
    before = snapshot(article)
    log_in(client, user)

    response = client.post(move_url(article, move), {"note": NOTE, "at": AT})

    assert response.status_code == 302
    assert response["Location"] == change_url(article)
    with translation.override("ar"):
        status = str(Status(before["status"]).label)
    assert desk_messages(response) == [(messages.ERROR, arabic(
        "This story is %(status)s now, so this step is no longer possible. The page shows "
        "what can be done from here.", status=status,
    ))]
    assert_nothing_changed(article, before)


@pytest.mark.parametrize(("actor", "move", "start"), rows(LOGIN))
def test_move_by_someone_off_the_desk_goes_to_login_and_changes_nothing(
    client, people, actor, move, start
):
    user, owner = people[actor]
    article = story(start, created_by=owner)
    before = snapshot(article)
    log_in(client, user)

    response = client.post(move_url(article, move), {"note": NOTE, "at": AT})

    assert response.status_code == 302
    assert response["Location"] == f"/admin/login/?next={move_url(article, move)}"
    assert_nothing_changed(article, before)


# --- notes the moves require ---


@pytest.mark.parametrize("note", ["", "   \n  "], ids=["empty", "blank"])
def test_send_back_without_a_note_is_refused(client, editor, journalist, note):
    article = story("in_review", created_by=journalist)
    before = snapshot(article)
    log_in(client, editor)

    response = client.post(move_url(article, "send_back"), {"note": note})

    assert response.status_code == 302
    assert response["Location"] == change_url(article)
    assert desk_messages(response) == [
        (messages.ERROR, arabic("Say what the author should fix: the note is required.")),
    ]
    assert_nothing_changed(article, before)


@pytest.mark.parametrize("note", ["", "   \n  "], ids=["empty", "blank"])
def test_unpublish_without_a_reason_is_refused(client, editor, journalist, note):
    article = story("published", created_by=journalist)
    before = snapshot(article)
    log_in(client, editor)

    response = client.post(move_url(article, "unpublish"), {"note": note})

    assert response.status_code == 302
    assert response["Location"] == change_url(article)
    assert desk_messages(response) == [
        (messages.ERROR, arabic("Give the reason for unpublishing: it is required.")),
    ]
    assert_nothing_changed(article, before)


def test_author_reads_the_sent_back_note_on_the_change_page(client, editor, journalist):
    editor.first_name, editor.last_name = "ليلى", "حسن"
    editor.save()
    article = story("in_review", created_by=journalist)
    log_in(client, editor)
    note = "الفقرة الثانية تحتاج إلى مصدر.\nوصحّح اسم الوزير."
    assert client.post(move_url(article, "send_back"), {"note": note}).status_code == 302
    client.logout()
    log_in(client, journalist)

    response = client.get(change_url(article))

    assert response.status_code == 200
    assert response.context["desk_sent_back"] == ArticleEvent.objects.get(article=article)
    shown = re.search(
        r'<div class="desk-note" role="alert">\s*<strong>(.*?)</strong>\s*<p>(.*?)</p>\s*</div>',
        response.content.decode(),
    )
    assert shown.groups() == (
        arabic("%(who)s sent this story back to you:", who="ليلى حسن"),
        "الفقرة الثانية تحتاج إلى مصدر.<br>وصحّح اسم الوزير.",
    )


# --- the change form: status and published_at are not the form's to set ---


def change_form(article, **fields) -> dict:
    return article_form_data(**{
        "title_ar": article.title_ar, "body_ar": article.body_ar,
        "summary_ar": article.summary_ar, "section": str(article.section_id),
        "edit_version": str(article.version), **fields,
    })


def test_journalist_edits_own_draft(client, journalist):
    article = story("draft", created_by=journalist)
    log_in(client, journalist)

    response = client.post(change_url(article), change_form(article, title_ar="عنوان مصحح"))

    assert response.status_code == 302
    article.refresh_from_db()
    assert (article.title_ar, article.status, article.version) == ("عنوان مصحح", Status.DRAFT, 2)


def test_journalist_edits_own_draft_after_it_was_sent_back(client, editor, journalist):
    article = story("in_review", created_by=journalist)
    services.send_back(article, by=editor, note=NOTE)
    log_in(client, journalist)

    response = client.post(change_url(article), change_form(article, title_ar="عنوان مصحح"))

    assert response.status_code == 302
    article.refresh_from_db()
    assert (article.title_ar, article.status, article.version) == ("عنوان مصحح", Status.DRAFT, 2)


def test_journalist_cannot_set_status_or_published_at_through_the_change_form(
    client, journalist
):
    """A crafted POST with status and published_at: the edit is saved, they are ignored."""
    article = story("draft", created_by=journalist)
    log_in(client, journalist)

    response = client.post(change_url(article), change_form(
        article, title_ar="عنوان مصحح", status="published",
        published_at="2020-01-01 10:00", published_at_0="2020-01-01", published_at_1="10:00",
    ))

    assert response.status_code == 302
    article.refresh_from_db()
    assert (article.title_ar, article.status, article.published_at) == (
        "عنوان مصحح", Status.DRAFT, None,
    )
    assert list(ArticleEvent.objects.filter(article=article)) == []


def test_journalist_cannot_create_a_story_as_published(client, journalist):
    log_in(client, journalist)
    section = SectionFactory()

    response = client.post("/admin/articles/article/add/", article_form_data(
        title_ar="خبر جديد", section=str(section.pk), status="published",
        published_at_0="2020-01-01", published_at_1="10:00",
    ))

    assert response.status_code == 302
    article = Article.objects.get()
    assert (article.title_ar, article.status, article.published_at, article.created_by) == (
        "خبر جديد", Status.DRAFT, None, journalist,
    )


@pytest.mark.parametrize("start", ["in_review", "published", "scheduled", "unpublished"])
def test_journalist_cannot_edit_own_story_once_it_left_draft(client, journalist, start):
    """In review or beyond, the story is the desk's: 403, and the text stays as it was."""
    article = story(start, created_by=journalist)
    before = snapshot(article)
    log_in(client, journalist)

    response = client.post(change_url(article), change_form(article, title_ar="عنوان مصحح"))

    assert response.status_code == 403
    assert_nothing_changed(article, before)


def test_journalist_post_to_colleagues_draft_saves_nothing(client, journalist, colleague):
    article = story("draft", created_by=colleague)
    before = snapshot(article)
    log_in(client, journalist)

    response = client.post(change_url(article), change_form(article, title_ar="عنوان مزور"))

    assert messages.SUCCESS not in [level for level, _text in desk_messages(response)]
    assert_nothing_changed(article, before)


# A colleague's draft is not the journalist's to open. The right answer is 403, the same as
# every move URL of that story already gives (editorial/admin/workflow.py `_article`): the desk does
# not hide that stories exist from its own staff, and the admin's default for an object its
# queryset filters out, a redirect to the index saying it "may have been deleted", tells the
# journalist something false.
def test_journalist_post_to_colleagues_draft_is_403(client, journalist, colleague):
    article = story("draft", created_by=colleague)
    before = snapshot(article)
    log_in(client, journalist)

    response = client.post(change_url(article), change_form(article, title_ar="عنوان مزور"))

    assert response.status_code == 403
    assert_nothing_changed(article, before)


def test_journalist_cannot_open_colleagues_draft(client, journalist, colleague):
    article = story("draft", created_by=colleague, title_ar="تحقيق لم يكتمل بعد")
    log_in(client, journalist)

    response = client.get(change_url(article))

    assert response.status_code == 403
    assert "تحقيق لم يكتمل بعد" not in response.content.decode()


def test_journalist_opens_colleagues_published_story_read_only(client, journalist, colleague):
    """The same URL for a story the journalist may see: shown, without a save button."""
    article = story("published", created_by=colleague, title_ar="خبر منشور للزميل")
    log_in(client, journalist)

    response = client.get(change_url(article))

    assert response.status_code == 200
    assert response.context["has_change_permission"] is False
    assert "خبر منشور للزميل" in response.content.decode()


# --- the desk list ---


@pytest.fixture
def newsroom_stories(journalist, colleague):
    return {
        (whose, start): story(start, created_by=owner)
        for whose, owner in (("own", journalist), ("colleague's", colleague))
        for start in STARTS
    }


def listed(client) -> set[int]:
    response = client.get("/admin/articles/article/")
    assert response.status_code == 200
    return {article.pk for article in response.context["cl"].result_list}


def test_journalist_list_shows_own_stories_and_published_ones(
    client, journalist, newsroom_stories
):
    """Never a colleague's draft, story in review or unpublished story."""
    log_in(client, journalist)

    assert listed(client) == {
        article.pk for (whose, start), article in newsroom_stories.items()
        if whose == "own" or start in ("published", "scheduled")
    }


def test_editor_list_shows_every_story(client, editor, newsroom_stories):
    log_in(client, editor)

    assert listed(client) == {article.pk for article in newsroom_stories.values()}
