from modeltranslation.translator import TranslationOptions, register

from .models import Image


@register(Image)
class ImageTranslationOptions(TranslationOptions):
    # The rights note is for the desk only and stays in one language.
    fields = ("alt_text", "caption", "credit")
    required_languages = {"ar": ("alt_text",)}
