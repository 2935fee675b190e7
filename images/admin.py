from django.contrib import admin
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from images import services
from images.forms import ImageForm
from images.models import Image

# Said under the photo when no focal point is chosen.
UNSET_FOCAL_POINT = _("No focal point chosen: crops keep the centre of the photo.")


@admin.register(Image)
class ImageAdmin(TranslationAdmin):
    """The media library: upload, describe and credit photos; Arabic fields first."""

    form = ImageForm
    list_display = ["thumbnail", "alt_text", "credit", "dimensions", "created_at"]
    list_display_links = ["thumbnail", "alt_text"]

    class Media:
        # Thumbnails cropped around the focal point: classes, the CSP refuses style attributes.
        # The change page's preview picks the focal point with a click (images/focal.js).
        css = {"all": ["css/focal.css", "images/focal.css"]}
        js = ["images/focal.js"]

    # The article admin's lead-image autocomplete searches these.
    search_fields = ["alt_text_ar", "alt_text_en", "caption_ar", "credit_ar"]
    date_hierarchy = "created_at"
    readonly_fields = ["preview"]
    fieldsets = [
        (_("Arabic"), {
            "fields": ["alt_text_ar", "caption_ar", "credit_ar"],
        }),
        (_("Image file"), {
            "fields": ["preview", "file", ("focal_x", "focal_y"), "rights_note"],
        }),
        (_("English edition"), {
            "classes": ["collapse"],
            "fields": ["alt_text_en", "caption_en", "credit_en"],
        }),
    ]

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is not None:
            return fieldsets
        # Nothing to preview before the first upload.
        return [
            (name, {**options, "fields": [f for f in options["fields"] if f != "preview"]})
            for name, options in fieldsets
        ]

    @admin.display(description=_("photo"))
    def thumbnail(self, obj):
        return thumbnail(obj)

    @admin.display(description=_("size in pixels"))
    def dimensions(self, obj):
        # Width first, as photographers and agencies write it.
        return f"{obj.width} × {obj.height}"

    @admin.display(description=_("preview and focal point"))
    def preview(self, obj):
        """The photo, on which a click chooses the focal point (static/images/focal.js sets
        the form's hidden focal_x and focal_y); the marker shows the point stored."""
        if not obj.file:
            return ""
        chosen = obj.focal_x is not None and obj.focal_y is not None
        # Physical left/top on purpose: the focal point is measured on the photo, which is
        # not mirrored in the right-to-left admin. Styles in static/css/focal.css and
        # static/images/focal.css: the CSP refuses style attributes.
        marker = format_html(
            '<span title="{}" class="focal-marker {}"{}></span>',
            _("focal point"), obj.focal_classes, "" if chosen else mark_safe(" hidden"),
        )
        status = (
            _("Focal point: %(x)s%% from the left, %(y)s%% from the top.")
            % {"x": "{x}", "y": "{y}"}
        )
        return format_html(
            '<div class="image-preview focal-picker" tabindex="0" role="group" '
            'aria-label="{}" aria-describedby="focal-help focal-status" '
            'data-status="{}" data-status-unset="{}">'
            '<img src="{}" srcset="{}" sizes="480px" alt="{}" width="{}" height="{}" '
            'draggable="false">{}</div>'
            '<p id="focal-status" class="focal-status" aria-live="polite">{}</p>'
            '<p id="focal-help" class="help">{}</p>'
            '<button type="button" class="button focal-reset">{}</button>',
            _("Choose the focal point"), status, UNSET_FOCAL_POINT,
            obj.src, obj.srcset, obj.alt_text, obj.width, obj.height, marker,
            status.format(x=round(obj.focal_x * 100), y=round(obj.focal_y * 100))
            if chosen else UNSET_FOCAL_POINT,
            _("Click on the photo at the point that must stay in view when it is cropped "
              "(a face, the main subject). Arrow keys move the point. Then save."),
            _("Use the centre"),
        )

    def save_model(self, request, obj, form, change):
        if not change:
            obj.uploaded_by = request.user
        if form.processed_image is None:
            super().save_model(request, obj, form, change)
        else:
            services.save_uploaded_image(obj, form.processed_image)

    def delete_model(self, request, obj):
        services.delete_image(obj)

    def delete_queryset(self, request, queryset):
        for image in queryset:
            services.delete_image(image)


def thumbnail(image) -> str:
    """A photo's small crop for the desk's lists, cut at its focal point; "" without one."""
    if image is None or not image.file:
        return ""
    return format_html(
        '<img src="{}" alt="" width="64" height="40" class="desk-thumb focal {}">',
        image.thumbnail_url, image.focal_classes,
    )
