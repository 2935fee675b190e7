from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.widgets import AutocompleteSelectMultiple, RelatedFieldWidgetWrapper
from django.urls import path
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from editorial.admin import DeskFilter, WorkflowAdminMixin

from .editor import PICKER_URL_NAME, library_images, use_body_editor
from .models import Article, ArticleAuthor, Tag
from .text import removed_markup


class BylineInline(admin.TabularInline):
    model = ArticleAuthor
    extra = 1
    autocomplete_fields = ["author"]
    verbose_name = _("byline")
    verbose_name_plural = _("bylines (in the order they are printed)")

    # Bylines are part of the story: whoever may write the story may sign it, without a
    # separate permission on the through model.
    def _story_permission(self, request, obj):
        story_admin = self.admin_site.get_model_admin(Article)
        if obj is None:
            return story_admin.has_add_permission(request)
        return story_admin.has_change_permission(request, obj)

    def has_add_permission(self, request, obj=None):
        return self._story_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return self._story_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._story_permission(request, obj)

    def has_view_permission(self, request, obj=None):
        return self.admin_site.get_model_admin(Article).has_view_permission(request, obj)


@admin.register(Article)
class ArticleAdmin(WorkflowAdminMixin, TranslationAdmin):
    """The editing desk: Arabic fields first, the English edition in its own group."""

    inlines = [BylineInline]
    list_display = [
        "thumbnail", "title", "section", "byline_names", "status_badge", "published_at",
        "updated_at",
    ]
    list_display_links = ["thumbnail", "title"]
    list_filter = [DeskFilter, "status", "section", "bylines__author", "published_at",
                   "is_breaking"]
    list_select_related = ["section", "lead_image"]
    search_fields = ["title_ar", "title_en", "summary_ar", "slug"]
    date_hierarchy = "published_at"
    autocomplete_fields = ["section", "lead_image"]
    readonly_fields = ["status", "published_at", "created_at", "updated_at"]
    fieldsets = [
        (_("Arabic"), {
            "fields": [
                "kicker_ar", "title_ar", "summary_ar", "body_ar",
                "lead_image_caption_ar", "seo_description_ar",
            ],
        }),
        (_("Placement"), {
            "fields": [
                "section", "tags", "lead_image", ("is_breaking", "is_featured"), "slug",
            ],
        }),
        (_("English edition"), {
            "classes": ["collapse"],
            "description": _(
                "Fill in the English headline and body to publish this story in the English "
                "edition too."
            ),
            "fields": [
                "kicker_en", "title_en", "summary_en", "body_en",
                "lead_image_caption_en", "seo_description_en",
            ],
        }),
        (_("Status"), {
            "fields": ["status", "published_at", "created_at", "updated_at"],
        }),
    ]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "tags":
            return self._tags_field(db_field, request)
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def _tags_field(self, db_field, request):
        # Topics are picked with the admin's autocomplete rather than typed as comma-separated
        # text, so spelling variants don't multiply topics; "+" adds a new topic in a popup.
        widget = AutocompleteSelectMultiple(db_field, self.admin_site)
        tag_admin = self.admin_site.get_model_admin(Tag)
        widget = RelatedFieldWidgetWrapper(
            widget, db_field.remote_field, self.admin_site,
            can_add_related=tag_admin.has_add_permission(request),
            can_change_related=False, can_delete_related=False,
            can_view_related=False,
        )
        return forms.ModelMultipleChoiceField(
            queryset=Tag.objects.all(), required=False, widget=widget, label=_("tags"),
            help_text=_("Type a few letters to find a topic; use + to add a new one."),
        )

    def get_queryset(self, request):
        # Bylines for the whole page in one query, not one per row.
        return super().get_queryset(request).prefetch_related("bylines__author")

    @admin.display(description=_("bylines"))
    def byline_names(self, obj):
        return "، ".join(byline.author.name for byline in obj.bylines.all())

    @admin.display(description=_("photo"))
    def thumbnail(self, obj):
        if not obj.lead_image_id:
            return ""
        return format_html(
            '<img src="{}" alt="" width="64" height="40" '
            'style="object-fit: cover; object-position: {}">',
            obj.lead_image.thumbnail_url, obj.lead_image.object_position,
        )

    def get_form(self, request, obj=None, **kwargs):
        # body_ar edits right to left, body_en left to right, with the library image picker.
        return use_body_editor(super().get_form(request, obj, **kwargs))

    def get_urls(self):
        picker = path(
            "editor-images/", self.admin_site.admin_view(library_images), name=PICKER_URL_NAME
        )
        return [picker, *super().get_urls()]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
        self._report_removed_markup(request)

    def _report_removed_markup(self, request):
        # The sanitiser has already cleaned the body; say what it took out, so a pasted
        # script or iframe never disappears without the writer knowing.
        for language, name in settings.LANGUAGES:
            removed = removed_markup(request.POST.get(f"body_{language}", ""))
            if removed:
                self.message_user(
                    request,
                    _("Removed from the %(language)s body because it is not allowed in a "
                      "story: %(removed)s. The text itself was kept.")
                    % {"language": _(name), "removed": ", ".join(removed)},
                    messages.WARNING,
                )


@admin.register(Tag)
class TagAdmin(TranslationAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name_ar", "name_en", "slug"]
    fields = ["name_ar", "name_en", "slug"]
    # Made from the Arabic name on save (kept unique by taggit), so nobody has to invent one.
    readonly_fields = ["slug"]
