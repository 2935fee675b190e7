from django.apps import AppConfig
from django.db.models.signals import post_save
from django.utils.translation import gettext_lazy as _


class EditorialConfig(AppConfig):
    name = "editorial"
    verbose_name = _("Editorial workflow")

    def ready(self):
        import reversion

        from articles.models import Article, ArticleAuthor
        from editorial import receivers
        from editorial.models import ArticleEvent, AssignmentEvent

        # Every save of a story keeps a version (with its bylines) for the versions page.
        reversion.register(ArticleAuthor)
        reversion.register(Article, follow=["bylines"])

        # Inbox lines (and mail) in the transaction that records each desk event.
        post_save.connect(
            receivers.record_notifications, sender=ArticleEvent, dispatch_uid="desk_inbox"
        )
        post_save.connect(
            receivers.record_assignment_notifications, sender=AssignmentEvent,
            dispatch_uid="desk_inbox_assignments",
        )
        post_save.connect(receivers.check_links_on_save, sender=Article,
                          dispatch_uid="check_links_on_save")
