from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportedItem(models.Model):
    """What one WordPress object (a post, a photo, an author, a category) became here, so a
    second import of the same site finds it instead of adding it again, and tells an
    unchanged post (same fingerprint) from one edited on WordPress since."""

    class Kind(models.TextChoices):
        POST = "post", _("post")
        ATTACHMENT = "attachment", _("attachment")
        AUTHOR = "author", _("author")
        CATEGORY = "category", _("category")

    site = models.CharField(_("site"), max_length=300, help_text=_("The export's base_site_url."))
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    wp_id = models.CharField(_("WordPress id"), max_length=300)
    object_id = models.PositiveBigIntegerField(_("imported as"))
    fingerprint = models.CharField(_("fingerprint"), max_length=80, blank=True)
    imported_at = models.DateTimeField(_("imported at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("imported WordPress item")
        verbose_name_plural = _("imported WordPress items")
        constraints = [
            models.UniqueConstraint(fields=["site", "kind", "wp_id"], name="unique_wp_item"),
        ]

    def __str__(self):
        return f"{self.site} {self.kind} {self.wp_id}"
