from modeltranslation.translator import TranslationOptions, register

from .models import Section


@register(Section)
class SectionTranslationOptions(TranslationOptions):
    fields = ("name", "description")
    required_languages = {"ar": ("name",)}
