from modeltranslation.translator import TranslationOptions, register

from .models import Article, Tag


@register(Article)
class ArticleTranslationOptions(TranslationOptions):
    fields = (
        "title", "kicker", "summary", "body", "lead_image_caption", "seo_description",
        "correction_note",
    )
    # Arabic is the language of record: an article always has an Arabic headline.
    required_languages = {"ar": ("title",)}
    # No fallback for stories: the English edition lists only stories written in English.
    fallback_languages = {"default": ()}


@register(Tag)
class TagTranslationOptions(TranslationOptions):
    fields = ("name",)
