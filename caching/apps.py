from django.apps import AppConfig


class CachingConfig(AppConfig):
    """The one owner of caching: it listens to the content apps; they never call it."""

    name = "caching"

    def ready(self):
        from django.db.models.signals import post_delete, post_save, pre_delete

        from articles.models import Tag
        from authors.models import Author
        from caching import receivers
        from editorial.signals import public_content_changed
        from images.models import Image
        from sections.models import Section
        from sitesettings.models import SiteSettings

        # Sent by the desk's services inside their transaction.
        public_content_changed.connect(
            receivers.bump_public_version, dispatch_uid="bump_public_version"
        )
        # What every public page shows besides stories: menu, bylines, topics, photos, footer.
        for model in (Section, Author, Tag, Image, SiteSettings):
            for signal in (post_save, post_delete):
                signal.connect(
                    receivers.bump_public_version, sender=model,
                    dispatch_uid=f"bump_on_{signal is post_save}_{model.__name__}",
                )
        # A photo's delete sets the keys that show it to null: where it shows, read before.
        pre_delete.connect(
            receivers.remember_photo_uses, sender=Image, dispatch_uid="remember_photo_uses"
        )
