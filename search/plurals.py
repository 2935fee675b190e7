"""Broken plurals: the other forms of a reader's word (خبر → أخبار, الوزراء → وزير), from
search/data/broken_plurals.tsv, so that a query can ask for any of them (docs/search.md,
"Broken plurals"). The stories' stored text is left as it is."""

import re
from functools import cache
from pathlib import Path

from search.normalize import normalize_for_search

DATA = Path(__file__).resolve().parent / "data" / "broken_plurals.tsv"
_CLITICS = (("و", "ف"), ("ب", "ل", "ك"))  # stripped in this order, each at most once
_MIN_WORD = 2  # letters left after a clitic (يد, حق and حد are words)


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


def other_forms(word: str) -> tuple[str, ...]:
    """The other forms of one normalised word, also when a clitic (و ف, then ب ل ك) the
    normaliser leaves in place is attached to it: بدوله → دول."""
    forms = plural_forms()
    candidates = [word]
    for clitics in _CLITICS:
        candidates += [
            w[1:] for w in candidates if w[:1] in clitics and len(w) - 1 >= _MIN_WORD
        ]
    for candidate in candidates:
        if candidate in forms:
            return forms[candidate]
    return ()


def plural_rewrites(query: str) -> list[tuple[str, tuple[str, ...]]]:
    """[(a normalised word of `query`, its other forms)] for the query's words that have a
    broken plural or singular, each word once; empty for every other query."""
    rewrites = {}
    for word in re.findall(r"\w+", normalize_for_search(query)):
        if word not in rewrites and (others := other_forms(word)):
            rewrites[word] = others
    return list(rewrites.items())
