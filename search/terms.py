"""What the reader typed, made into the words SQLite looks for and the highlighter marks."""

import re
from functools import cache

from search.normalize import DROPPED, LETTER, normalize_for_search
from search.plurals import plural_forms

MAX_QUERY_LENGTH = 200  # characters kept from what a reader types
MAX_TERMS = 10  # words of a query used on SQLite and for highlighting

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
# One Arabic letter standing alone, diacritics and all ("و" or "وَ" typed apart).
_LONE_LETTER = re.compile(rf"(?<![\w{DROPPED}])[{LETTER}][{DROPPED}]*(?![\w{DROPPED}])")
_PREFIXES = ("بال", "كال", "لل", "ال", "ب", "ل", "ك")
_SUFFIXES = ("ون", "ين", "ه")  # ات is gone already (normalisation)
_MIN_STEM = 3


def clean_query(raw: str) -> str:
    """What the reader typed, cut to MAX_QUERY_LENGTH, without control characters."""
    return " ".join(_CONTROL.sub(" ", raw[:MAX_QUERY_LENGTH]).split())


def query_terms(query: str) -> list[str]:
    """The query's words, normalised and lightly stemmed: what SQLite looks for and what
    the highlighter marks. Empty when the query has no word at all (only punctuation)."""
    words = re.findall(r"\w+", normalize_for_search(without_lone_letters(query)))
    return list(dict.fromkeys(_stem(word) for word in words))[:MAX_TERMS]


def without_lone_letters(query: str) -> str:
    """The query without Arabic letters standing alone, which PostgreSQL would otherwise
    require as words of the story (a spaced-out "و"). Not normalised: text is normalised
    exactly once, by the database on PostgreSQL."""
    return _LONE_LETTER.sub(" ", query)


def term_pattern(term: str) -> str:
    """A regex for a word that starts with `term`, after any of the prefixes its stem lost."""
    return rf"[وف]?(?:{'|'.join(_PREFIXES)})?{re.escape(term)}"


def term_forms_pattern(term: str) -> str:
    """A regex for a word that starts with `term` or with one of its broken plural (or
    singular) forms (search.plurals): خبر → خبر or اخبار. A form shorter than a stem may be
    is matched as a whole word only: حقوق → حق, never حقيقة."""
    patterns = [term_pattern(term)]
    for form in _stemmed_forms().get(term, ()):
        patterns.append(term_pattern(form) + (r"(?!\w)" if len(form) < _MIN_STEM else ""))
    return patterns[0] if len(patterns) == 1 else f"(?:{'|'.join(patterns)})"


@cache
def _stemmed_forms() -> dict[str, tuple[str, ...]]:
    """search.plurals.plural_forms() as query terms are: stemmed (دوله → دول)."""
    forms: dict[str, set[str]] = {}
    for form, others in plural_forms().items():
        stem = _stem(form)
        forms.setdefault(stem, set()).update(_stem(other) for other in others)
    return {stem: tuple(sorted(others - {stem})) for stem, others in forms.items()}


def _stem(word: str) -> str:
    if word[:1] in ("و", "ف") and len(word) - 1 >= _MIN_STEM:
        word = word[1:]
    for prefix in _PREFIXES:
        if word.startswith(prefix) and len(word) - len(prefix) >= _MIN_STEM:
            word = word[len(prefix):]
            break
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= _MIN_STEM:
            return word[: -len(suffix)]
    if word.isascii() and word[-1:] in ("s", "S") and len(word) - 1 >= _MIN_STEM:
        return word[:-1]  # English plurals, roughly: elections → election
    return word
