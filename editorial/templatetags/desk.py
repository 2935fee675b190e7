from django import template

from editorial.desk import desk_counts as _desk_counts

register = template.Library()


@register.simple_tag
def desk_counts(user):
    """(key, label, count) for the desk views of `user`, for the admin's front page."""
    if not user.has_perm("articles.view_article"):
        return []
    return _desk_counts(user)
