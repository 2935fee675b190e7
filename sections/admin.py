from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from .models import Section


@admin.register(Section)
class SectionAdmin(TranslationAdmin):
    list_display = ["name", "parent", "order", "is_active"]
    list_editable = ["order", "is_active"]
    list_filter = ["is_active", "parent"]
    search_fields = ["name_ar", "name_en", "slug"]
    fieldsets = [
        (_("Arabic"), {"fields": ["name_ar", "description_ar"]}),
        (None, {"fields": ["slug", "parent", "order", "is_active"]}),
        (_("English"), {"classes": ["collapse"], "fields": ["name_en", "description_en"]}),
    ]
