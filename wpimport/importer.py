"""A WordPress export into the newsroom: posts become stories through the desk's services.

Each post is written in its own transaction, so one bad post is reported and the others
still arrive. What each WordPress object became is kept (wpimport.ImportedItem): a second
run of the same export finds every post again, leaves the unchanged ones alone and brings
the edited ones up to date. Status mapping, fields and figures: docs/wordpress-import.md.
"""

import hashlib
import html
import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import reversion
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext

from articles.models import Article, ArticleAuthor, OldAddress, Status, Tag
from authors.models import Author
from core.text import arabic_slug
from editorial import services
from editorial.workflow import InvalidTransition
from images.models import Image
from images.services import create_image
from sections.models import Section
from wpimport import blocks, wxr
from wpimport.media import MediaMissing, MediaSource, original_of, uploads_path
from wpimport.models import ImportedItem

Kind = ImportedItem.Kind

# WordPress status -> what the story becomes. private and trash are not for readers and
# have no place on the desk: skipped and counted.
IMPORTED_STATUSES = {"publish", "future", "draft", "pending"}
SKIPPED_STATUSES = {"private", "trash"}
# Marks the fingerprint of a post imported without some of its photos.
INCOMPLETE = ":photos-missing"
# Problems listed one by one in the report; beyond this, only counted.
MAX_LISTED_PROBLEMS = 50


@dataclass
class Report:
    """What an import did, for the closing report and the tests."""

    site: str = ""
    posts_in_file: Counter = field(default_factory=Counter)  # per WordPress status
    stories: Counter = field(default_factory=Counter)  # created / updated / unchanged
    statuses: Counter = field(default_factory=Counter)  # what created or updated stories became
    skipped: Counter = field(default_factory=Counter)  # reason -> count
    created: Counter = field(default_factory=Counter)  # sections, bylines, tags, images, addresses
    reused: Counter = field(default_factory=Counter)
    problems: list[str] = field(default_factory=list)
    problem_count: int = 0

    def problem(self, message: str) -> None:
        self.problem_count += 1
        if len(self.problems) < MAX_LISTED_PROBLEMS:
            self.problems.append(message)


class Importer:
    def __init__(self, path: Path, *, by, media: MediaSource, progress=None):
        self.path = path
        self.by = by
        self.media = media
        self.progress = progress or (lambda done, total: None)
        self.catalogue = wxr.read_catalogue(path)
        self.site = self.catalogue.site or "unknown"
        self.report = Report(site=self.site, posts_in_file=Counter(self.catalogue.statuses))
        self.sections: dict[str, Section] = {}
        self.authors: dict[str, Author] = {}
        self.tags: dict[str, Tag] = {}
        self.images: dict[int, Image | None] = {}
        self.image_urls = {
            original_of(a.attachment_url): a.id for a in self.catalogue.attachments.values()
        }

    # --- the run ---

    def run(self) -> Report:
        with transaction.atomic():
            self._import_sections()
            self._import_authors()
            self._import_tags()
        total = sum(self.catalogue.types.values()) - self.catalogue.types["attachment"]
        for done, item in enumerate(wxr.iter_items(self.path), start=1):
            if item.post_type != "post":
                self.report.skipped[f"{item.post_type or 'unknown'} (not a post)"] += 1
            else:
                self._import_post(item)
            self.progress(done, total)
        return self.report

    # --- sections, bylines, tags ---

    def _import_sections(self) -> None:
        categories = self.catalogue.categories

        # Parents first; our sections go one level deep, so a deeper category hangs from its
        # top-level ancestor.
        def top(slug, seen=()):
            parent = categories[slug].parent
            if not parent or parent not in categories or parent in seen:
                return slug
            return top(parent, (*seen, slug))

        ordered = sorted(categories, key=lambda slug: top(slug) != slug)
        for slug in ordered:
            term = categories[slug]
            root = top(slug)
            parent = self.sections.get(root) if root != slug else None
            self.sections[slug] = self._mapped(
                Kind.CATEGORY,
                slug,
                Section,
                "sections",
                lambda term=term, parent=parent: self._section(term, parent),
            )

    def _section(self, term: wxr.Term, parent) -> Section:
        slug = arabic_slug(term.slug, 120) or arabic_slug(term.name, 120)
        existing = Section.objects.filter(slug=slug).first() if slug else None
        if existing:
            self.report.reused["sections"] += 1
            return existing
        section = Section(
            name=term.name.strip() or slug,
            name_ar=term.name.strip() or slug,
            slug=slug,
            parent=parent,
        )
        section.full_clean()
        section.save()
        self.report.created["sections"] += 1
        return section

    def _import_authors(self) -> None:
        for login, author in self.catalogue.authors.items():
            self.authors[login] = self._mapped(
                Kind.AUTHOR, login, Author, "bylines", lambda author=author: self._author(author)
            )

    def _author(self, author: wxr.Author) -> Author:
        slug = arabic_slug(author.name, 150) or arabic_slug(author.login, 150)
        existing = Author.objects.filter(slug=slug).first() if slug else None
        if existing:
            self.report.reused["bylines"] += 1
            return existing
        byline = Author(name=author.name, name_ar=author.name, slug=slug)
        byline.save()
        self.report.created["bylines"] += 1
        return byline

    def _import_tags(self) -> None:
        for term in self.catalogue.tags.values():
            self.tags[term.slug] = self._tag(term)

    def _tag(self, term: wxr.Term) -> Tag:
        name = term.name.strip()[:100] or term.slug
        tag = Tag.objects.filter(name_ar=name).first() or Tag.objects.filter(name=name).first()
        if tag:
            self.report.reused["tags"] += 1
            return tag
        self.report.created["tags"] += 1
        return Tag.objects.create(name=name, name_ar=name)

    def _mapped(self, kind, wp_id, model, label, make):
        """The object WordPress's `wp_id` became on an earlier run, else `make()` (recorded)."""
        record = ImportedItem.objects.filter(site=self.site, kind=kind, wp_id=wp_id).first()
        if record:
            found = model.objects.filter(pk=record.object_id).first()
            if found:
                self.report.reused[label] += 1
                return found
        made = make()
        ImportedItem.objects.update_or_create(
            site=self.site, kind=kind, wp_id=wp_id, defaults={"object_id": made.pk}
        )
        return made

    # --- photos ---

    def image(self, wp_id: int | None, src: str = "") -> Image | None:
        """The library photo of WordPress attachment `wp_id` (or of the URL `src`), brought
        in on first use; None, reported once, when its file cannot be had."""
        if wp_id is None or wp_id not in self.catalogue.attachments:
            wp_id = self.image_urls.get(original_of(src)) if src else None
        if wp_id is None:
            return None
        if wp_id not in self.images:
            self.images[wp_id] = self._image(self.catalogue.attachments[wp_id])
        return self.images[wp_id]

    def _image(self, attachment: wxr.Item) -> Image | None:
        record = ImportedItem.objects.filter(
            site=self.site, kind=Kind.ATTACHMENT, wp_id=str(attachment.id)
        ).first()
        if record and (image := Image.objects.filter(pk=record.object_id).first()):
            self.report.reused["images"] += 1
            return image
        relative = attachment.meta.get("_wp_attached_file") or uploads_path(
            attachment.attachment_url
        )
        try:
            data, name = self.media.read(relative, attachment.attachment_url)
            alt = (
                attachment.meta.get("_wp_attachment_image_alt", "").strip()
                or attachment.title.strip()
                or Path(name).stem
            )
            with transaction.atomic():
                image = create_image(
                    file=ContentFile(data, name=name),
                    alt_text_ar=alt[:300],
                    caption_ar=strip_tags(attachment.excerpt).strip()[:500],
                    uploaded_by=self.by,
                )
                ImportedItem.objects.update_or_create(
                    site=self.site,
                    kind=Kind.ATTACHMENT,
                    wp_id=str(attachment.id),
                    defaults={"object_id": image.pk},
                )
        except (MediaMissing, ValidationError) as exc:
            self.report.skipped["photo not imported"] += 1
            self.report.problem(
                f"photo {attachment.id} ({attachment.attachment_url}): {_message(exc)}"
            )
            return None
        self.report.created["images"] += 1
        return image

    # --- posts ---

    def _import_post(self, item: wxr.Item) -> None:
        record = ImportedItem.objects.filter(
            site=self.site, kind=Kind.POST, wp_id=str(item.id)
        ).first()
        article = Article.objects.filter(pk=record.object_id).first() if record else None
        if item.status in SKIPPED_STATUSES or item.status not in IMPORTED_STATUSES:
            self.report.skipped[f"{item.status} post"] += 1
            if article is not None and article.status == Status.PUBLISHED:
                self._take_down(article, item)
            return
        fingerprint = _fingerprint(item)
        if article is not None and record.fingerprint == fingerprint:
            self.report.stories["unchanged"] += 1
            return
        # Photos first, each in its own transaction: a post refused below must not roll back
        # a photo that other posts use.
        found_all = self._photos(item)
        if article is not None and record.fingerprint == fingerprint + INCOMPLETE and not found_all:
            self.report.stories["unchanged"] += 1  # its missing photos are still missing
            return
        try:
            with transaction.atomic():
                article = self._write_post(item, article)
                ImportedItem.objects.update_or_create(
                    site=self.site,
                    kind=Kind.POST,
                    wp_id=str(item.id),
                    # A post whose photos could not all be had is tried again next run.
                    defaults={
                        "object_id": article.pk,
                        "fingerprint": fingerprint + ("" if found_all else INCOMPLETE),
                    },
                )
        except (ValidationError, PermissionDenied, InvalidTransition, services.Embargoed) as exc:
            self.report.skipped["post refused"] += 1
            self.report.problem(f"post {item.id} «{item.title}»: {_message(exc)}")

    def _photos(self, item: wxr.Item) -> bool:
        """Bring in the post's photos; whether every one of them could be had."""
        wanted = [*blocks.image_references(item.content)]
        if item.thumbnail_id:
            wanted.append((item.thumbnail_id, ""))
        found = [self.image(wp_id, src) for wp_id, src in wanted]  # every one, no short cut
        return all(photo is not None for photo in found)

    def _write_post(self, item: wxr.Item, article: Article | None) -> Article:
        section = self._section_of(item)
        if section is None:
            raise ValidationError("no category to give it a section")
        converted = blocks.convert(item.content, self.image)
        for source in converted.missing_images:
            self.report.problem(f"post {item.id}: photo {source} left out (not found)")
        for note in converted.notes:
            self.report.problem(f"post {item.id}: {note}")
        fields = {
            "title_ar": (html.unescape(strip_tags(item.title)).strip() or f"WordPress #{item.id}")[
                :300
            ],
            "summary_ar": html.unescape(strip_tags(item.excerpt)).strip(),
            "body_ar": converted.body,
            "section": section,
            "lead_image": self.image(item.thumbnail_id) if item.thumbnail_id else None,
        }
        # A version in the story's history, as a save from the desk makes one.
        with reversion.create_revision():
            reversion.set_user(self.by)
            reversion.set_comment(gettext("Imported from WordPress"))
            if article is None:
                article = Article(**fields)
                services.create_story(article, by=self.by)
                self.report.stories["created"] += 1
            else:
                for name, value in fields.items():
                    setattr(article, name, value)
                article = services.save_story(article, by=self.by, edit_version=article.version)
                self.report.stories["updated"] += 1
        self._bylines(article, item)
        article.tags.set(
            [self.tags[t.slug] if t.slug in self.tags else self._tag(t) for t in item.tags]
        )
        self._status(article, item)
        for path in item.old_paths():
            _, created = OldAddress.objects.update_or_create(
                path=path[:1000], defaults={"article": article}
            )
            self.report.created["old addresses"] += created
        return article

    def _section_of(self, item: wxr.Item) -> Section | None:
        for term in item.categories:
            if term.slug in self.sections:
                return self.sections[term.slug]
        return next(iter(self.sections.values()), None)

    def _bylines(self, article: Article, item: wxr.Item) -> None:
        author = self.authors.get(item.creator)
        if author is None and item.creator:
            author = self._author(wxr.Author(login=item.creator))
            self.authors[item.creator] = author
        wanted = [author.pk] if author else []
        current = list(article.bylines.values_list("author_id", flat=True))
        if current != wanted:
            article.bylines.all().delete()
            for order, author_id in enumerate(wanted):
                ArticleAuthor.objects.create(article=article, author_id=author_id, order=order)

    def _status(self, article: Article, item: wxr.Item) -> None:
        """Move the story to what the post's status says, through the desk's services."""
        if item.status in ("publish", "future"):
            when = item.date_gmt or _local(item.date) or timezone.now()
            if article.status != Status.PUBLISHED or (
                article.is_scheduled and article.published_at != when
            ):
                # The archive is published as it was: the checklist's warnings are recorded
                # as overridden, its blocking items still refuse (reported).
                # A future post goes through the desk's Schedule (a time still to come).
                move = (
                    services.schedule_article if when > timezone.now() else services.publish_article
                )
                move(
                    article,
                    by=self.by,
                    at=when,
                    override=True,
                    note=gettext("Imported from WordPress"),
                )
            article.refresh_from_db()
            self.report.statuses["scheduled" if article.is_scheduled else "published"] += 1
        elif item.status == "pending":
            if article.status == Status.DRAFT:
                services.submit_for_review(
                    article, by=self.by, note=gettext("Imported from WordPress")
                )
            self.report.statuses["in review"] += 1
        else:
            self.report.statuses["draft"] += 1

    def _take_down(self, article: Article, item: wxr.Item) -> None:
        """A post made private or trashed on WordPress after an earlier import."""
        try:
            services.unpublish_article(
                article,
                by=self.by,
                reason=gettext("Made %(status)s on WordPress since the last import.")
                % {"status": item.status},
            )
            self.report.stories["taken down"] += 1
        except (PermissionDenied, InvalidTransition) as exc:
            self.report.problem(f"post {item.id}: not taken down: {_message(exc)}")


def _fingerprint(item: wxr.Item) -> str:
    """What of a post the import uses, hashed: a change on WordPress changes it."""
    data = [
        item.title,
        item.content,
        item.excerpt,
        item.status,
        item.date,
        item.date_gmt.isoformat() if item.date_gmt else "",
        item.creator,
        item.link,
        [t.slug for t in item.categories],
        [t.slug for t in item.tags],
        item.thumbnail_id,
    ]
    return hashlib.sha256(json.dumps(data, ensure_ascii=False).encode()).hexdigest()


def _local(value: str):
    """The old site's local time (post_date), read in our time zone: a last resort."""
    try:
        parsed = timezone.datetime.strptime(value.strip(), "%Y-%m-%d %H:%M:%S")
    except ValueError:
        return None
    return timezone.make_aware(parsed)


def _message(exc) -> str:
    if isinstance(exc, ValidationError):
        return "; ".join(str(m) for m in exc.messages)
    return str(exc) or type(exc).__name__


def import_wordpress(
    path: Path, *, by, media_dir: Path | None = None, download: bool = True, progress=None
) -> Report:
    """Import the export at `path` as `by` (an editor: the services check it). Raises
    wxr.WxrError when the file is not an export we can read."""
    importer = Importer(
        path, by=by, media=MediaSource(media_dir, download=download), progress=progress
    )
    return importer.run()
