"""The workflow's moves, as data, over the story statuses defined by articles.models.

Each move has a name, the statuses it may start from and the status it leads to; the
services (services.py) give each move its rules and side effects, permissions.py says who
may take it, and the desk (desk.py) reads the same table to decide which buttons to show.
"""

from dataclasses import dataclass

from articles.models import Status


@dataclass(frozen=True)
class MoveRule:
    name: str
    sources: frozenset
    target: Status


def _rule(name, sources, target):
    return MoveRule(name, frozenset(sources), target)


MOVES = {
    rule.name: rule
    for rule in [
        _rule("submit", {Status.DRAFT}, Status.IN_REVIEW),
        # Only from review: an unpublished story goes back through "return to draft".
        _rule("send_back", {Status.IN_REVIEW}, Status.DRAFT),
        # Draft straight to published is allowed: editors publish breaking news themselves.
        # From PUBLISHED only while still scheduled (publish now, or re-time): services.py.
        _rule("publish", {Status.DRAFT, Status.IN_REVIEW, Status.UNPUBLISHED, Status.PUBLISHED},
              Status.PUBLISHED),
        _rule("unpublish", {Status.PUBLISHED}, Status.UNPUBLISHED),
        _rule("return_to_draft", {Status.UNPUBLISHED}, Status.DRAFT),
    ]
}

# Which statuses each status can lead to, derived from the moves (for reading and tests).
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
