"""Broken plurals: the other forms of a reader's word (خبر → أخبار, الوزراء → وزير), from
search/data/broken_plurals.tsv, so that a query can ask for any of them (docs/search.md,
"Broken plurals"). The stories' stored text is left as it is."""

import re
from functools import cache
from pathlib import Path

from search.normalize import normalize_for_search

DATA = Path(__file__).resolve().parent / "data" / "broken_plurals.tsv"
# Stripped from a query's word in this order, one of each group at most: (prefix, letters
# it must leave). An article may leave a two-letter word (الحق); a bare clitic may not (بيد
# is a word, not ب before يد).
_STRIPPED = (
    (("و", 3), ("ف", 3)),
    (("ال", 2), ("بال", 2), ("لل", 2), ("ب", 3), ("ل", 3), ("ك", 3)),
)
_PROCLITICS = ("و", "ب", "ل", "ف", "وب", "ول", "فب", "فل")
_ARTICLES = ("ال", "وال", "بال", "لل", "ولل", "فال")


@cache
def plural_forms() -> dict[str, tuple[str, ...]]:
    """{a normalised form: the normalised other forms of the same word}, singular and
    plurals alike: each plural finds its singular and the singular's other plurals."""
    groups: dict[str, set[str]] = {}
    for line in DATA.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        singular, plural = line.split("\t")
        groups.setdefault(normalize_for_search(singular), set()).add(normalize_for_search(plural))
    forms: dict[str, set[str]] = {}
    for singular, plurals in groups.items():
        group = {singular, *plurals}
        for form in group:
            forms.setdefault(form, set()).update(group - {form})
    return {form: tuple(sorted(others)) for form, others in forms.items()}


def spellings(form: str) -> tuple[str, ...]:
    """A normalised form as a story may write it, normalised: bare, after و ب ل ف (which
    the stemmer strips from some words and not from others: بفندق → فندق but فندق → ندق),
    and, for a word of two letters, after the article the normaliser keeps there (الحق).
    A two-letter word never takes a bare clitic here: لحق and بيد are other words."""
    prefixes = _ARTICLES if len(form) < 3 else _PROCLITICS
    return tuple(dict.fromkeys([form, *(normalize_for_search(p + form) for p in prefixes)]))


def plural_rewrites(query: str) -> list[tuple[str, tuple[str, ...]]]:
    """[(a normalised word of `query`, every spelling of it and of its other forms)] for
    the query's words that have a broken plural or singular, each word once; empty for every
    other query."""
    rewrites = {}
    for word in re.findall(r"\w+", normalize_for_search(query)):
        if word in rewrites:
            continue
        for candidate in _without_clitics(word):
            if others := plural_forms().get(candidate):
                forms = (candidate, *others)
                rewrites[word] = tuple(dict.fromkeys(s for f in forms for s in spellings(f)))
                break
    return list(rewrites.items())


def _without_clitics(word: str) -> list[str]:
    """The word, then the word without the article and clitics that may be attached to it
    (و before them, then one of the others): والحقوق → الحقوق → حقوق."""
    candidates = [word]
    for prefixes in _STRIPPED:
        candidates += [
            w[len(p) :]
            for w in candidates
            for p, left in prefixes
            if w.startswith(p) and len(w) - len(p) >= left
        ]
    return list(dict.fromkeys(candidates))
