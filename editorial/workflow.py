"""The workflow's moves, as data, over the story statuses defined by articles.models.

Each move has a name, the statuses it may start from, an optional further condition on the
story, and the status it leads to. The services (services.py) take a move only when its rule
`allows` the story, and the desk (desk.py) shows a button by the same test.
"""

from collections.abc import Callable
from dataclasses import dataclass

from articles.models import Article, Status


@dataclass(frozen=True)
class MoveRule:
    name: str
    sources: frozenset
    target: Status
    only_if: Callable[[Article], bool] | None = None  # a condition beyond the status

    def allows(self, article: Article) -> bool:
        """Whether this move may start from `article` as it is now."""
        if article.status not in self.sources:
            return False
        return self.only_if is None or self.only_if(article)


def _rule(name, sources, target, only_if=None):
    return MoveRule(name, frozenset(sources), target, only_if)


def _scheduled(article: Article) -> bool:
    return article.is_scheduled


MOVES = {
    rule.name: rule
    for rule in [
        _rule("submit", {Status.DRAFT}, Status.IN_REVIEW),
        # Only from review: an unpublished story goes back through "return to draft".
        _rule("send_back", {Status.IN_REVIEW}, Status.DRAFT),
        # Draft straight to published is allowed: editors publish breaking news themselves.
        _rule("publish", {Status.DRAFT, Status.IN_REVIEW, Status.UNPUBLISHED}, Status.PUBLISHED),
        # A scheduled story may be published now or re-timed; a live one is not published again.
        _rule("reschedule", {Status.PUBLISHED}, Status.PUBLISHED, only_if=_scheduled),
        _rule("unpublish", {Status.PUBLISHED}, Status.UNPUBLISHED),
        _rule("return_to_draft", {Status.UNPUBLISHED}, Status.DRAFT),
    ]
}

# Which statuses each status can lead to, derived from the moves (conditions aside).
TRANSITIONS = {
    status: {rule.target for rule in MOVES.values() if status in rule.sources}
    for status in Status
}


class InvalidTransition(Exception):
    """The article's current status does not allow the requested move."""

    def __init__(self, current, target):
        self.current = current
        self.target = target
        super().__init__(current, target)


def first_allowed(article: Article, *names: str) -> MoveRule:
    """The first of the moves `names` open to `article`; InvalidTransition if none is."""
    for name in names:
        if MOVES[name].allows(article):
            return MOVES[name]
    raise InvalidTransition(article.status, MOVES[names[0]].target)
