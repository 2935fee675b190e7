from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class Image(models.Model):
    """A photo in the media library, reusable across stories, with its alt text and credit.

    The stored file has had its EXIF orientation applied and all metadata (GPS, camera,
    owner) removed. Renditions (WebP, several widths) are made once, on upload.
    """

    file = models.ImageField(
        _("file"), upload_to="images/%Y/%m/", width_field="width", height_field="height"
    )
    alt_text = models.CharField(
        _("alternative text"), max_length=300,
        help_text=_("What the photo shows, for readers who cannot see it. Required."),
    )
    caption = models.CharField(_("caption"), max_length=500, blank=True)
    credit = models.CharField(
        _("credit"), max_length=200, blank=True, help_text=_("Photographer or agency.")
    )
    rights_note = models.CharField(
        _("source and rights"), max_length=300, blank=True,
        help_text=_("Where the photo comes from and how we may use it. Not shown to readers."),
    )
    width = models.PositiveIntegerField(_("width"), editable=False, default=0)
    height = models.PositiveIntegerField(_("height"), editable=False, default=0)
    focal_x = models.FloatField(
        _("focal point (horizontal)"), null=True, blank=True,
        validators=[MinValueValidator(0.0), MaxValueValidator(1.0)],
        help_text=_("0 = left edge, 1 = right edge. Crops keep this point in view."),
    )
    focal_y = models.FloatField(
        _("focal point (vertical)"), null=True, blank=True,
        validators=[MinValueValidator(0.0), MaxValueValidator(1.0)],
        help_text=_("0 = top, 1 = bottom."),
    )
    # Widths of the WebP renditions made for this image, e.g. [320, 640, 1024].
    rendition_widths = models.JSONField(default=list, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, editable=False,
        on_delete=models.SET_NULL, related_name="+",
    )
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("image")
        verbose_name_plural = _("images")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.alt_text
