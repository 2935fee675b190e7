"""A readable word-level diff for the versions page, in any script (Arabic included)."""

import difflib
import re
from html import unescape

from django.utils.html import escape, strip_tags
from django.utils.safestring import SafeString, mark_safe

# Where the body breaks a line: the end of a block, or a hard line break inside one.
_BREAK_TAG = re.compile(r"</(p|h[2-4]|li|blockquote|figcaption)>|<br\s*/?>", re.I)
# A private-use character stands for a break: nobody types it, and split() keeps it whole.
_BREAK = "\ue000"


def _words(text: str, html: bool) -> list[str]:
    if html:
        # Breaks survive as a token of their own, so a moved paragraph reads as one and a
        # <br> never glues two words together. The stored body is HTML: its entities
        # (&amp;, &lt;, &quot;) become characters here and are escaped once, on output.
        text = unescape(strip_tags(_BREAK_TAG.sub(f" {_BREAK} ", text or "")))
    words = (text or "").split()
    while words and words[-1] == _BREAK:
        words.pop()
    return words


def _show(words: list[str]) -> str:
    return " ".join("<br>" if word == _BREAK else escape(word) for word in words)


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
            parts.append(_show(new_words[b1:b2]))
            continue
        if op in ("delete", "replace"):
            parts.append(f"<del>{_show(old_words[a1:a2])}</del>")
        if op in ("insert", "replace"):
            parts.append(f"<ins>{_show(new_words[b1:b2])}</ins>")
    return mark_safe(" ".join(parts))
