"""The reader's words marked in a headline or summary, the rest escaped."""

import re

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from search.normalize import normalize_for_search
from search.terms import term_forms_pattern

_DISPLAY_WORD = re.compile(r"[\w\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u200c\u200d]+")


def highlight(text: str, terms: list[str]) -> SafeString:
    """`text` escaped, with each word that matches one of `terms` in <mark>.

    Words are compared in normalised form, so "اتّهمت" is marked for اتهمت and "الحكومة"
    for الحكومه; a broken plural is marked for its singular (الأخبار for خبر) and back.
    PostgreSQL's stemmer may match a few more forms than are marked.
    """
    if not text:
        return mark_safe("")
    if not terms:
        return escape(text)
    matches = re.compile("|".join(map(term_forms_pattern, terms)), re.IGNORECASE)
    pieces, last = [], 0
    for word in _DISPLAY_WORD.finditer(text):
        if matches.match(normalize_for_search(word.group())):
            pieces.append(escape(text[last : word.start()]))
            pieces.append(format_html("<mark>{}</mark>", word.group()))
            last = word.end()
    pieces.append(escape(text[last:]))
    return mark_safe("".join(pieces))
