"""Labels of translated fields in words: "العنوان بالعربية", not modeltranslation's "title [ar]".

settings.MODELTRANSLATION_BUILD_LOCALIZED_VERBOSE_NAME points here, so every translated model
of the desk is labelled the same way from one place. Called lazily, when a label is shown,
so the active language decides the words.
"""

from django.utils.translation import gettext


def gettext_noop(message: str) -> str:
    """Marks a message for makemessages. Django's own asks for settings at once, and this
    module is imported while the settings themselves load (a missing SECRET_KEY would then
    go unreported)."""
    return message


EDITIONS = {
    "ar": gettext_noop("%(name)s in Arabic"),
    "en": gettext_noop("%(name)s in English"),
}


def edition_label(verbose_name, language: str) -> str:
    """`verbose_name` of the field's `language` column, e.g. "title in English"."""
    pattern = EDITIONS.get(language)
    if pattern is None:
        return f"{verbose_name} [{language}]"
    return gettext(pattern) % {"name": verbose_name}
