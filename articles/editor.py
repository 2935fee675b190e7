"""The story body editor in the admin: per-language direction and the library image picker.

prose-editor builds the editor from the JSON config on each textarea. `BodyEditorWidget` adds
our own extension (static/articles/editor.js) to that config with the field's language, so
body_ar edits right to left and body_en left to right whatever the admin's language is.
"""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.forms import Media
from django.http import JsonResponse
from django.templatetags.static import static
from django.urls import reverse
from django.utils import translation
from django_prose_editor.widgets import AdminProseEditorWidget, ProseEditorWidget

from images.models import Image

PICKER_URL_NAME = "articles_article_editor_images"
PICKER_RESULTS = 24


class BodyEditorWidget(AdminProseEditorWidget):
    """The admin prose editor, told which language (and so which direction) its field holds."""

    def __init__(self, *args, language, **kwargs):
        self.language = language
        super().__init__(*args, **kwargs)
        direction = "rtl" if translation.get_language_info(language)["bidi"] else "ltr"
        # Right for the plain textarea too, before the editor replaces it or if JS fails.
        self.attrs = {**self.attrs, "dir": direction, "lang": language}

    @property
    def media(self):
        # Listed after prose-editor's overrides.css so that ours come last.
        css = ["django_prose_editor/overrides.css", "articles/editor.css"]
        return super().media + Media(css={"all": css})

    def get_config(self):
        config = super().get_config()
        newsroom = {
            "direction": self.attrs["dir"],
            "language": self.language,
            "imagesUrl": reverse(f"admin:{PICKER_URL_NAME}"),
            # A photo pasted from this site's own pages is kept only if it is a library file.
            "mediaUrl": settings.MEDIA_URL,
        }
        return config | {
            # Copies, never in place: the field's config dict is shared by every form.
            "extensions": config["extensions"] | {"NewsroomBody": newsroom},
            "js_modules": [*config.get("js_modules", []), static("articles/editor.js")],
        }


def use_body_editor(form_class):
    """Give each `body_<lang>` field of an admin form class the per-language editor."""
    for language, _name in settings.LANGUAGES:
        field = form_class.base_fields.get(f"body_{language}")
        if field is None or not isinstance(field.widget, ProseEditorWidget):
            continue
        old = field.widget
        field.widget = BodyEditorWidget(
            attrs=old.attrs, config=old.config, preset=old.preset, language=language
        )
    return form_class


def library_images(request):
    """JSON for the picker: library images whose alt text, caption or credit match `q`.

    Texts come in the language of the body being edited (`lang`), falling back to Arabic.
    Staff only (the admin wraps the view); the photo library needs images.view_image.
    """
    if not request.user.has_perm("images.view_image"):
        raise PermissionDenied
    language = request.GET.get("lang", settings.LANGUAGE_CODE)
    if language not in dict(settings.LANGUAGES):
        language = settings.LANGUAGE_CODE
    images = Image.objects.all()
    if term := request.GET.get("q", "").strip():
        match = Q()
        for code, _name in settings.LANGUAGES:
            for field in ("alt_text", "caption", "credit"):
                match |= Q(**{f"{field}_{code}__icontains": term})
        images = images.filter(match)
    with translation.override(language):
        results = [
            {
                "id": image.pk,
                "src": image.file.url,
                "width": image.width or None,
                "height": image.height or None,
                "alt": image.alt_text,
                "caption": image.caption,
                "credit": image.credit,
            }
            for image in images[:PICKER_RESULTS]
        ]
    return JsonResponse({"results": results})
