from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from .models import Tag


@admin.register(Tag)
class TagAdmin(TranslationAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name_ar", "name_en", "slug"]
    fields = ["name_ar", "name_en", "slug"]
    # Made from the Arabic name on save (kept unique by taggit), so nobody has to invent one.
    readonly_fields = ["slug"]
