"""The story budget on the desk: the assignment form (editors) and the calendar by day and
week (everyone on the desk). Reads here; every write through editorial/planning.py."""

from datetime import date, datetime, time, timedelta

from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from editorial import permissions, planning
from editorial.models import Assignment

VIEWS = {"day": 1, "week": 7}
# The due time an assignment planned from a calendar day starts with (the editor changes it).
DEFAULT_DUE = time(17, 0)


class AssigneeField(forms.ModelChoiceField):
    def label_from_instance(self, user):
        return user.get_full_name() or user.username


@admin.register(Assignment)
class AssignmentAdmin(admin.ModelAdmin):
    list_display = ["headline", "section", "assignee_name", "due_at", "publish_at", "story_state"]
    list_filter = ["section"]
    search_fields = ["headline"]
    list_select_related = ["section", "assignee", "article"]
    fields = ["headline", "section", "assignee", "due_at", "publish_at", "notes"]
    date_hierarchy = "due_at"

    @admin.display(description=_("assigned to"))
    def assignee_name(self, obj):
        if obj.assignee is None:
            return "—"
        return obj.assignee.get_full_name() or obj.assignee.username

    @admin.display(description=_("story"))
    def story_state(self, obj):
        return obj.article.get_status_display() if obj.article_id else _("Not started")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "assignee":
            # Anyone on the desk who may write a story.
            kwargs["queryset"] = (
                get_user_model()
                .objects.filter(is_active=True, is_staff=True)
                .order_by("first_name", "username")
            )
            kwargs["form_class"] = AssigneeField
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_readonly_fields(self, request, obj=None):
        # Once the draft is started it is its writer's own: the assignee stays (the service
        # refuses a change too).
        return ["assignee"] if obj is not None and obj.article_id else []

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        day = _parse_day(request.GET.get("date"))
        if day is not None:
            initial["due_at"] = timezone.make_aware(datetime.combine(day, DEFAULT_DUE))
        return initial

    # --- who may ---

    def has_module_permission(self, request):
        return permissions.can_see_budget(request.user)

    def has_view_permission(self, request, obj=None):
        return permissions.can_see_budget(request.user, obj)

    def has_add_permission(self, request):
        return permissions.can_plan(request.user)

    def has_change_permission(self, request, obj=None):
        return permissions.can_plan(request.user, obj)

    def has_delete_permission(self, request, obj=None):
        return permissions.can_plan(request.user, obj)

    # --- writes, through the services ---

    def save_model(self, request, obj, form, change):
        if change:
            planning.save_assignment(obj, by=request.user)
        else:
            planning.create_assignment(obj, by=request.user)

    def delete_model(self, request, obj):
        planning.delete_assignment(obj, by=request.user)

    def delete_queryset(self, request, queryset):
        for assignment in queryset:
            planning.delete_assignment(assignment, by=request.user)

    def response_post_save_add(self, request, obj):
        return redirect(calendar_url(obj))

    def response_post_save_change(self, request, obj):
        return redirect(calendar_url(obj))


def calendar_url(assignment, view="day") -> str:
    day = timezone.localdate(assignment.due_at)
    return f"{reverse('desk:planning')}?view={view}&date={day.isoformat()}"


def calendar_view(request):
    """The budget by day or week: each assignment with its due time, who has it, its story
    and that story's state; overdue ones flagged; a button to start the draft."""
    user = request.user
    if not permissions.can_see_budget(user):
        raise PermissionDenied
    view = request.GET.get("view") if request.GET.get("view") in VIEWS else "week"
    today = timezone.localdate()
    day = _parse_day(request.GET.get("date"))
    if day is None:
        if request.GET.get("date"):
            messages.error(request, _("That is not a date the calendar knows; here is today."))
        day = today
    first = planning.week_start(day) if view == "week" else day
    span = VIEWS[view]
    days = planning.budget(first, span)
    for each in days:
        for row in each.assignments:
            row.can_convert = row.article_id is None and permissions.can_convert(user, row)
            row.can_open_story = row.article_id is not None and permissions.can_view(
                user, row.article
            )
    context = {
        **admin.site.each_context(request),
        "title": _("Story budget"),
        "view": view,
        "day": day,
        "days": days,
        "first": first,
        "last": first + timedelta(days=span - 1),
        "previous": (first - timedelta(days=span)).isoformat(),
        "next": (first + timedelta(days=span)).isoformat(),
        "today": today.isoformat(),
        "can_plan": permissions.can_plan(user),
        "has_any": any(each.assignments for each in days),
    }
    return TemplateResponse(request, "admin/editorial/planning.html", context)


def convert_view(request, pk):
    """Start an assignment's draft (POST), then open it on the desk."""
    assignment = get_object_or_404(Assignment, pk=pk)
    try:
        article = planning.convert_to_draft(assignment, by=request.user)
    except planning.AlreadyConverted as error:
        messages.error(request, error.messages[0])
        return redirect(calendar_url(assignment))
    messages.success(request, _("The draft is started: write it here, then submit it."))
    return redirect(reverse("admin:articles_article_change", args=[article.pk]))


def urls():
    view = admin.site.admin_view
    return [
        path("planning/", view(calendar_view), name="planning"),
        path(
            "planning/<int:pk>/convert/", view(require_POST(convert_view)), name="planning_convert"
        ),
    ]


def _parse_day(value) -> date | None:
    try:
        day = date.fromisoformat(value) if value else None
    except (TypeError, ValueError):
        return None
    # A week either side of year 9999 does not exist: such a date is not the desk's.
    return day if day is not None and 1900 <= day.year <= 2999 else None
