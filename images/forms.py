"""The media library's admin form: the upload is checked by ``images.processing``."""

from django import forms
from django.contrib.admin.widgets import AdminFileWidget
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from images.models import Image
from images.processing import ACCEPTED_CONTENT_TYPES, process_upload

FOCAL_FIELDS = ("focal_x", "focal_y")


class ImageForm(forms.ModelForm):
    """Add or change a library photo; a refused file is reported on the file field.

    ``file`` is a plain ``FileField`` so that ``images.processing``'s message, which names the
    problem, is shown instead of ``forms.ImageField``'s generic "Upload a valid image".
    """

    file = forms.FileField(
        label=_("file"),
        widget=AdminFileWidget(attrs={"accept": ACCEPTED_CONTENT_TYPES}),
        help_text=_(
            "A JPEG, PNG, WebP or GIF photo. Location, camera details and other hidden data "
            "are removed when it is saved."
        ),
    )

    class Meta:
        model = Image
        fields = [
            "alt_text_ar", "caption_ar", "credit_ar", "file", "focal_x", "focal_y",
            "rights_note", "alt_text_en", "caption_en", "credit_en",
        ]
        # Set by a click on the preview (static/images/focal.js), not typed: the fields stay,
        # so the server still checks the values (0 to 1, the model's validators).
        widgets = {"focal_x": forms.HiddenInput, "focal_y": forms.HiddenInput}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Set by clean_file when a new file was uploaded and passed the checks.
        self.processed_image = None
        if self.instance.pk is None and "file" in self.fields:
            # The focal point is picked on the photo, which the change page shows.
            self.fields["file"].help_text = format_lazy(
                "{} {}", self.fields["file"].help_text,
                _("Once it is saved, click on the photo to choose its focal point."),
            )

    def _post_clean(self):
        super()._post_clean()
        # A hidden field's error would be shown nowhere: a refused focal point (only a
        # forged request sends one) is said at the top of the form, and nothing is saved.
        if any(name in self._errors for name in FOCAL_FIELDS):
            for name in FOCAL_FIELDS:
                self._errors.pop(name, None)
            self.add_error(None, forms.ValidationError(
                _("The focal point must be a point on the photo. Click on the photo again."),
                code="focal_point",
            ))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if "file" not in self.changed_data:
            return upload
        self.processed_image = process_upload(upload)
        return self.processed_image.file
