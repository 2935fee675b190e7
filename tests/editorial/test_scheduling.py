"""Scheduling and embargo, through the admin's schedule and publish POSTs.

The clock is `django.utils.timezone.now`, patched (it is Django's, not ours) so that a
minute can pass inside a test: the public pages then run their real query at the new time,
with no command or job run in between.
"""

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.contrib import messages
from django.test import Client
from django.utils import timezone

from articles.models import Article
from editorial.models import ArticleEvent
from editorial.workflow import Status
from tests.editorial.test_roles_and_moves import (
    BAGHDAD_IN_WORDS,
    arabic,
    assert_nothing_changed,
    change_url,
    desk_messages,
    local_time,
    log_in,
    move_url,
    snapshot,
)
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    SectionFactory,
    TagFactory,
    checklist_ready,
)
from tests.readers import assert_hidden_from_readers, assert_shown_to_readers, place

pytestmark = pytest.mark.django_db

BAGHDAD = ZoneInfo("Asia/Baghdad")
# A whole minute in Baghdad, so that a datetime-local value names an exact moment.
T0 = datetime.now(BAGHDAD).replace(second=0, microsecond=0)
FUTURE_ONLY = "Choose a publication time in the future."


def at(moment: datetime) -> str:
    """`moment` as one `at` value (YYYY-MM-DDTHH:MM), in Baghdad time; the move URL still
    reads it beside the form's date and time boxes."""
    return moment.astimezone(BAGHDAD).strftime("%Y-%m-%dT%H:%M")


def boxes(moment: datetime) -> dict:
    """What the desk's schedule form posts for `moment`: its date box and its time box."""
    local = moment.astimezone(BAGHDAD)
    return {"at_0": local.strftime("%Y-%m-%d"), "at_1": local.strftime("%H:%M")}


class Clock:
    def __init__(self, now):
        self.now = now

    def move_to(self, moment):
        self.now = moment


@pytest.fixture
def clock(monkeypatch):
    """`timezone.now()` answers `clock.now`, everywhere that calls it, until moved."""
    clock = Clock(T0)
    monkeypatch.setattr(timezone, "now", lambda: clock.now)
    return clock


@pytest.fixture
def placement():
    return {"section": SectionFactory(), "author": AuthorFactory(), "tag": TagFactory()}


@pytest.fixture
def live(placement, clock):
    return place(
        placement, status=Status.PUBLISHED, published_at=T0 - timedelta(hours=1),
        title_ar="خبر منشور من قبل", title_en="A story already out", body_en="<p>Out.</p>",
    )


@pytest.fixture
def in_review(placement, journalist, clock):
    """Ready by the pre-publish checklist: these tests are about time, not the checklist."""
    return checklist_ready(place(
        placement, status=Status.IN_REVIEW, created_by=journalist,
        title_ar="خبر مجدول بعد دقيقة", title_en="A story due in a minute",
        body_en="<p>Soon.</p>",
    ))


@pytest.fixture
def desk(client, editor, clock):
    log_in(client, editor)
    return client


def schedule(desk, article, moment) -> None:
    """The editor's schedule POST, then the page it leads back to (which shows the message)."""
    response = desk.post(move_url(article, "schedule"), boxes(moment))
    assert response.status_code == 302
    assert desk_messages(response) == [
        (messages.SUCCESS, arabic("Scheduled for %(time)s.", time=local_time(moment))),
    ]
    assert desk.get(response["Location"]).status_code == 200


def public_view(reader, page, language, article) -> bool:
    """Whether a reader finds `article` on `page` (its own address, or a listing): the shared
    readers' checks (tests/readers.py) say it is hidden there, or else shown."""
    try:
        assert_hidden_from_readers(reader, article, languages=[language], places=[page])
    except AssertionError:
        assert_shown_to_readers(reader, article, languages=[language], places=[page])
        return True
    return False


@pytest.mark.parametrize("language", ["ar", "en"])
@pytest.mark.parametrize("page", ["article", "home", "section", "author", "tag"])
def test_story_scheduled_a_minute_ahead_appears_when_the_minute_has_passed(
    desk, clock, placement, live, in_review, page, language
):
    """Absent until its time, then there, with nothing run in between."""
    reader = Client()
    schedule(desk, in_review, T0 + timedelta(minutes=1))

    before = public_view(reader, page, language, in_review)
    clock.move_to(T0 + timedelta(seconds=59))
    still_before = public_view(reader, page, language, in_review)
    clock.move_to(T0 + timedelta(minutes=1))
    after = public_view(reader, page, language, in_review)

    assert (before, still_before, after) == (False, False, True)
    assert public_view(reader, page, language, live) is True


def test_schedule_records_the_time_and_who_chose_it(desk, editor, in_review):
    when = T0 + timedelta(minutes=1)

    schedule(desk, in_review, when)

    in_review.refresh_from_db()
    assert (in_review.status, in_review.published_at) == (Status.PUBLISHED, when)
    event = ArticleEvent.objects.get(article=in_review)
    assert (event.action, event.by, event.from_status, event.to_status, event.scheduled_for) == (
        ArticleEvent.Action.SCHEDULED, editor, Status.IN_REVIEW, Status.PUBLISHED, when,
    )


# --- what the desk shows ---


def test_desk_shows_a_scheduled_story_with_its_time_and_zone(desk, in_review):
    when = T0 + timedelta(hours=3)
    schedule(desk, in_review, when)

    html = desk.get(change_url(in_review)).content.decode()

    status = re.search(r'<p class="desk-status">.*?<strong class="desk-badge[^"]*">(.*?)</strong>',
                       html, re.S)
    assert status.group(1) == arabic(
        "Scheduled for %(time)s %(tz)s", time=local_time(when, zone=False), tz=BAGHDAD_IN_WORDS,
    )


def test_desk_offers_scheduling_in_the_site_time_zone(desk, in_review):
    html = desk.get(change_url(in_review)).content.decode()

    form = re.search(r'<form [^>]*class="desk-move desk-move-schedule">(.*?)</form>', html, re.S)
    assert "datetime-local" not in form.group(1)  # the browser's own mm/dd/yyyy
    legend = re.search(r"<legend>([^<]*)</legend>", form.group(1))
    assert legend.group(1) == "الموعد (بتوقيت بغداد)"
    labels = re.findall(r"<label>([^<]*)<input ([^>]*)></label>", form.group(1))
    names = [(text.strip(), re.search(r'name="(\w+)"', attrs).group(1)) for text, attrs in labels]
    assert names == [("التاريخ:", "at_0"), ("الوقت:", "at_1")]
    assert all('type="text"' in attrs and "required" in attrs for _text, attrs in labels)
    hint = re.search(r'<p class="help" id="desk-when-hint">([^<]*)</p>', form.group(1))
    # The examples are left-to-right islands (U+2066…U+2069), so 2026-12-04 keeps its order.
    assert hint.group(1) == (
        f"الأوقات بتوقيت بغداد. اكتب التاريخ هكذا: \u2066{T0:%Y-%m-%d}\u2069، والوقت بنظام الأربع"
        " والعشرين ساعة هكذا: \u206614:30\u2069."
    )
    button = re.search(r'data-label-template="([^"]*)">([^<]*)</button>', form.group(1))
    assert button.groups() == ("جدولة للنشر في TIME بتوقيت بغداد", arabic("Schedule"))


def test_desk_list_of_scheduled_stories_shows_the_story_and_its_time(desk, live, in_review):
    when = T0 + timedelta(hours=3)
    schedule(desk, in_review, when)

    response = desk.get("/admin/articles/article/?desk=scheduled")

    assert [article.pk for article in response.context["cl"].result_list] == [in_review.pk]
    assert local_time(when, zone=False) in response.content.decode()


def test_desk_list_shows_the_scheduled_time_with_its_zone(desk, in_review):
    when = T0 + timedelta(hours=3)
    schedule(desk, in_review, when)

    html = desk.get("/admin/articles/article/?desk=scheduled").content.decode()

    badge = arabic("Scheduled for %(time)s %(tz)s", time=local_time(when, zone=False),
                   tz=BAGHDAD_IN_WORDS)
    assert f">{badge}</span>" in html


# --- embargo ---


@pytest.fixture
def embargoed(journalist, clock):
    """In review, under embargo for two more hours (and ready by the checklist)."""
    return checklist_ready(ArticleFactory(
        status=Status.IN_REVIEW, created_by=journalist, embargo_until=T0 + timedelta(hours=2),
    ))


def embargo_message(article) -> str:
    return arabic(
        "Not published: this story is under embargo until %(time)s. You can schedule it for "
        "that time or later.", time=local_time(article.embargo_until),
    )


def test_embargoed_story_cannot_be_published_now(desk, embargoed):
    """Not even by an editor: the message names the embargo's end, in Baghdad time."""
    before = snapshot(embargoed)

    response = desk.post(move_url(embargoed, "publish"))

    assert response.status_code == 302
    assert response["Location"] == change_url(embargoed)
    assert desk_messages(response) == [(messages.ERROR, embargo_message(embargoed))]
    assert_nothing_changed(embargoed, before)


@pytest.mark.parametrize("early", [timedelta(minutes=1), timedelta(hours=1)])
def test_embargoed_story_cannot_be_scheduled_before_the_embargo_ends(desk, embargoed, early):
    before = snapshot(embargoed)

    response = desk.post(
        move_url(embargoed, "schedule"), boxes(embargoed.embargo_until - early)
    )

    assert response.status_code == 302
    assert desk_messages(response) == [(messages.ERROR, embargo_message(embargoed))]
    assert_nothing_changed(embargoed, before)


@pytest.mark.parametrize("late", [timedelta(0), timedelta(days=1)], ids=["at", "after"])
def test_embargoed_story_can_be_scheduled_at_or_after_the_embargo(
    desk, editor, embargoed, late
):
    when = embargoed.embargo_until + late

    schedule(desk, embargoed, when)

    embargoed.refresh_from_db()
    assert (embargoed.status, embargoed.published_at) == (Status.PUBLISHED, when)
    event = ArticleEvent.objects.get(article=embargoed)
    assert (event.action, event.by, event.scheduled_for) == (
        ArticleEvent.Action.SCHEDULED, editor, when,
    )
    assert embargoed not in Article.objects.published()


# --- the time itself ---


@pytest.mark.parametrize("value", [
    pytest.param(at(T0 - timedelta(days=1)), id="yesterday"),
    pytest.param(at(T0 - timedelta(minutes=1)), id="a-minute-ago"),
    pytest.param(at(T0), id="this-minute"),
    pytest.param(T0.strftime("%Y-%m-%d"), id="today-without-a-time"),
])
def test_schedule_for_a_time_not_in_the_future_is_refused(desk, in_review, value):
    before = snapshot(in_review)

    response = desk.post(move_url(in_review, "schedule"), {"at": value})

    assert response.status_code == 302
    assert desk_messages(response) == [(messages.ERROR, arabic(FUTURE_ONLY))]
    assert_nothing_changed(in_review, before)


@pytest.mark.parametrize("value", ["", "   ", "tomorrow at noon", "29/11/2026 14:00", "14:00"])
def test_schedule_without_a_readable_time_is_refused(desk, in_review, value):
    before = snapshot(in_review)

    response = desk.post(move_url(in_review, "schedule"), {"at": value})

    assert response.status_code == 302
    assert desk_messages(response) == [(messages.ERROR, arabic(FUTURE_ONLY))]
    assert_nothing_changed(in_review, before)


@pytest.mark.parametrize("value", ["2026-13-01T10:00", "2026-02-30T10:00", "2026-11-29T25:00"])
def test_schedule_with_an_impossible_date_is_refused(desk, in_review, value):
    before = snapshot(in_review)

    response = desk.post(move_url(in_review, "schedule"), {"at": value})

    assert response.status_code == 302
    assert desk_messages(response) == [(messages.ERROR, arabic(FUTURE_ONLY))]
    assert_nothing_changed(in_review, before)


def test_scheduled_story_can_be_rescheduled(desk, editor, in_review):
    """The desk offers Schedule on a scheduled story: a new time replaces the old one."""
    schedule(desk, in_review, T0 + timedelta(hours=3))

    schedule(desk, in_review, T0 + timedelta(hours=5))

    in_review.refresh_from_db()
    assert (in_review.status, in_review.published_at) == (
        Status.PUBLISHED, T0 + timedelta(hours=5),
    )
    assert list(ArticleEvent.objects.filter(article=in_review).values_list(
        "action", "from_status", "to_status", "scheduled_for",
    ).order_by("pk")) == [
        (ArticleEvent.Action.SCHEDULED, Status.IN_REVIEW, Status.PUBLISHED,
         T0 + timedelta(hours=3)),
        (ArticleEvent.Action.SCHEDULED, Status.PUBLISHED, Status.PUBLISHED,
         T0 + timedelta(hours=5)),
    ]


def test_scheduled_story_can_be_published_now(desk, editor, in_review):
    """The desk offers Publish now on a scheduled story: it goes out at once."""
    schedule(desk, in_review, T0 + timedelta(hours=3))

    response = desk.post(move_url(in_review, "publish"))

    assert desk_messages(response) == [(messages.SUCCESS, arabic("Published."))]
    in_review.refresh_from_db()
    assert (in_review.status, in_review.published_at) == (Status.PUBLISHED, T0)
    assert in_review in Article.objects.published()
    latest = ArticleEvent.objects.filter(article=in_review).latest("pk")
    assert (latest.action, latest.by, latest.from_status, latest.to_status) == (
        ArticleEvent.Action.PUBLISHED, editor, Status.PUBLISHED, Status.PUBLISHED,
    )


def test_schedule_reads_one_at_value_too(desk, in_review):
    """The move URL still takes a single YYYY-MM-DDTHH:MM value (scripts, older pages)."""
    when = T0 + timedelta(hours=2)

    response = desk.post(move_url(in_review, "schedule"), {"at": at(when)})

    assert response.status_code == 302
    in_review.refresh_from_db()
    assert (in_review.status, in_review.published_at) == (Status.PUBLISHED, when)


def test_schedule_reads_arabic_indic_digits(desk, in_review):
    """An Arabic keyboard types ٢٠٢٦-١٢-٠٤ and ١٤:٣٠: the same moment as 2026-12-04 14:30."""
    when = T0 + timedelta(days=1)
    arabic_digits = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
    typed = {name: value.translate(arabic_digits) for name, value in boxes(when).items()}

    response = desk.post(move_url(in_review, "schedule"), typed)

    assert response.status_code == 302
    in_review.refresh_from_db()
    assert (in_review.status, in_review.published_at) == (Status.PUBLISHED, when)


@pytest.mark.parametrize("date, time", [
    ("", "14:00"), ("2026-12-05", ""), ("غدا", "14:00"), ("2026-13-01", "10:00"),
    ("2026-12-05", "25:00"), ("12/31/2026", "14:00"),
])
def test_schedule_with_unreadable_boxes_is_refused(desk, in_review, date, time):
    before = snapshot(in_review)

    response = desk.post(move_url(in_review, "schedule"), {"at_0": date, "at_1": time})

    assert response.status_code == 302
    assert desk_messages(response) == [(messages.ERROR, arabic(FUTURE_ONLY))]
    assert_nothing_changed(in_review, before)
