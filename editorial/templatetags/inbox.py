from django import template

from editorial import notifications, permissions, planning
from editorial.admin.desk_pages import my_desk as _my_desk

register = template.Library()


@register.simple_tag(takes_context=True)
def inbox_unread(context) -> str:
    """The header's unread count ("99+" past the cap); one query, kept for the request."""
    request = context.get("request")
    if request is None:
        return "0"
    count = notifications.unread_count(request)
    return f"{notifications.UNREAD_CAP - 1}+" if count >= notifications.UNREAD_CAP else str(count)


@register.simple_tag
def my_desk(user):
    """The shelves of the user's desk (editorial.admin.desk_pages.my_desk), for the front page."""
    if not user.has_perm("articles.view_article"):
        return []
    return _my_desk(user)


@register.simple_tag
def my_assignments(user):
    """The user's open assignments and, for editors, every overdue one on the budget: the
    "my desk" shelves of the story budget (editorial.planning)."""
    if not permissions.can_see_budget(user):
        return None
    return {
        "mine": planning.open_assignments(user),
        "overdue": planning.overdue_assignments() if permissions.can_plan(user) else None,
    }
