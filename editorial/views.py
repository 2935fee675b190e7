"""Previews: a story in any status, rendered with the public templates, never cached."""

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.views.decorators.cache import never_cache

from articles.models import Article
from editorial import permissions
from editorial.previews import active_link


def _preview_response(request, article, *, shared=False):
    response = render(request, "articles/article_detail.html", {
        "article": article, "is_preview": True, "shared_preview": shared,
    })
    # A preview must never be indexed or kept by a shared cache.
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _with_relations():
    return Article.objects.select_related("section", "lead_image").prefetch_related(
        "bylines__author", "tags"
    )


@never_cache
def article_preview(request, pk):
    """Editors, and the story's author, preview it in any status."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    article = get_object_or_404(_with_relations(), pk=pk)
    # Checked before anything is rendered.
    if not permissions.can_preview(request.user, article):
        raise PermissionDenied
    return _preview_response(request, article)


@never_cache
def shared_preview(request, signed):
    """The preview link an editor sent to someone without an account."""
    link = active_link(signed)
    if link is None:
        raise Http404
    article = get_object_or_404(_with_relations(), pk=link.article_id)
    return _preview_response(request, article, shared=True)
