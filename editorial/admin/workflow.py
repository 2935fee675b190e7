"""The desk's workflow inside the article admin: buttons, history, versions, who is editing.

Composed into editorial.admin.articles.ArticleAdmin. Every view checks its permission on
the server, so a crafted POST fails exactly like a hidden button.
"""

from datetime import timedelta

import reversion
from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpResponseNotAllowed, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from reversion.models import Version

from articles.models import Article
from editorial import permissions, services
from editorial.desk import DESK_VIEWS, available_moves
from editorial.diff import word_diff
from editorial.models import ArticleEvent, EditSession, PreviewLink
from editorial.previews import preview_link_url
from editorial.workflow import InvalidTransition, Status

# A page that has not sent a heartbeat for this long is no longer "editing".
EDITING_TIMEOUT = timedelta(seconds=90)
# Fields a restore brings back: the words and placement, not bylines or tags.
RESTORED_FIELDS = [
    f"{name}_{lang}"
    for name in ("title", "kicker", "summary", "body", "lead_image_caption", "seo_description")
    for lang, _name in settings.LANGUAGES
] + ["section_id", "lead_image_id"]


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

    edit_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["edit_version"].initial = self.instance.version

    def clean(self):
        cleaned = super().clean()
        if not self.instance.pk:
            return cleaned
        # The admin's change view runs in a transaction: the lock holds until the save.
        current = (
            Article.objects.select_for_update().filter(pk=self.instance.pk)
            .values_list("version", "updated_at").first()
        )
        submitted = cleaned.get("edit_version")
        if current and submitted != current[0]:
            last = Version.objects.get_for_object_reference(Article, self.instance.pk).first()
            who = last.revision.user if last and last.revision.user else None
            raise ValidationError(
                _("Not saved: %(who)s saved this story at %(time)s, after you opened it. "
                  "Your text is still in the form below: copy what you changed, reload the "
                  "page, and apply it to the latest version."),
                code="stale_version",
                params={
                    "who": (who.get_full_name() or who.username) if who else _("someone else"),
                    "time": date_format(timezone.localtime(current[1]), "TIME_FORMAT"),
                },
            )
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
        return allowed and (obj is None or permissions.is_editor(request.user))

    def view_on_site(self, obj):
        # Only a story readers can see has a page to view; a draft's URL would be a 404.
        if Article.objects.published().filter(pk=obj.pk).exists():
            return obj.get_absolute_url()
        return None

    # --- the list ---

    @admin.display(description=_("status"), ordering="status")
    def status_badge(self, obj):
        label, state = obj.get_status_display(), obj.status
        if obj.status == Status.PUBLISHED and obj.published_at > timezone.now():
            label = _("Scheduled for %(time)s %(tz)s") % {
                "time": _local(obj.published_at), "tz": timezone.get_current_timezone_name(),
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
        fieldsets.append((None, {"fields": ["edit_version"], "classes": ["hidden"]}))
        return fieldsets

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        with reversion.create_revision():
            reversion.set_user(request.user)
            return super().changeform_view(request, object_id, form_url, extra_context)

    def save_model(self, request, obj, form, change):
        if change:
            obj.version = form.cleaned_data.get("edit_version", obj.version) + 1
            previous = Article.objects.filter(pk=obj.pk).values(
                *[f"correction_note_{lang}" for lang, _name in settings.LANGUAGES]
            ).first()
            corrected = any(
                (getattr(obj, field) or "") != (previous[field] or "") and getattr(obj, field)
                for field in previous
            )
            if corrected:
                obj.corrected_at = timezone.now()
        super().save_model(request, obj, form, change)
        if change and corrected:
            services.record(
                obj, action=ArticleEvent.Action.CORRECTED, by=request.user,
                note=obj.correction_note_ar or obj.correction_note_en or "",
            )
        if obj.status == Status.PUBLISHED:
            services.announce_public_change(obj)
        EditSession.objects.filter(article=obj, user=request.user).delete()

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
        user = request.user
        others = []
        can_edit = permissions.can_edit(user, article)
        if can_edit:
            now = timezone.now()
            session, _created = EditSession.objects.get_or_create(
                article=article, user=user, defaults={"since": now, "last_seen": now}
            )
            # A session silent for longer than the timeout belongs to a page closed long
            # ago: opening the story again starts a new one, so others read the right time.
            EditSession.objects.filter(pk=session.pk, last_seen__lt=now - EDITING_TIMEOUT).update(
                since=now
            )
            EditSession.objects.filter(pk=session.pk).update(last_seen=now)
            others = list(_other_editors(article, user))
        else:
            # A read-only page (say, after submitting) is not "editing" any more.
            EditSession.objects.filter(article=article, user=user).delete()
        events = article.events.select_related("by")
        sent_back = None
        if article.status == Status.DRAFT and permissions.is_own(user, article):
            latest = events.first()
            if latest and latest.action == ArticleEvent.Action.SENT_BACK:
                sent_back = latest
        return {
            "desk_moves": available_moves(user, article),
            "desk_events": events[:50],
            "desk_sent_back": sent_back,
            "desk_others": others,
            "desk_can_take_over": permissions.can_take_over(user, article),
            "desk_can_preview": permissions.can_preview(user, article),
            "desk_can_links": permissions.can_manage_preview_links(user, article),
            "desk_links": [
                (link, preview_link_url(request, link))
                for link in article.preview_links.filter(revoked_at__isnull=True,
                                                         expires_at__gt=timezone.now())
            ],
            "desk_time_zone": timezone.get_current_timezone_name(),
            "desk_scheduled": article.status == Status.PUBLISHED
            and article.published_at > timezone.now(),
            "desk_heartbeat_seconds": 20,
            "desk_can_edit": can_edit,
        }

    # --- workflow and desk URLs ---

    def get_urls(self):
        view = self.admin_site.admin_view
        desk = [
            path("<int:pk>/move/<str:move>/", view(self.move_view), name="articles_article_move"),
            path("<int:pk>/heartbeat/", view(self.heartbeat_view),
                 name="articles_article_heartbeat"),
            path("<int:pk>/take-over/", view(self.take_over_view),
                 name="articles_article_take_over"),
            path("<int:pk>/versions/", view(self.versions_view), name="articles_article_versions"),
            path("<int:pk>/versions/<int:version_id>/restore/", view(self.restore_view),
                 name="articles_article_restore"),
            path("<int:pk>/preview-links/", view(self.create_link_view),
                 name="articles_article_preview_links"),
            path("<int:pk>/preview-links/<int:link_id>/revoke/", view(self.revoke_link_view),
                 name="articles_article_revoke_link"),
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
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        article = self._article(request, pk)
        note = request.POST.get("note", "")
        try:
            if move == "submit":
                services.submit_for_review(article, by=request.user, note=note)
                done = _("Submitted for review. The editors have been told.")
            elif move == "send_back":
                services.send_back(article, by=request.user, note=note)
                done = _("Sent back to the author with your note.")
            elif move == "publish":
                services.publish_article(article, by=request.user)
                done = _("Published.")
            elif move == "schedule":
                when = _parse_local(request.POST.get("at", ""))
                if when is None or when <= timezone.now():
                    raise ValidationError(_("Choose a publication time in the future."))
                services.publish_article(article, by=request.user, at=when)
                done = _("Scheduled for %(time)s.") % {"time": _local(when, with_zone=True)}
            elif move == "unpublish":
                services.unpublish_article(article, by=request.user, reason=note)
                done = _("Unpublished. Its address now tells readers it was removed.")
            elif move == "return_to_draft":
                services.return_to_draft(article, by=request.user, note=note)
                done = _("Returned to draft.")
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

    def heartbeat_view(self, request, pk):
        """Called every few seconds by an open edit page: who else has this story open?"""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        article = self._article(request, pk)
        if not permissions.can_edit(request.user, article):
            raise PermissionDenied
        now = timezone.now()
        updated = EditSession.objects.filter(article=article, user=request.user).update(
            last_seen=now
        )
        taken_over = None
        if not updated:
            # Our session is gone: either new, or an editor took the story over. After a
            # take-over the page stays "taken over" (no new session) until it is reloaded.
            last = article.events.filter(action=ArticleEvent.Action.TOOK_OVER).first()
            if last and last.by_id != request.user.pk and last.at > now - EDITING_TIMEOUT * 10:
                taken_over = _display_name(last.by)
            else:
                EditSession.objects.create(article=article, user=request.user)
        others = [
            {"name": _display_name(s.user), "since": _local(s.since)}
            for s in _other_editors(article, request.user)
        ]
        return JsonResponse({"others": others, "taken_over_by": taken_over})

    def take_over_view(self, request, pk):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        article = self._article(request, pk)
        permissions.check_can_take_over(request.user, article)
        with transaction.atomic():
            others = list(_other_editors(article, request.user))
            names = "، ".join(_display_name(s.user) for s in others)
            services.record(
                article, action=ArticleEvent.Action.TOOK_OVER, by=request.user,
                note=_("Took over from %(names)s") % {"names": names} if names else "",
            )
            EditSession.objects.filter(article=article).exclude(user=request.user).delete()
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
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        article = self._article(request, pk)
        permissions.check_can_restore(request.user, article)
        version = get_object_or_404(
            Version.objects.get_for_object(article), pk=version_id
        )
        number = Version.objects.get_for_object(article).filter(pk__lte=version.pk).count()
        with transaction.atomic(), reversion.create_revision():
            article = Article.objects.select_for_update().get(pk=article.pk)
            data = version.field_dict
            for field in RESTORED_FIELDS:
                name = field.removesuffix("_id")
                key = field if field in data else name
                if key in data and _still_exists(field, data[key]):
                    setattr(article, field, data[key])
            article.version += 1
            article.save()
            reversion.set_user(request.user)
            reversion.set_comment(_("Restored version %(n)s") % {"n": number})
            services.record(
                article, action=ArticleEvent.Action.RESTORED, by=request.user,
                note=_("Restored version %(n)s") % {"n": number},
            )
            if article.status == Status.PUBLISHED:
                services.announce_public_change(article)
        self.message_user(
            request, _("Version %(n)s restored as a new version.") % {"n": number},
            messages.SUCCESS,
        )
        return self._back(article)

    def create_link_view(self, request, pk):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        article = self._article(request, pk)
        permissions.check_can_manage_preview_links(request.user, article)
        try:
            hours = min(max(int(request.POST.get("hours", "48")), 1), 24 * 30)
        except ValueError:
            hours = 48
        link = PreviewLink.objects.create(
            article=article, note=request.POST.get("note", "")[:200], created_by=request.user,
            expires_at=timezone.now() + timedelta(hours=hours),
        )
        self.message_user(request, _("Preview link created: %(url)s") % {
            "url": preview_link_url(request, link)}, messages.SUCCESS)
        return self._back(article)

    def revoke_link_view(self, request, pk, link_id):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        article = self._article(request, pk)
        permissions.check_can_manage_preview_links(request.user, article)
        revoked = PreviewLink.objects.filter(
            pk=link_id, article=article, revoked_at__isnull=True
        ).update(revoked_at=timezone.now())
        if revoked:
            self.message_user(request, _("Preview link revoked."), messages.SUCCESS)
        else:
            self.message_user(
                request, _("That preview link was already revoked or does not exist."),
                messages.WARNING,
            )
        return self._back(article)


def _other_editors(article, user):
    fresh = timezone.now() - EDITING_TIMEOUT
    return (
        EditSession.objects.filter(article=article, last_seen__gte=fresh)
        .exclude(user=user).select_related("user").order_by("since")
    )


def _still_exists(field: str, value) -> bool:
    """A version may name a section or image deleted since: that one cannot come back, and
    the story keeps the one it has now (rather than failing on the foreign key)."""
    if not field.endswith("_id") or value is None:
        return True
    related = Article._meta.get_field(field.removesuffix("_id")).related_model
    return related._default_manager.filter(pk=value).exists()


def _exists(object_id) -> bool:
    try:
        return Article.objects.filter(pk=unquote(object_id)).exists()
    except (ValueError, ValidationError):
        return False


def _display_name(user) -> str:
    return (user.get_full_name() or user.username) if user else ""


def _local(moment, *, with_zone=False) -> str:
    local = timezone.localtime(moment)
    text = date_format(local, "DATETIME_FORMAT")
    return f"{text} {timezone.get_current_timezone_name()}" if with_zone else text


def _parse_local(value: str):
    """A `datetime-local` input's value, read in the site's time zone."""
    try:
        parsed = parse_datetime(value.strip()) if value else None
    except ValueError:  # well formed but impossible: month 13, 30 February, 25:00
        return None
    if parsed is None:
        return None
    if timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed, timezone.get_current_timezone())
    return parsed


