"""The media library's admin form: the upload is checked by ``images.processing``."""

from django import forms
from django.contrib.admin.widgets import AdminFileWidget
from django.utils.translation import gettext_lazy as _

from images.models import Image
from images.processing import ACCEPTED_CONTENT_TYPES, process_upload


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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Set by clean_file when a new file was uploaded and passed the checks.
        self.processed_image = None

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if "file" not in self.changed_data:
            return upload
        self.processed_image = process_upload(upload)
        return self.processed_image.file
