"""Who may do what on the desk. The one place these rules live.

Services call the `check_*` functions (which raise PermissionDenied) so the rules hold for
every caller: admin buttons, crafted POSTs, commands. The admin calls the `can_*` functions
only to decide which buttons to show.

Django permissions are the vocabulary (granted to groups by editorial/migrations/0001):
- articles.change_article: may edit own drafts (journalists);
- articles.review_article: may edit any story in any state, send back, take over (editors);
- articles.publish_article: may publish, schedule, unpublish, republish (editors).
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q

from articles.models import Article, Status


def _on_desk(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active and user.is_staff)


def is_editor(user) -> bool:
    """Editors review: they may touch any story in any state."""
    return _on_desk(user) and user.has_perm("articles.review_article")


def is_own(user, article: Article) -> bool:
    """A journalist's own story is one they created."""
    return article.created_by_id is not None and article.created_by_id == user.pk


def visible_stories(user, stories=None):
    """The stories `user` may see on the desk: can_view as a query, for lists and counts."""
    stories = Article.objects.all() if stories is None else stories
    if not _on_desk(user):
        return stories.none()
    if is_editor(user):
        return stories
    return stories.filter(Q(created_by=user) | Q(status=Status.PUBLISHED))


def can_view(user, article: Article) -> bool:
    """Journalists see their own stories and everything published; editors see all."""
    if not _on_desk(user):
        return False
    if is_editor(user):
        return True
    return is_own(user, article) or article.status == Status.PUBLISHED


def can_edit(user, article: Article) -> bool:
    """Editors edit anything. Journalists edit their own story only while it is a draft
    (which includes a draft an editor sent back); in review or published, it is the desk's."""
    if not (_on_desk(user) and user.has_perm("articles.change_article")):
        return False
    if is_editor(user):
        return True
    return is_own(user, article) and article.status == Status.DRAFT


def can_create(user, article: Article | None = None) -> bool:
    """Whoever may add stories (journalists and editors) starts a new one as its author."""
    return _on_desk(user) and user.has_perm("articles.add_article")


def can_delete(user, article: Article) -> bool:
    """Deleting a story destroys it and its history: an editor's call."""
    return is_editor(user) and user.has_perm("articles.delete_article")


def can_submit(user, article: Article) -> bool:
    """A journalist submits their own draft; editors may submit anyone's."""
    if not (_on_desk(user) and user.has_perm("articles.change_article")):
        return False
    return is_own(user, article) or is_editor(user)


def can_send_back(user, article: Article) -> bool:
    """Only editors send a story back to its author."""
    return is_editor(user)


def can_publish(user, article: Article) -> bool:
    """Editors publish, schedule and republish. Journalists never publish, not even their own."""
    return _on_desk(user) and user.has_perm("articles.publish_article")


def can_unpublish(user, article: Article) -> bool:
    """Taking a story down is a publishing decision."""
    return can_publish(user, article)


def can_return_to_draft(user, article: Article) -> bool:
    """An unpublished story goes back to the desk as a draft at an editor's hand."""
    return is_editor(user)


def can_preview(user, article: Article) -> bool:
    """Editors, and the story's own author, may preview it in any state."""
    if not _on_desk(user):
        return False
    if is_editor(user) or is_own(user, article):
        return True
    return article.bylines.filter(author__user=user).exists()


def can_take_over(user, article: Article) -> bool:
    """An editor may take a story from whoever has it open."""
    return is_editor(user)


def can_restore(user, article: Article) -> bool:
    """Restoring an older version rewrites the story: an editor's call."""
    return is_editor(user)


def can_manage_preview_links(user, article: Article) -> bool:
    """Links for people without an account (a lawyer, a translator) are made by editors."""
    return is_editor(user)


def require(rule, user, article: Article) -> None:
    """Raise PermissionDenied unless `rule(user, article)`: how services check a rule."""
    if not rule(user, article):
        raise PermissionDenied


# --- the story budget (editorial/planning.py): rules take an Assignment ---


def can_see_budget(user, assignment=None) -> bool:
    """The whole desk sees the budget: who is on what, and when it is due."""
    return _on_desk(user)


def can_plan(user, assignment=None) -> bool:
    """Planning stories and handing them out is the desk chief's call: editors."""
    return is_editor(user)


def can_convert(user, assignment) -> bool:
    """The assignee starts the draft of their assignment; an editor may start anyone's."""
    if not (_on_desk(user) and user.has_perm("articles.add_article")):
        return False
    return is_editor(user) or (
        assignment.assignee_id is not None and assignment.assignee_id == user.pk
    )
