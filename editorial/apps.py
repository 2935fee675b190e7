from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EditorialConfig(AppConfig):
    name = "editorial"
    verbose_name = _("Editorial workflow")

    def ready(self):
        import reversion

        from articles.models import Article, ArticleAuthor
        from editorial import receivers, signals

        # Every save of a story keeps a version (with its bylines) for the versions page.
        reversion.register(ArticleAuthor)
        reversion.register(Article, follow=["bylines"])

        signals.public_content_changed.connect(
            receivers.bump_public_version, dispatch_uid="bump_public_version"
        )
        # What every public page shows besides stories: menu, bylines, topics, photos, footer.
        from django.db.models.signals import post_delete, post_save

        from articles.models import Tag
        from authors.models import Author
        from images.models import Image
        from sections.models import Section
        from sitesettings.models import SiteSettings

        for model in (Section, Author, Tag, Image, SiteSettings):
            for signal in (post_save, post_delete):
                signal.connect(
                    receivers.bump_public_version, sender=model,
                    dispatch_uid=f"bump_on_{signal is post_save}_{model.__name__}",
                )
        signals.article_submitted.connect(
            receivers.notify_editors_of_submission, dispatch_uid="mail_editors_on_submit"
        )
        for signal in (signals.article_sent_back, signals.article_published):
            signal.connect(receivers.notify_author, dispatch_uid=f"mail_author_{id(signal)}")
