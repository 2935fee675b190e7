"""What the desk tells the rest of the system. Sent by services, after the commit."""

from django.dispatch import Signal

# Each is sent with `article` and `event` (an ArticleEvent).
article_submitted = Signal()
article_sent_back = Signal()
article_published = Signal()  # published now, or scheduled (event.action says which)
article_unpublished = Signal()
# Any change readers may see: publish, unpublish, an edit of a live story, a correction.
public_content_changed = Signal()
