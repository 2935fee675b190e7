from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from .models import Author


@admin.register(Author)
class AuthorAdmin(TranslationAdmin):
    list_display = ["name", "kind", "job_title", "user"]
    list_filter = ["kind"]
    search_fields = ["name_ar", "name_en", "slug"]
    autocomplete_fields = ["photo", "user"]
    fieldsets = [
        (_("Arabic"), {"fields": ["name_ar", "job_title_ar", "bio_ar"]}),
        (None, {"fields": ["kind", "slug", "photo", "user"]}),
        (_("English"), {"classes": ["collapse"], "fields": ["name_en", "job_title_en", "bio_en"]}),
    ]
