"""A readable word-level diff for the versions page, in any script (Arabic included)."""

import difflib
import re

from django.utils.html import escape, strip_tags
from django.utils.safestring import SafeString, mark_safe

_BLOCK_END = re.compile(r"</(p|h[2-4]|li|blockquote|figcaption)>", re.I)


def _words(text: str, html: bool) -> list[str]:
    if html:
        # Paragraph breaks survive as a pilcrow token, so a moved paragraph reads as one.
        text = strip_tags(_BLOCK_END.sub(" ¶ ", text or ""))
    return (text or "").split()


def word_diff(old: str, new: str, *, html: bool = False) -> SafeString:
    """`new` with words added since `old` in <ins> and words removed in <del>.

    Works on whitespace-separated words, which is what a reader of Arabic or English sees
    as a word; diacritics count, so an added shadda shows as a changed word.
    """
    old_words, new_words = _words(old, html), _words(new, html)
    parts = []
    matcher = difflib.SequenceMatcher(a=old_words, b=new_words, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            parts.append(escape(" ".join(new_words[b1:b2])))
            continue
        if op in ("delete", "replace"):
            parts.append(f"<del>{escape(' '.join(old_words[a1:a2]))}</del>")
        if op in ("insert", "replace"):
            parts.append(f"<ins>{escape(' '.join(new_words[b1:b2]))}</ins>")
    return mark_safe(" ".join(parts).replace(" ¶ ", "<br>").replace("¶", ""))
