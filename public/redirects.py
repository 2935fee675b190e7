"""Old addresses (articles.OldAddress, e.g. a WordPress site's permalinks) answered with a
permanent redirect to the story they now belong to, and only while readers may see it.

A middleware rather than a catch-all URL: a catch-all would make every path "valid" and so
switch off APPEND_SLASH. It costs a query only on a 404 and on the home page's `?p=N`
(WordPress's short address), never on a page that exists; a redirect costs that one query.
"""

from django.db import DatabaseError
from django.http import HttpResponsePermanentRedirect

from articles.models import Article, OldAddress

# WordPress's short addresses: /?p=123 (posts) answer on the home page, before any 404.
SHORT_ADDRESS_PARAMETERS = ("p",)


def old_address_target(path: str) -> str | None:
    """Where the old `path` now lives, or None: unknown, or its story is not for readers."""
    candidates = {path, path.rstrip("/") if path.endswith("/") else path + "/"} - {""}
    found = (
        OldAddress.objects.filter(path__in=candidates, article__in=Article.objects.published())
        .select_related("article")
        .only("article__id", "article__slug")
        .first()
    )
    return found.article.get_absolute_url() if found else None


def _short_address(request) -> str | None:
    if request.path_info != "/":
        return None
    for name in SHORT_ADDRESS_PARAMETERS:
        value = request.GET.get(name, "")
        if value.isascii() and value.isdigit() and len(value) < 19:
            return f"/?{name}={int(value)}"
    return None


class OldAddressRedirectMiddleware:
    """Before the view for WordPress's short address on the home page; after it for any path
    that answered 404. (Resolving every path first, to spare an old address its 404 page,
    cost every page a second URL resolution: docs/benchmarks.md, "Faster misses".)"""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        early = _short_address(request)
        if early:
            try:
                target = old_address_target(early)
            except DatabaseError:
                target = None  # an outage: the "not found" page needs no database
            if target:
                return HttpResponsePermanentRedirect(target)
            return self.get_response(request)
        response = self.get_response(request)
        if response.status_code == 404:
            try:
                target = old_address_target(request.path_info)
            except DatabaseError:
                return response
            if target:
                return HttpResponsePermanentRedirect(target)
        return response
