"""What caching does when readers' content changes: record it, bump the page cache after the
commit, and enqueue the nginx front's refresh. Connected in CachingConfig.ready()."""

import logging
from functools import partial

from django.db import DatabaseError, transaction

from caching import frontcache, pagecache
from caching.models import PublicContentVersion

logger = logging.getLogger(__name__)


def bump_public_version(sender, article=None, instance=None, **kwargs):
    """Any change readers may see: recorded in the change's own transaction (so the page
    cache can repair a lost bump), then, after the commit, the page cache bumped and the
    front's refresh enqueued, in that order (the front must not get the old pages back)."""
    db_version = record_public_change()
    transaction.on_commit(partial(bump_page_cache, db_version), robust=True)
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


def bump_page_cache(db_version=None) -> None:
    """pagecache.bump_version that never raises (it runs after the commit)."""
    try:
        pagecache.bump_version(db_version)
    except Exception:  # noqa: BLE001 - the reconcile in pagecache repairs a lost bump
        logger.exception("Could not bump the page cache after a public change")
