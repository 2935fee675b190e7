from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from images import renditions


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
    # Widths of the WebP renditions made for this image, e.g. [320, 640, 960, 1024].
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

    def rendition_url(self, width: int) -> str:
        """URL of the narrowest rendition at least ``width`` pixels wide (else the widest).

        Falls back to the original for an image without renditions. Builds the URL from
        this row alone: no query, no file is opened.
        """
        if not self.rendition_widths:
            return self.file.url if self.file else ""
        widths = sorted(self.rendition_widths)
        chosen = next((w for w in widths if w >= width), widths[-1])
        return renditions.rendition_url(self.file.name, chosen)

    @property
    def srcset(self) -> str:
        """The ``srcset`` attribute: every rendition with its width, e.g. ``… 320w, … 640w``."""
        return ", ".join(
            f"{renditions.rendition_url(self.file.name, width)} {width}w"
            for width in sorted(self.rendition_widths)
        )

    @property
    def src(self) -> str:
        """The ``src`` for browsers that ignore ``srcset``: a rendition about a column wide."""
        return self.rendition_url(renditions.SRC_WIDTH)

    @property
    def thumbnail_url(self) -> str:
        """The smallest rendition, for lists and pickers."""
        return self.rendition_url(0)

    @property
    def object_position(self) -> str:
        """The focal point as a CSS ``object-position`` (e.g. ``30% 25%``) for cropped boxes.

        With ``object-fit: cover``, the point at x% of the photo sits at x% of the box, so the
        focal point is always in view whatever shape the box is.
        """
        x = 50 if self.focal_x is None else round(self.focal_x * 100, 1)
        y = 50 if self.focal_y is None else round(self.focal_y * 100, 1)
        return f"{x:g}% {y:g}%"

    @property
    def focal_classes(self) -> str:
        """The focal point as classes of static/css/focal.css (``fx-30 fy-25``), to the
        nearest per cent: what ``object_position`` says, without a style attribute, which
        the Content-Security-Policy refuses."""
        x = 50 if self.focal_x is None else round(self.focal_x * 100)
        y = 50 if self.focal_y is None else round(self.focal_y * 100)
        return f"fx-{x} fy-{y}"

    def crop_box(self, aspect: tuple[int, int]) -> tuple[int, int, int, int]:
        """The ``aspect`` crop of the stored original that keeps the focal point in view."""
        return renditions.focal_crop_box(
            (self.width, self.height), aspect, (self.focal_x, self.focal_y)
        )
