"""The change and add pages' autosave: where to post, and the working copy to offer."""

from django import template
from django.urls import reverse

from editorial import autosave, permissions

register = template.Library()


@register.simple_tag(takes_context=True)
def autosave_page(context, article=None):
    """What templates/admin/articles/article/_autosave.html needs; None where this user does
    not write (a read-only page keeps no working copy). Reads only."""
    request = context["request"]
    user = request.user
    if article is None:
        if not permissions.can_create(user):
            return None
        urls = reverse("admin:articles_article_autosave_new"), reverse(
            "admin:articles_article_discard_copy_new")
    else:
        if not permissions.can_edit(user, article):
            return None
        urls = reverse("admin:articles_article_autosave", args=[article.pk]), reverse(
            "admin:articles_article_discard_copy", args=[article.pk])
    # A form sent back with errors already holds what was typed: nothing to offer then.
    offer = autosave.working_copy_for(user, article) if request.method == "GET" else None
    return {
        "save_url": urls[0],
        "discard_url": urls[1],
        "offer": offer,
        "copy": offer and {**offer.copy.data, "base_version": offer.copy.base_version},
        "headline": offer and _headline(offer.copy.data),
    }


def _headline(data) -> str:
    fields = data.get("fields", {})
    for name in ("title_ar", "title_en"):
        value = fields.get(name)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return ""
