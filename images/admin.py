from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from .models import Image


@admin.register(Image)
class ImageAdmin(TranslationAdmin):
    list_display = ["alt_text", "credit", "width", "height", "created_at"]
    search_fields = ["alt_text_ar", "alt_text_en", "caption_ar", "credit_ar"]
