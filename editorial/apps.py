from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EditorialConfig(AppConfig):
    name = "editorial"
    verbose_name = _("Editorial workflow")

    def ready(self):
        import reversion
        from django.db.models.signals import post_save

        from articles.models import Article, ArticleAuthor
        from editorial import receivers, signals

        # Every save of a story keeps a version (with its bylines) for the versions page.
        reversion.register(ArticleAuthor)
        reversion.register(Article, follow=["bylines"])

        signals.article_submitted.connect(
            receivers.notify_editors_of_submission, dispatch_uid="mail_editors_on_submit"
        )
        for signal in (signals.article_sent_back, signals.article_published):
            signal.connect(receivers.notify_author, dispatch_uid=f"mail_author_{id(signal)}")
        post_save.connect(receivers.check_links_on_save, sender=Article,
                          dispatch_uid="check_links_on_save")
