"""Caching's side effects, run by the task worker (`manage.py db_worker`), never by a request."""

from django.tasks import task

from caching import frontcache


# Before desk mail: readers wait on it, and a slow mail server must not hold it up.
@task(priority=10)
def refresh_front(paths: list[str]) -> dict:
    """GET `paths` at every front (NEWSROOM_FRONT_URL) so each stores its new copy; returns
    {"done": n, "failed": n}. A failing front is logged, and catches up by itself."""
    return frontcache.refresh(paths)
