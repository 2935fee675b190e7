"""Working copies: what a person has typed into a story's form, kept every few seconds by the
page (static/editorial/autosave.js) so a crashed tab or a closed laptop loses nothing.

A copy lives in its own table (WorkingCopy), never in the story: readers never see it and a
live story's text never changes by it. It records the version its form was built from, so a
restored copy saved after someone else's save meets the stale-version refusal
(services.check_version) instead of overwriting them. Only these functions write WorkingCopy
rows; a real save of the story discards its author's copy (services.save_story, create_story).
"""

import json
import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from reversion.models import Version

from articles.models import Article
from editorial import permissions, presence
from editorial.models import EditSession, WorkingCopy

# A request body larger than this is refused (413): two long bodies fit many times over.
MAX_BYTES = 2 * 1024 * 1024
MAX_FIELDS = 400
FIELD_NAME = re.compile(r"^[A-Za-z_][\w-]{0,99}$")
# The form's machinery rather than the story: the version (kept as base_version), the
# buttons, and the bylines' management form (restoring a row count would break the formset).
NOT_KEPT = {"csrfmiddlewaretoken", "edit_version", "_save", "_continue", "_addanother",
            "_saveasnew"}
NOT_KEPT_SUFFIXES = ("-TOTAL_FORMS", "-INITIAL_FORMS", "-MIN_NUM_FORMS", "-MAX_NUM_FORMS")


class Malformed(ValueError):
    """The page posted something that is not a working copy; `message` says what."""


class NotActiveEditor(Exception):
    """Someone else has the story open since before this person (and did not hand it over),
    or took it over from them: only the active editor keeps a working copy."""

    def __init__(self, holder):
        self.holder = holder
        super().__init__(holder)

    @property
    def message(self):
        return _("Not autosaved: %(who)s is editing this story. Your typing stays in this "
                 "page only.") % {"who": presence.display_name(self.holder) or _("someone else")}


class Superseded(Exception):
    """This person saved the story since the page's form was built: their save has the text."""

    message = _("Not autosaved: you saved this story since this page was opened. Reload it "
                "to go on from your latest version.")


@dataclass(frozen=True)
class Offer:
    """A working copy worth offering to restore, and whether a later save overtook it."""

    copy: WorkingCopy
    saved_by: object = None  # who saved the story after the copy's base version, if anyone
    saved_at: datetime | None = None

    @property
    def overtaken(self) -> bool:
        return self.saved_at is not None


def parse(body: bytes) -> tuple[dict, int | None]:
    """The page's JSON ({"fields": …, "labels": …, "base_version": n}): (data, base_version).

    Keeps only the form's own fields; raises Malformed for anything else.
    """
    try:
        payload = json.loads(body or b"")
    except (ValueError, RecursionError):  # UnicodeDecodeError is a ValueError
        raise Malformed(_("The working copy is not valid JSON.")) from None
    if not isinstance(payload, dict):
        raise Malformed(_("The working copy is not valid JSON."))
    base = payload.get("base_version")
    if base is not None and (isinstance(base, bool) or not isinstance(base, int) or base < 1):
        raise Malformed(_("The working copy names no valid version of the story."))
    fields = _clean_fields(payload.get("fields"))
    labels = _clean_labels(payload.get("labels", {}), fields)
    return {"fields": fields, "labels": labels}, base


def _clean_fields(fields) -> dict:
    if not isinstance(fields, dict) or len(fields) > MAX_FIELDS:
        raise Malformed(_("The working copy has no readable fields."))
    kept = {}
    for name, value in fields.items():
        if not FIELD_NAME.match(name):
            raise Malformed(_("The working copy has a field with an impossible name."))
        values = value if isinstance(value, list) else [value]
        if not all(isinstance(item, str) for item in values):
            raise Malformed(_("The working copy has a field that is not text."))
        if name not in NOT_KEPT and not name.endswith(NOT_KEPT_SUFFIXES):
            kept[name] = value
    return kept


def _clean_labels(labels, fields) -> dict:
    """{field: {value: label}}: what a chosen option of an autocomplete select reads."""
    if not isinstance(labels, dict):
        raise Malformed(_("The working copy has no readable fields."))
    kept = {}
    for name, options in labels.items():
        if not isinstance(options, dict) or not all(
            isinstance(key, str) and isinstance(text, str) for key, text in options.items()
        ):
            raise Malformed(_("The working copy has a field that is not text."))
        if name in fields:
            kept[name] = options
    return kept


def active_holder(article: Article, user):
    """Whoever else has the story, if `user` may not keep a working copy of it now; None
    if `user` is the active editor (the first of the fresh sessions, or the one who took
    the story over: a take-over closes the others' sessions)."""
    others = list(presence.others_editing(article, user))
    if not others:
        return None
    mine = EditSession.objects.filter(article=article, user=user).first()
    if mine is None:
        return others[0].user  # taken over from them, or their page never said it was open
    earlier = [session for session in others if session.since < mine.since]
    return earlier[0].user if earlier else None


def last_save(article: Article) -> tuple[object, datetime]:
    """(who, when) of the story's latest saved version; (None, updated_at) if none recorded."""
    version = (
        Version.objects.get_for_object_reference(Article, article.pk)
        .select_related("revision__user").first()
    )
    if version is None:
        return None, article.updated_at
    return version.revision.user, version.revision.date_created


# How long an abandoned working copy is kept (pruned by its owner's next autosave).
KEEP_DAYS = 30


@transaction.atomic
def save_working_copy(user, article: Article | None, data: dict, base_version) -> WorkingCopy:
    """Keep `data` (from parse) as `user`'s working copy of `article` (None: a new story).

    Refuses (PermissionDenied) whoever may not edit the story, (NotActiveEditor) whoever is
    not its active editor, and (Superseded) a page whose text the same person has saved
    since. Writes only the WorkingCopy row: the story is read, locked, never changed.
    """
    if article is None:
        permissions.require(permissions.can_create, user, None)
        base_version = None
    else:
        # Locked, so a save of the story (which discards this copy) comes wholly before
        # or after: never a copy of the old text written just after the save.
        article = Article.objects.select_for_update().get(pk=article.pk)
        permissions.require(permissions.can_edit, user, article)
        holder = active_holder(article, user)
        if holder is not None:
            raise NotActiveEditor(holder)
        if base_version is None or base_version > article.version:
            raise Malformed(_("The working copy names no valid version of the story."))
        if base_version < article.version and _saved_last_by(article, user):
            raise Superseded
    copy, _created = WorkingCopy.objects.update_or_create(
        article=article, user=user,
        defaults={"data": data, "base_version": base_version, "saved_at": timezone.now()},
    )
    # A copy nobody came back to in KEEP_DAYS is abandoned: this person's go as they type.
    WorkingCopy.objects.filter(
        user=user, saved_at__lt=timezone.now() - timedelta(days=KEEP_DAYS)
    ).delete()
    return copy


def working_copy_for(user, article: Article | None) -> Offer | None:
    """`user`'s working copy of `article` (None: a new story) if it holds unsaved work.

    A copy holds work the story's saves lack unless `user`'s own save came after it (a
    real save discards the copy; this also covers a copy left from a crash before one).
    A copy that someone else's save overtook is offered, named as such.
    """
    copy = WorkingCopy.objects.filter(article=article, user=user).first()
    if copy is None or article is None:
        return Offer(copy) if copy else None
    if copy.base_version is not None and copy.base_version >= article.version:
        return Offer(copy)
    who, at = last_save(article)
    if who is not None and who.pk == user.pk and at >= copy.saved_at:
        return None
    return Offer(copy, saved_by=who, saved_at=at)


def discard(user, article: Article | None) -> bool:
    """Drop `user`'s working copy of `article` (None: a new story); whether there was one.

    Called when the story is really saved (services.save_story, create_story) and from the
    page's Discard button.
    """
    deleted, _rows = WorkingCopy.objects.filter(article=article, user=user).delete()
    return bool(deleted)


def _saved_last_by(article: Article, user) -> bool:
    who, _at = last_save(article)
    return who is not None and who.pk == user.pk
