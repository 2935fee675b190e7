"""The desk's own pages beside the article admin: the inbox, and "my desk" on the admin's
front page. Mounted under /admin/desk/ by newsroom/urls.py, each behind the admin's login
(staff only, on the server); reads here, writes through editorial.notifications."""

from dataclasses import dataclass, field
from datetime import timedelta

from django.contrib import admin, messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from articles.models import CARD_DEFERRED
from editorial import notifications, permissions
from editorial.admin import planning as planning_pages
from editorial.desk import with_last_action
from editorial.models import ArticleEvent, Notification
from editorial.workflow import Status

INBOX_PAGE_SIZE = 50
SHELF_SIZE = 10  # stories shown per shelf of "my desk"; the list has the rest


def inbox_view(request):
    """The user's notifications, newest first, unread marked."""
    page = Paginator(notifications.inbox(request.user), INBOX_PAGE_SIZE).get_page(
        request.GET.get("p")
    )
    context = {
        **admin.site.each_context(request),
        "title": _("Inbox"),
        "page": page,
        "unread": notifications.unread_count(request),
    }
    return TemplateResponse(request, "admin/editorial/inbox.html", context)


def open_view(request, pk):
    """Opening a line marks it read and goes to its story (POST: it changes the line)."""
    try:
        line = notifications.mark_read(request.user, pk)
    except Notification.DoesNotExist:
        raise Http404 from None
    if line.article_id is None:  # a line about an assignment: the day it is due
        return redirect(planning_pages.calendar_url(line.assignment))
    return redirect(reverse("admin:articles_article_change", args=[line.article_id]))


def read_all_view(request):
    count = notifications.mark_all_read(request.user)
    if count:
        messages.success(request, _("Every notification is marked as read."))
    return redirect("desk:inbox")


def urls():
    """The pages' URL patterns, each behind the admin's staff login; writes take POST only."""
    view = admin.site.admin_view
    patterns = [
        path("inbox/", view(inbox_view), name="inbox"),
        path("inbox/<int:pk>/open/", view(require_POST(open_view)), name="inbox_open"),
        path("inbox/read-all/", view(require_POST(read_all_view)), name="inbox_read_all"),
        *planning_pages.urls(),
    ]
    return patterns, "desk"


# --- "my desk": the admin's front page, the first page after signing in ---


@dataclass
class Shelf:
    key: str
    title: str
    stories: list
    list_filter: str  # the story list's desk filter with the whole of it
    empty: str
    time_field: str = "updated_at"
    more: bool = field(default=False)


def my_desk(user) -> list[Shelf]:
    """The shelves of the user's desk, for their role: one query each."""
    visible = (
        permissions.visible_stories(user)
        .select_related("created_by")
        .defer(*CARD_DEFERRED)
    )
    mine = visible.filter(created_by=user)
    now = timezone.now()
    start = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
    end = start + timedelta(days=1)
    editor = permissions.is_editor(user)
    shelves = {
        "sent_back": lambda: Shelf(
            "sent_back", _("Sent back to me"),
            with_last_action(mine.filter(status=Status.DRAFT))
            .filter(last_action=ArticleEvent.Action.SENT_BACK).order_by("-updated_at"),
            "sent_back", _("Nothing was sent back to you."),
        ),
        "my_drafts": lambda: Shelf(
            "my_drafts", _("My drafts"), mine.filter(status=Status.DRAFT).order_by("-updated_at"),
            "my_drafts", _("You have no drafts."),
        ),
        "awaiting_review": lambda: Shelf(
            "awaiting_review", _("Awaiting review") if editor else _("Mine awaiting review"),
            (visible if editor else mine).filter(status=Status.IN_REVIEW).order_by("updated_at"),
            "awaiting_review", _("Nothing is waiting for review."),
        ),
        "scheduled_today": lambda: Shelf(
            "scheduled_today", _("Scheduled for today"),
            visible.filter(status=Status.PUBLISHED, published_at__gt=now, published_at__lt=end)
            .order_by("published_at"),
            "scheduled", _("Nothing is scheduled for the rest of today."), "published_at",
        ),
        "published_today": lambda: Shelf(
            "published_today", _("Published today"),
            visible.filter(status=Status.PUBLISHED, published_at__gte=start, published_at__lte=now)
            .order_by("-published_at"),
            "published_today", _("Nothing has been published today yet."), "published_at",
        ),
    }
    order = (
        ["awaiting_review", "scheduled_today", "published_today", "my_drafts"] if editor
        else ["sent_back", "my_drafts", "awaiting_review", "scheduled_today", "published_today"]
    )
    result = []
    for key in order:
        shelf = shelves[key]()
        stories = list(shelf.stories[: SHELF_SIZE + 1])
        shelf.stories, shelf.more = stories[:SHELF_SIZE], len(stories) > SHELF_SIZE
        result.append(shelf)
    return result
