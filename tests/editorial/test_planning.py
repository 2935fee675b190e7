"""The story budget (editorial/planning.py): editors plan and assign, the assignee (or an
editor) starts the draft, overdue is flagged and told once per missed deadline; the
calendar and "my desk" show it; every refusal leaves nothing behind."""

import threading
from datetime import date, datetime, timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from authors.models import Author
from editorial import permissions, planning, services
from editorial.models import Assignment, AssignmentEvent, Notification, overdue_q
from editorial.workflow import Status
from tests.editorial.test_concurrency import backends_waiting_for_a_lock
from tests.factories import SectionFactory, UserFactory

HEADLINE = "جلسة البرلمان حول موازنة ٢٠٢٧"
Action, Kind = AssignmentEvent.Action, Notification.Kind


@pytest.fixture
def chief(db):
    return UserFactory(
        username="huda",
        first_name="هدى",
        last_name="الراوي",
        email="huda@newsroom.example",
        role="editor",
    )


@pytest.fixture
def writer(db):
    user = UserFactory(
        username="karim",
        first_name="كريم",
        last_name="الساعدي",
        email="karim@newsroom.example",
        role="journalist",
    )
    Author.objects.create(name_ar="كريم الساعدي", user=user)
    return user


@pytest.fixture
def colleague(db):
    return UserFactory(
        username="layla",
        first_name="ليلى",
        last_name="العاني",
        email="layla@newsroom.example",
        role="journalist",
    )


@pytest.fixture
def section(db):
    return SectionFactory(name_ar="سياسة")


def planned(section, *, due=None, assignee=None, **fields):
    return Assignment(
        headline=fields.pop("headline", HEADLINE),
        section=section,
        assignee=assignee,
        due_at=due or timezone.now() + timedelta(hours=6),
        **fields,
    )


@pytest.fixture
def assignment(chief, writer, section):
    assignment = planning.create_assignment(planned(section, assignee=writer), by=chief)
    mail.outbox.clear()
    return assignment


# --- creating and assigning ---


def test_an_editor_plans_a_story_and_the_assignee_is_told(
    chief, writer, section, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assignment = planning.create_assignment(
            planned(section, assignee=writer, notes="اتصل بالمقرر"), by=chief
        )

    assignment.refresh_from_db()
    assert assignment.created_by == chief and assignment.article is None
    event = assignment.events.get()
    assert (event.action, event.by, event.assignee) == (Action.CREATED, chief, writer)
    line = Notification.objects.get()
    assert (line.recipient, line.kind, line.assignment, line.article) == (
        writer,
        Kind.ASSIGNED,
        assignment,
        None,
    )
    assert [m.to for m in mail.outbox] == [["karim@newsroom.example"]]
    assert HEADLINE in mail.outbox[0].subject
    assert "هدى الراوي" in mail.outbox[0].body and "?date=" in mail.outbox[0].body


def test_a_journalist_cannot_plan(writer, section):
    with pytest.raises(PermissionDenied):
        planning.create_assignment(planned(section, assignee=writer), by=writer)

    assert not Assignment.objects.exists()
    assert not Notification.objects.exists() and not mail.outbox


def test_an_assignment_needs_a_headline(chief, section):
    with pytest.raises(ValidationError) as error:
        planning.create_assignment(planned(section, headline=""), by=chief)

    assert "headline" in error.value.message_dict
    assert not Assignment.objects.exists()


def test_the_publication_slot_cannot_come_before_the_due_time(chief, section):
    due = timezone.now() + timedelta(hours=6)

    with pytest.raises(ValidationError) as error:
        planning.create_assignment(
            planned(section, due=due, publish_at=due - timedelta(hours=1)), by=chief
        )

    assert "publish_at" in error.value.message_dict
    assert not Assignment.objects.exists()


def test_the_admin_form_reassigns_through_the_service(client, assignment, chief, colleague):
    form = admin_form(assignment.section, colleague, assignment.due_at)
    client.force_login(chief)

    response = client.post(reverse("admin:editorial_assignment_change", args=[assignment.pk]), form)

    assert response.status_code == 302
    assignment.refresh_from_db()
    assert assignment.assignee == colleague
    assert assignment.events.first().action == Action.REASSIGNED
    assert Notification.objects.filter(recipient=colleague, kind=Kind.ASSIGNED).exists()


def test_reassigning_tells_the_new_assignee_and_the_one_before(
    assignment, chief, writer, colleague, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        planning.assign(assignment, by=chief, to=colleague)

    assignment.refresh_from_db()
    assert assignment.assignee == colleague
    event = assignment.events.first()
    assert (event.action, event.assignee, event.previous_assignee) == (
        Action.REASSIGNED,
        colleague,
        writer,
    )
    assert {
        (line.recipient, line.kind) for line in Notification.objects.filter(assignment_event=event)
    } == {(colleague, Kind.ASSIGNED), (writer, Kind.UNASSIGNED)}
    assert sorted(m.to[0] for m in mail.outbox) == [
        "karim@newsroom.example",
        "layla@newsroom.example",
    ]


def test_a_journalist_cannot_reassign(assignment, writer, colleague):
    with pytest.raises(PermissionDenied):
        planning.assign(assignment, by=writer, to=colleague)

    assignment.refresh_from_db()
    assert assignment.assignee == writer
    assert list(assignment.events.values_list("action", flat=True)) == [Action.CREATED]


def test_a_change_of_due_time_is_recorded_and_may_be_missed_again(assignment, chief):
    Assignment.objects.filter(pk=assignment.pk).update(overdue_notified_at=timezone.now())
    assignment.refresh_from_db()
    assignment.due_at += timedelta(days=1)

    planning.save_assignment(assignment, by=chief)

    assignment.refresh_from_db()
    assert assignment.overdue_notified_at is None
    assert assignment.events.first().action == Action.CHANGED
    assert Notification.objects.filter(kind=Kind.ASSIGNED).count() == 1  # only the first


def test_saving_nothing_changed_records_nothing(assignment, chief):
    planning.save_assignment(Assignment.objects.get(pk=assignment.pk), by=chief)
    assert assignment.events.count() == 1


# --- converting to a draft ---


def test_the_assignee_starts_the_draft_and_the_link_is_kept(assignment, writer):
    article = planning.convert_to_draft(assignment, by=writer)

    article.refresh_from_db()
    assignment.refresh_from_db()
    assert (article.title_ar, article.section, article.status) == (
        HEADLINE,
        assignment.section,
        Status.DRAFT,
    )
    assert article.created_by == writer and permissions.can_edit(writer, article)
    assert [b.author.user for b in article.bylines.all()] == [writer]
    assert assignment.article == article and article.assignment == assignment
    assert assignment.events.first().action == Action.CONVERTED


def test_the_draft_names_its_assignment_on_its_page(client, assignment, writer):
    article = planning.convert_to_draft(assignment, by=writer)
    client.force_login(writer)

    page = client.get(reverse("admin:articles_article_change", args=[article.pk]))

    text = page.content.decode()
    assert "desk-from-assignment" in text and "خبر من خطة التغطية" in text
    assert "desk-overdue-badge" not in text.split("desk-from-assignment", 1)[1].split("</p>")[0]


def test_an_editor_starts_it_for_the_assignee(assignment, chief, writer):
    article = planning.convert_to_draft(assignment, by=chief)
    assert article.created_by == writer  # the journalist's own draft, to write and submit


def test_someone_else_cannot_start_it(assignment, colleague):
    with pytest.raises(PermissionDenied):
        planning.convert_to_draft(assignment, by=colleague)

    assignment.refresh_from_db()
    assert assignment.article is None and not Article.objects.exists()


def test_a_started_assignment_keeps_its_writer(client, assignment, chief, writer, colleague):
    planning.convert_to_draft(assignment, by=writer)

    with pytest.raises(ValidationError) as error:
        planning.assign(assignment, by=chief, to=colleague)

    assert "assignee" in error.value.message_dict
    assignment.refresh_from_db()
    assert assignment.assignee == writer
    client.force_login(chief)
    page = client.get(reverse("admin:editorial_assignment_change", args=[assignment.pk]))
    assert 'name="assignee"' not in page.content.decode()  # shown, not offered


def test_an_assignment_has_one_draft(assignment, writer):
    planning.convert_to_draft(assignment, by=writer)

    with pytest.raises(planning.AlreadyConverted):
        planning.convert_to_draft(assignment, by=writer)

    assert Article.objects.count() == 1


# --- overdue ---


def overdue_ids(now):
    return set(Assignment.objects.filter(overdue_q(now)).values_list("pk", flat=True))


def test_overdue_until_the_story_is_submitted(assignment, writer):
    later = assignment.due_at + timedelta(minutes=1)
    assert not assignment.is_overdue(assignment.due_at - timedelta(minutes=1))
    assert assignment.is_overdue(later) and overdue_ids(later) == {assignment.pk}

    article = planning.convert_to_draft(assignment, by=writer)
    assignment.refresh_from_db()
    assert assignment.is_overdue(later)  # a draft is not handed in

    services.submit_for_review(article, by=writer)
    assignment.refresh_from_db()
    assert not assignment.is_overdue(later) and overdue_ids(later) == set()


def test_the_sweep_tells_the_assignee_once(assignment, writer, django_capture_on_commit_callbacks):
    later = assignment.due_at + timedelta(minutes=1)

    with django_capture_on_commit_callbacks(execute=True):
        assert planning.notify_overdue(later) == 1
    assert planning.notify_overdue(later + timedelta(minutes=5)) == 0

    line = Notification.objects.get(kind=Kind.OVERDUE)
    assert line.recipient == writer and line.assignment == assignment
    assert [m.to for m in mail.outbox] == [["karim@newsroom.example"]]
    assert mail.outbox[0].subject == f"تكليفك متأخر عن موعده: {HEADLINE}"
    assert "لم يُرسل الخبر للمراجعة بعد" in mail.outbox[0].body
    assert assignment.events.first().action == Action.OVERDUE


def test_the_sweep_leaves_what_is_on_time_or_handed_in(assignment, chief, writer, section):
    handed_in = planning.create_assignment(
        planned(section, assignee=writer, due=assignment.due_at), by=chief
    )
    services.submit_for_review(planning.convert_to_draft(handed_in, by=writer), by=writer)
    planning.create_assignment(planned(section, due=assignment.due_at), by=chief)  # nobody's

    assert planning.notify_overdue(assignment.due_at - timedelta(minutes=1)) == 0
    assert planning.notify_overdue(assignment.due_at + timedelta(minutes=1)) == 1
    assert Notification.objects.filter(kind=Kind.OVERDUE).count() == 1


def test_a_new_deadline_missed_is_told_again(assignment, chief):
    planning.notify_overdue(assignment.due_at + timedelta(minutes=1))
    assignment.refresh_from_db()
    assignment.due_at += timedelta(hours=1)
    planning.save_assignment(assignment, by=chief)

    assert planning.notify_overdue(assignment.due_at + timedelta(minutes=1)) == 1
    assert Notification.objects.filter(kind=Kind.OVERDUE).count() == 2


def test_the_command_runs_the_sweep(chief, writer, section):
    planning.create_assignment(
        planned(section, assignee=writer, due=timezone.now() - timedelta(hours=1)), by=chief
    )

    call_command("notify_overdue", stdout=open("/dev/null", "w"))  # noqa: SIM115

    assert Notification.objects.filter(kind=Kind.OVERDUE, recipient=writer).count() == 1


# --- the calendar ---


def test_week_starts_on_saturday_on_the_arabic_desk():
    assert planning.week_start(date(2026, 12, 4)) == date(2026, 11, 28)  # Friday -> Saturday
    assert planning.week_start(date(2026, 11, 28)) == date(2026, 11, 28)


def calendar(client, **query):
    return client.get(reverse("desk:planning"), query)


def test_the_week_shows_each_assignment_on_its_day_with_overdue_flagged(
    client, chief, writer, section, django_assert_num_queries
):
    """Last week: one assignment missed (flagged), one handed in (not), each on its day."""
    saturday = planning.week_start(timezone.localdate()) - timedelta(days=7)
    monday_noon = timezone.make_aware(
        datetime.combine(saturday + timedelta(days=2), datetime.min.time())
    ) + timedelta(hours=12)
    late = planning.create_assignment(
        planned(section, assignee=writer, headline="خبر متأخر", due=monday_noon), by=chief
    )
    done = planning.create_assignment(
        planned(
            section,
            assignee=writer,
            headline="خبر سلم في موعده",
            due=monday_noon + timedelta(days=2),
        ),
        by=chief,
    )
    services.submit_for_review(planning.convert_to_draft(done, by=writer), by=writer)
    client.force_login(writer)

    calendar(client)  # the session's user and permissions, read once per request anyway
    with django_assert_num_queries(6):
        response = calendar(client, view="week", date=(saturday + timedelta(days=3)).isoformat())

    page = response.content.decode()
    assert response.status_code == 200
    days = response.context["days"]
    assert [d.date for d in days] == [saturday + timedelta(days=n) for n in range(7)]
    assert {d.date.weekday(): [row.pk for row in d.assignments] for d in days if d.assignments} == {
        0: [late.pk],
        2: [done.pk],
    }
    assert [row.pk for d in days for row in d.assignments if row.overdue] == [late.pk]
    assert page.count("desk-overdue-badge") == 1
    assert '<p class="desk-overdue-badge">متأخر</p>' in page


def test_the_day_view_shows_one_day_and_the_convert_button_to_the_assignee_only(
    client, assignment, writer, colleague
):
    day = timezone.localdate(assignment.due_at).isoformat()

    client.force_login(writer)
    mine = calendar(client, view="day", date=day)
    client.force_login(colleague)
    theirs = calendar(client, view="day", date=day)

    assert [d.date.isoformat() for d in mine.context["days"]] == [day]
    assert HEADLINE in mine.content.decode() and HEADLINE in theirs.content.decode()
    convert = reverse("desk:planning_convert", args=[assignment.pk])
    assert convert in mine.content.decode() and convert not in theirs.content.decode()


def test_a_bad_date_shows_today_with_a_message(client, writer):
    client.force_login(writer)
    for bad in ("2026-13-40", "9999-12-31", "غدا"):
        response = calendar(client, view="day", date=bad)
        assert response.status_code == 200
        assert response.context["days"][0].date == timezone.localdate()
        assert [str(m) for m in response.context["messages"]]


def test_the_calendar_is_for_the_desk_only(client, db):
    response = calendar(client)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_converting_from_the_calendar_opens_the_draft(client, assignment, writer):
    client.force_login(writer)
    url = reverse("desk:planning_convert", args=[assignment.pk])

    assert client.get(url).status_code == 405  # a GET changes nothing
    response = client.post(url)

    assignment.refresh_from_db()
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "admin:articles_article_change", args=[assignment.article_id]
    )
    again = client.post(url, follow=True)
    assert Article.objects.count() == 1
    assert "desk-plan-card" in again.content.decode()  # back on the calendar, with the error


def test_converting_someone_elses_is_refused_by_the_server(client, assignment, colleague):
    client.force_login(colleague)
    response = client.post(reverse("desk:planning_convert", args=[assignment.pk]))
    assert response.status_code == 403
    assert not Article.objects.exists()


def test_converting_an_unknown_assignment_is_not_found(client, writer):
    client.force_login(writer)
    assert client.post(reverse("desk:planning_convert", args=[98765])).status_code == 404


def test_the_calendar_shows_the_story_and_its_state(client, assignment, writer):
    article = planning.convert_to_draft(assignment, by=writer)
    services.submit_for_review(article, by=writer)
    client.force_login(writer)

    page = calendar(
        client, view="day", date=timezone.localdate(assignment.due_at).isoformat()
    ).content.decode()

    assert "desk-plan-state-in_review" in page
    assert reverse("admin:articles_article_change", args=[article.pk]) in page


# --- the admin form and "my desk" ---


def admin_form(section, assignee, due):
    local = timezone.localtime(due)
    return {
        "headline": HEADLINE,
        "section": section.pk,
        "assignee": assignee.pk if assignee else "",
        "due_at_0": local.date().isoformat(),
        "due_at_1": local.strftime("%H:%M"),
        "publish_at_0": "",
        "publish_at_1": "",
        "notes": "",
    }


def test_the_admin_form_plans_through_the_service(client, chief, writer, section):
    client.force_login(chief)
    due = timezone.now() + timedelta(days=1)

    response = client.post(
        reverse("admin:editorial_assignment_add"), admin_form(section, writer, due)
    )

    assignment = Assignment.objects.get()
    assert response.status_code == 302 and reverse("desk:planning") in response["Location"]
    assert assignment.created_by == chief and assignment.events.get().action == Action.CREATED
    assert Notification.objects.get().recipient == writer


def test_a_journalist_cannot_open_the_planning_form(client, writer, section):
    client.force_login(writer)
    add = reverse("admin:editorial_assignment_add")

    assert client.get(add).status_code == 403
    assert client.post(add, admin_form(section, writer, timezone.now())).status_code == 403
    assert not Assignment.objects.exists()


def test_my_desk_lists_my_assignments_with_the_overdue_flagged(client, chief, writer, section):
    planning.create_assignment(
        planned(
            section,
            assignee=writer,
            headline="تقرير فات موعده",
            due=timezone.now() - timedelta(hours=2),
        ),
        by=chief,
    )
    planning.create_assignment(planned(section, assignee=writer, headline="تقرير الغد"), by=chief)
    client.force_login(writer)

    page = client.get(reverse("admin:index")).content.decode()

    shelf = page.split("desk-shelf-assignments", 1)[1]
    assert "تقرير فات موعده" in shelf and "تقرير الغد" in shelf
    assert shelf.count("desk-overdue-badge") == 1
    assert "desk-shelf-overdue_assignments" not in page  # the whole desk's: editors only
    client.force_login(chief)
    editors = client.get(reverse("admin:index")).content.decode()
    assert "تقرير فات موعده" in editors.split("desk-shelf-overdue_assignments", 1)[1]


def test_the_inbox_line_opens_the_calendar_on_its_day(client, assignment, writer):
    line = Notification.objects.get(recipient=writer)
    client.force_login(writer)

    assert HEADLINE in client.get(reverse("desk:inbox")).content.decode()
    response = client.post(reverse("desk:inbox_open", args=[line.pk]))

    day = timezone.localdate(assignment.due_at).isoformat()
    assert response["Location"] == f"{reverse('desk:planning')}?view=day&date={day}"


@pytest.mark.postgres
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL's row locks to stage the race (as test_concurrency.py)",
)
@pytest.mark.django_db(transaction=True)
def test_two_presses_of_start_the_draft_at_once_make_one_draft():
    """The assignee and an editor press at the same moment: one draft, one event, and the
    other is told the assignment already has it (the service locks the assignment's row)."""
    chief = UserFactory(username="chief", role="editor")
    writer = UserFactory(username="writer", role="journalist")
    assignment = planning.create_assignment(
        planned(SectionFactory(name_ar="اقتصاد"), assignee=writer), by=chief
    )
    people = [writer, chief]
    start = threading.Barrier(len(people) + 1, timeout=10)
    backends, outcomes = [], {}

    def press(person):
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_backend_pid()")
                backends.append(cursor.fetchone()[0])
            start.wait()
            planning.convert_to_draft(assignment, by=person)
            outcomes[person.pk] = "converted"
        except planning.AlreadyConverted:
            outcomes[person.pk] = "refused"
        except Exception as exc:  # noqa: BLE001 - reported by the assertion below
            outcomes[person.pk] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=press, args=(person,)) for person in people]
    # The row is held until both presses are blocked on it, so they truly overlap.
    with transaction.atomic():
        Assignment.objects.select_for_update().get(pk=assignment.pk)
        for thread in threads:
            thread.start()
        start.wait()
        both_waited = backends_waiting_for_a_lock(backends)
    for thread in threads:
        thread.join(timeout=30)

    assert both_waited == len(people)
    assert sorted(outcomes.values(), key=str) == ["converted", "refused"], outcomes
    assert Article.objects.count() == 1
    assert assignment.events.filter(action=Action.CONVERTED).count() == 1
