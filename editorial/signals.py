"""What the desk tells the rest of the system, sent by its services: the moves after the
commit, public_content_changed inside the change's transaction."""

from django.dispatch import Signal

# Each is sent with `article` and `event` (an ArticleEvent).
article_submitted = Signal()
article_sent_back = Signal()
article_published = Signal()  # published now, or scheduled (event.action says which)
article_unpublished = Signal()
# Any change readers may see: publish, unpublish, an edit of a live story, a correction.
# Sent with `article` and `event` (None for an edit) inside the transaction, so a receiver
# may write in it and defer the rest with transaction.on_commit.
public_content_changed = Signal()

# The story budget (editorial/planning.py), sent after the commit with `assignment`.
assignment_planned = Signal()  # planned, changed or (re)assigned
assignment_converted = Signal()  # its draft was started
