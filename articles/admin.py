from django.contrib import admin
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from .models import Article, ArticleAuthor, Tag


class BylineInline(admin.TabularInline):
    model = ArticleAuthor
    extra = 1
    autocomplete_fields = ["author"]
    verbose_name = _("byline")
    verbose_name_plural = _("bylines (in the order they are printed)")


@admin.register(Article)
class ArticleAdmin(TranslationAdmin):
    """The editing desk: Arabic fields first, the English edition in its own group."""

    inlines = [BylineInline]
    list_display = [
        "thumbnail", "title", "section", "status", "published_at", "updated_at",
    ]
    list_display_links = ["thumbnail", "title"]
    list_filter = ["status", "section", "bylines__author", "published_at", "is_breaking"]
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

    @admin.display(description=_("photo"))
    def thumbnail(self, obj):
        if not obj.lead_image_id:
            return ""
        return format_html(
            '<img src="{}" alt="" width="64" height="40" style="object-fit: cover">',
            obj.lead_image.file.url,
        )

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(Tag)
class TagAdmin(TranslationAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name_ar", "name_en", "slug"]
    fields = ["name_ar", "name_en", "slug"]
