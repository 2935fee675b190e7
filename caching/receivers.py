"""What caching does when readers' content changes: record it, bump the page cache after the
commit (only what the change shows on, when that is known), and enqueue the nginx front's
refresh. Connected in CachingConfig.ready()."""

import logging
from functools import partial

from django.db import DatabaseError, transaction

from caching import deps, frontcache, pagecache
from caching.models import PublicContentVersion

logger = logging.getLogger(__name__)


def bump_public_version(sender, article=None, instance=None, **kwargs):
    """Any change readers may see: recorded in the change's own transaction (so the page
    cache can repair a lost bump), then, after the commit, the page cache bumped (the pages
    showing what changed: changed_deps) and the front's refresh enqueued, in that order (the
    front must not get the old pages back)."""
    db_version = record_public_change()
    # Listed after the commit: the story as committed (bylines and tags the admin saves after
    # the story included), and no query that could break the change's transaction.
    names = partial(changed_deps, sender, article=article, instance=instance, **kwargs)
    transaction.on_commit(partial(bump_page_cache, db_version, names), robust=True)
    transaction.on_commit(
        partial(frontcache.refresh_after_change, article=article, instance=instance),
        robust=True,
    )


def record_public_change() -> int | None:
    """Write the public version row now; None if that failed outside a transaction (where
    the change itself is safe already and the cache bump still runs)."""
    if transaction.get_connection().in_atomic_block:
        return PublicContentVersion.touch()  # an error here must undo the change: let it
    try:
        return PublicContentVersion.touch()
    except DatabaseError:
        logger.warning("Could not record a public change in the database", exc_info=True)
        return None


def changed_deps(sender, article=None, instance=None, **kwargs) -> set[str] | None:
    """The dependency names (caching/deps.py) a change renews; None for every page.

    A story published or scheduled: its page and the lists it is in; edited, corrected,
    restored: the same and every list page (it may have left one). Taken down (unpublished,
    deleted): every page, so its headline leaves the related and most-read lists at once too.
    A new tag or byline: its own page and feed (nothing else shows it yet); a new photo:
    nothing shows it yet. A photo edited or deleted: the pages that show it (deps.photo_deps:
    its stories' pages and cards, its byline's page; every page for the logo or past
    deps.PHOTO_STORY_LIMIT stories). Anything else (a section, the site settings, an edited
    byline or tag): every page. Never raises: when in doubt, every page."""
    from django.db.models.signals import post_delete

    from articles.models import Article, Tag
    from authors.models import Author
    from editorial.models import ArticleEvent
    from images.models import Image

    try:
        if article is not None:
            action = getattr(kwargs.get("event"), "action", None)
            published = action in (ArticleEvent.Action.PUBLISHED, ArticleEvent.Action.SCHEDULED)
            if action is not None and not published:
                return None
            story = Article.objects.select_related("section").filter(pk=article.pk).first()
            if story is None:
                return None  # deleted
            return deps.story_deps(story, published=published)
        created = kwargs.get("created") and kwargs.get("signal") is not post_delete
        if created and sender is Tag and instance.slug:
            return {f"list:tag:{instance.slug}", "feeds"}  # its page and its feed
        if created and sender is Author and instance.slug:
            return {f"list:author:{instance.slug}", "feeds"}
        if created and sender is Image:
            return set()
        if sender is Image and kwargs.get("signal") is post_delete:
            uses = getattr(instance, PHOTO_USES, None)  # read before the delete, or None
            return None if uses is None else deps.photo_deps(uses=uses)
        if sender is Image:
            return deps.photo_deps(instance.pk)
    except Exception:  # noqa: BLE001 - every page is always right
        logger.exception("Could not list what a public change shows on; renewing every page")
    return None


PHOTO_USES = "_caching_photo_uses"


def remember_photo_uses(sender, instance, **kwargs):
    """pre_delete of a library photo: where it shows through a key (deps.photo_uses), kept
    on the instance for changed_deps, as the delete sets those keys to null. In a savepoint,
    so that a failure here leaves the delete alone (changed_deps then renews every page)."""
    try:
        with transaction.atomic():
            setattr(instance, PHOTO_USES, deps.photo_uses(instance.pk))
    except Exception:  # noqa: BLE001 - every page is always right
        logger.exception("Could not list where a deleted photo shows; renewing every page")


def bump_page_cache(db_version=None, names=None) -> None:
    """pagecache.bump_deps (or bump_version, for every page) that never raises (it runs
    after the commit); `names` is a callable listing them (changed_deps), or None."""
    try:
        if callable(names):
            names = names()
        if names is None:
            pagecache.bump_version(db_version)
        else:
            pagecache.bump_deps(names, db_version)
    except Exception:  # noqa: BLE001 - the reconcile in pagecache repairs a lost bump
        logger.exception("Could not bump the page cache after a public change")
