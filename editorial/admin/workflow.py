"""The desk's workflow inside the article admin: buttons, history, versions, who is editing.

Composed into editorial.admin.articles.ArticleAdmin. Each view parses the request, calls
one service (editorial.services, presence, previews) and turns its answer into a message,
a redirect or JSON; the services check permissions, so a crafted POST fails like a hidden
button. URLs that change anything take POST only.
"""

import reversion
from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, RequestDataTooBig, ValidationError
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from reversion.models import Version

from articles.models import Article
from core.zones import western_digits, zone_label
from editorial import autosave, checklist, permissions, presence, services
from editorial.desk import DESK_VIEWS, available_moves
from editorial.diff import word_diff
from editorial.models import MOVE_ACTIONS, ArticleEvent, Assignment
from editorial.previews import (
    DEFAULT_HOURS,
    active_links,
    create_preview_link,
    preview_link_url,
    revoke_preview_link,
)
from editorial.workflow import InvalidTransition, Status

# The desk's move buttons: the service each calls, the name of its note, what the desk is told.
MOVE_SERVICES = {
    "submit": (services.submit_for_review, "note",
               _("Submitted for review. The editors have been told.")),
    "send_back": (services.send_back, "note", _("Sent back to the author with your note.")),
    "publish": (services.publish_article, None, _("Published.")),
    "unpublish": (services.unpublish_article, "reason",
                  _("Unpublished. Its address now tells readers it was removed.")),
    "return_to_draft": (services.return_to_draft, "note", _("Returned to draft.")),
}


class DeskFilter(admin.SimpleListFilter):
    title = _("desk")
    parameter_name = "desk"

    def lookups(self, request, model_admin):
        return [(key, label) for key, label, _view in DESK_VIEWS]

    def queryset(self, request, queryset):
        for key, _label, view in DESK_VIEWS:
            if self.value() == key:
                return view(queryset, request.user)
        return queryset


class VersionCheckForm(forms.ModelForm):
    """Refuses a save built from an older version of the story (someone saved in between)."""

    edit_version = forms.IntegerField(
        widget=forms.HiddenInput, required=False, label=_("version being edited")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["edit_version"].initial = self.instance.version

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk:
            # Shown above the form with the typed text kept; save_story checks it again.
            # The admin's change view runs in a transaction: the lock holds until the save.
            services.check_version(self.instance, cleaned.get("edit_version"))
        return cleaned


class WorkflowAdminMixin:
    """Status badges, desk filters, per-user visibility, workflow buttons, history, versions."""

    change_form_template = "admin/articles/article/change_form.html"
    form = VersionCheckForm

    # --- who sees and edits what (enforced on every request) ---

    def get_queryset(self, request):
        return permissions.visible_stories(request.user).select_related(
            "section", "lead_image"
        )

    def has_view_permission(self, request, obj=None):
        allowed = super().has_view_permission(request, obj)
        return allowed and (obj is None or permissions.can_view(request.user, obj))

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or permissions.can_edit(request.user, obj))

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or permissions.can_delete(request.user, obj))

    def view_on_site(self, obj):
        # Only a story readers can see has a page to view; a draft's URL would be a 404.
        if Article.objects.published().filter(pk=obj.pk).exists():
            return obj.get_absolute_url()
        return None

    # --- the list ---

    @admin.display(description=_("status"), ordering="status")
    def status_badge(self, obj):
        label, state = obj.get_status_display(), obj.status
        if obj.is_scheduled:
            label = _("Scheduled for %(time)s %(tz)s") % {
                "time": _local(obj.published_at), "tz": zone_label(),
            }
            state = "scheduled"
        # Colours are classes in static/editorial/desk.css: the CSP refuses style attributes.
        return format_html('<span class="desk-badge desk-{}">{}</span>', state, label)

    # --- the form ---

    def get_fieldsets(self, request, obj=None):
        fieldsets = list(super().get_fieldsets(request, obj))
        if obj is not None and permissions.is_editor(request.user):
            fieldsets.append((_("Embargo and corrections"), {
                "fields": ["embargo_until", "correction_note_ar", "correction_note_en"],
            }))
        else:
            fieldsets.append((None, {"fields": ["embargo_until"]}))
        if obj is None or self.has_change_permission(request, obj):  # read-only: no save
            fieldsets.append((None, {"fields": ["edit_version"], "classes": ["hidden"]}))
        return fieldsets

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        # A save keeps a version, bylines included (saved after save_story by the formsets).
        with reversion.create_revision():
            reversion.set_user(request.user)
            return super().changeform_view(request, object_id, form_url, extra_context)

    def save_model(self, request, obj, form, change):
        if change:
            services.save_story(
                obj, by=request.user, edit_version=form.cleaned_data.get("edit_version")
            )
        else:
            services.create_story(obj, by=request.user)

    def delete_model(self, request, obj):
        services.delete_story(obj, by=request.user)

    def delete_queryset(self, request, queryset):
        for article in queryset:
            services.delete_story(article, by=request.user)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        article = self.get_object(request, object_id)
        if article is None:
            # Left out of this user's list (a colleague's draft) is not missing: 403, as
            # every move URL of the story answers, rather than "perhaps it was deleted".
            if _exists(object_id):
                raise PermissionDenied
            return super().change_view(request, object_id, form_url, extra_context)
        extra_context = {**(extra_context or {}), **self._desk_context(request, article)}
        return super().change_view(request, object_id, form_url, extra_context)

    def _desk_context(self, request, article):
        """What the desk panel shows. Reads only: the page's script opens the edit session."""
        user = request.user
        can_edit = permissions.can_edit(user, article)
        events = article.events.select_related("by")
        sent_back = None
        if article.status == Status.DRAFT and permissions.is_own(user, article):
            latest = events.filter(action__in=MOVE_ACTIONS).first()
            if latest and latest.action == ArticleEvent.Action.SENT_BACK:
                sent_back = latest
        return {
            "desk_moves": available_moves(user, article),
            "desk_events": events[:50],
            "desk_sent_back": sent_back,
            "desk_others": list(presence.others_editing(article, user)),
            "desk_can_take_over": permissions.can_take_over(user, article),
            "desk_can_preview": permissions.can_preview(user, article),
            "desk_can_links": permissions.can_manage_preview_links(user, article),
            "desk_links": [
                (link, preview_link_url(request, link)) for link in active_links(article)
            ],
            "desk_time_zone": zone_label(),  # in words: "بتوقيت بغداد"
            "desk_heartbeat_seconds": 20,
            "desk_can_edit": can_edit,
            # A page that became read-only (say, after submitting) is not "editing" any more.
            "desk_must_leave": not can_edit and presence.has_session(article, user),
            "desk_checklist": checklist.for_article(article),
            "desk_assignment": _assignment_of(article),
        }

    # --- workflow and desk URLs ---

    def get_urls(self):
        view = self.admin_site.admin_view

        def writes(method):
            # Every URL that changes something answers POST only: a GET never writes.
            return view(require_POST(method))

        desk = [
            path("<int:pk>/move/<str:move>/", writes(self.move_view),
                 name="articles_article_move"),
            path("<int:pk>/open/", writes(self.open_view), name="articles_article_open"),
            path("<int:pk>/heartbeat/", writes(self.heartbeat_view),
                 name="articles_article_heartbeat"),
            path("<int:pk>/leave/", writes(self.leave_view), name="articles_article_leave"),
            path("<int:pk>/take-over/", writes(self.take_over_view),
                 name="articles_article_take_over"),
            path("<int:pk>/versions/", view(self.versions_view), name="articles_article_versions"),
            path("<int:pk>/versions/<int:version_id>/restore/", writes(self.restore_view),
                 name="articles_article_restore"),
            path("<int:pk>/preview-links/", writes(self.create_link_view),
                 name="articles_article_preview_links"),
            path("<int:pk>/preview-links/<int:link_id>/revoke/", writes(self.revoke_link_view),
                 name="articles_article_revoke_link"),
            # Working copies (editorial.autosave): of a story, and of the add page's new story.
            path("<int:pk>/autosave/", writes(self.autosave_view),
                 name="articles_article_autosave"),
            path("<int:pk>/autosave/discard/", writes(self.discard_copy_view),
                 name="articles_article_discard_copy"),
            path("autosave/", writes(self.autosave_view), name="articles_article_autosave_new"),
            path("autosave/discard/", writes(self.discard_copy_view),
                 name="articles_article_discard_copy_new"),
            path("checklist/", view(require_POST(self.checklist_view)),
                 name="articles_article_checklist_new"),
            path("<int:pk>/checklist/", view(require_POST(self.checklist_view)),
                 name="articles_article_checklist"),
        ]
        return desk + super().get_urls()

    def _article(self, request, pk) -> Article:
        article = get_object_or_404(Article, pk=pk)
        if not permissions.can_view(request.user, article):
            raise PermissionDenied
        return article

    def _back(self, article):
        return redirect(reverse("admin:articles_article_change", args=[article.pk]))

    def move_view(self, request, pk, move):
        article = self._article(request, pk)
        note, by = request.POST.get("note", ""), request.user
        # "Publish anyway": the checklist's warnings overridden (publish and schedule only).
        override = bool(request.POST.get("override"))
        try:
            if move == "schedule":
                when = _posted_time(request.POST)
                services.schedule_article(article, by=by, at=when, override=override)
                done = _("Scheduled for %(time)s.") % {"time": _local(when, with_zone=True)}
            elif move in MOVE_SERVICES:
                service, note_name, done = MOVE_SERVICES[move]
                extra = {note_name: note} if note_name else {}
                if move == "publish":
                    extra["override"] = override
                service(article, by=by, **extra)
            else:
                raise Http404
        except InvalidTransition as exc:
            self.message_user(request, _(
                "This story is %(status)s now, so this step is no longer possible. The page "
                "shows what can be done from here.") % {"status": Status(exc.current).label},
                messages.ERROR)
        except services.Embargoed as exc:
            self.message_user(request, _(
                "Not published: this story is under embargo until %(time)s. You can schedule "
                "it for that time or later.") % {"time": _local(exc.until, with_zone=True)},
                messages.ERROR)
        except ValidationError as exc:
            self.message_user(request, " ".join(exc.messages), messages.ERROR)
        else:
            self.message_user(request, done, messages.SUCCESS)
        return self._back(article)

    def checklist_view(self, request, pk=None):
        """The checklist of the form's unsaved data, for the live panel. POST (a whole form
        is too long for a URL) but read-only: it writes nothing."""
        if pk is None:
            if not permissions.can_create(request.user):
                raise PermissionDenied
        elif not permissions.can_edit(request.user, self._article(request, pk)):
            raise PermissionDenied
        try:
            draft = checklist.from_form(request.POST)
        except checklist.BadInput:
            return JsonResponse({"error": str(_("The form could not be read."))}, status=400)
        return JsonResponse(checklist.run(draft).as_json())

    def open_view(self, request, pk):
        """Posted by the edit page as soon as it loads: it is open, and who else is there?"""
        return _presence_json(presence.open_story(self._article(request, pk), by=request.user))

    def heartbeat_view(self, request, pk):
        """Posted every few seconds by an open edit page: still here; who else is?"""
        return _presence_json(presence.heartbeat(self._article(request, pk), by=request.user))

    def leave_view(self, request, pk):
        """Posted by a page that has become read-only for this user: no longer editing."""
        presence.leave_story(self._article(request, pk), by=request.user)
        return HttpResponse(status=204)

    def take_over_view(self, request, pk):
        article = self._article(request, pk)
        services.take_over(article, by=request.user)
        self.message_user(request, _("You have taken over this story."), messages.SUCCESS)
        return self._back(article)

    def versions_view(self, request, pk):
        """Every saved version, newest first, with a word-level diff against the one before."""
        article = self._article(request, pk)
        versions = list(
            Version.objects.get_for_object(article).select_related("revision__user")
        )
        rows = []
        for index, version in enumerate(versions):
            data = version.field_dict
            older = versions[index + 1].field_dict if index + 1 < len(versions) else {}
            rows.append({
                "version": version,
                "number": len(versions) - index,
                "title": word_diff(older.get("title_ar", ""), data.get("title_ar", "")),
                "body": word_diff(older.get("body_ar", ""), data.get("body_ar", ""), html=True),
                "title_en": word_diff(older.get("title_en", ""), data.get("title_en", "")),
                "body_en": word_diff(older.get("body_en", ""), data.get("body_en", ""),
                                     html=True),
                "is_current": index == 0,
            })
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta, "original": article, "title": _("Versions of “%(title)s”")
            % {"title": article.title}, "rows": rows,
            "can_restore": permissions.can_restore(request.user, article),
        }
        return TemplateResponse(request, "admin/articles/article/versions.html", context)

    def restore_view(self, request, pk, version_id):
        """Bring back an earlier version's words as a new version; nothing is destroyed."""
        article = self._article(request, pk)
        try:
            article, number = services.restore_version(article, version_id, by=request.user)
        except Version.DoesNotExist:
            raise Http404 from None
        self.message_user(
            request, _("Version %(n)s restored as a new version.") % {"n": number},
            messages.SUCCESS,
        )
        return self._back(article)

    def create_link_view(self, request, pk):
        article = self._article(request, pk)
        try:
            hours = int(request.POST.get("hours", ""))
        except ValueError:
            hours = DEFAULT_HOURS
        link = create_preview_link(
            article, by=request.user, note=request.POST.get("note", ""), hours=hours
        )
        self.message_user(request, _("Preview link created: %(url)s") % {
            "url": preview_link_url(request, link)}, messages.SUCCESS)
        return self._back(article)

    def revoke_link_view(self, request, pk, link_id):
        article = self._article(request, pk)
        if revoke_preview_link(article, link_id, by=request.user):
            self.message_user(request, _("Preview link revoked."), messages.SUCCESS)
        else:
            self.message_user(
                request, _("That preview link was already revoked or does not exist."),
                messages.WARNING,
            )
        return self._back(article)

    def autosave_view(self, request, pk=None):
        """Posted by the form every few seconds of typing: keep this user's working copy."""
        def save():
            article = self._article(request, pk) if pk is not None else None
            if len(request.body) > autosave.MAX_BYTES:
                raise RequestDataTooBig
            data, base_version = autosave.parse(request.body)
            copy = autosave.save_working_copy(request.user, article, data, base_version)
            saved_at = date_format(timezone.localtime(copy.saved_at), "H:i")
            return JsonResponse({"saved_at": saved_at})
        return _autosave_json(save)

    def discard_copy_view(self, request, pk=None):
        """The notice's Discard button: drop this user's working copy."""
        def drop():
            article = self._article(request, pk) if pk is not None else None
            return JsonResponse({"discarded": autosave.discard(request.user, article)})
        return _autosave_json(drop)


def _autosave_json(answer) -> JsonResponse:
    """`answer()`, or a JSON refusal the page can show: a 4xx for every bad request."""
    try:
        return answer()
    except (Http404, Article.DoesNotExist):  # unknown, or deleted while it was being saved
        error, status = _("This story does not exist (any more)."), 404
    except PermissionDenied:
        error, status = _("Not autosaved: you may not edit this story."), 403
    except RequestDataTooBig:
        error, status = _("Not autosaved: the story is too long for a working copy."), 413
    except autosave.Malformed as exc:
        error, status = exc.args[0], 400
    except (autosave.NotActiveEditor, autosave.Superseded) as exc:
        error, status = exc.message, 409
    return JsonResponse({"error": str(error)}, status=status)


def _presence_json(seen: presence.Presence) -> JsonResponse:
    others = [
        {"name": presence.display_name(s.user), "since": _local(s.since)} for s in seen.others
    ]
    taken_over = presence.display_name(seen.taken_over_by) if seen.taken_over_by else None
    return JsonResponse({"others": others, "taken_over_by": taken_over})


def _exists(object_id) -> bool:
    try:
        return Article.objects.filter(pk=unquote(object_id)).exists()
    except (ValueError, ValidationError):
        return False


def _local(moment, *, with_zone=False) -> str:
    local = timezone.localtime(moment)
    text = date_format(local, "DATETIME_FORMAT")
    return f"{text} {zone_label()}" if with_zone else text


def _posted_time(post):
    """The schedule form's time: its date and time boxes (at_0, at_1; Arabic-Indic digits
    read too), or one `at` value (YYYY-MM-DDTHH:MM); None if unreadable."""
    if "at_0" not in post and "at_1" not in post:
        return _parse_local(western_digits(post.get("at", "")))
    boxes = [western_digits(post.get(name, "")).strip() for name in ("at_0", "at_1")]
    try:
        return forms.SplitDateTimeField().clean(boxes)
    except ValidationError:
        return None


def _parse_local(value: str):
    """A `datetime-local` input's value, read in the site's time zone; None if unreadable."""
    try:
        parsed = parse_datetime(value.strip()) if value else None
    except ValueError:  # well formed but impossible: month 13, 30 February, 25:00
        return None
    if parsed is None:
        return None
    if timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed, timezone.get_current_timezone())
    return parsed


def _assignment_of(article):
    """The budget's assignment this story was started from (editorial/planning.py), with
    whether it is overdue; None for a story nobody planned."""
    assignment = Assignment.objects.filter(article=article).first()
    if assignment is not None:
        assignment.article = article
        assignment.overdue = assignment.is_overdue()
    return assignment
