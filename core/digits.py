"""Arabic-Indic digits (٠١٢٣…) in readers' text, never in addresses, code or Latin words.

A number takes the script of the words around it, the way the Unicode bidi algorithm places
it: the nearest letter before it in its paragraph, else the next one, else Arabic. A word
with a Latin letter in it ("G20", "COVID-19", "www.site.com/2025"), or an address ("://",
"@"), keeps its digits, and so does a number that follows one ("iPhone 15"). Tags and their
attributes (href, src…) are never touched, nor what is inside <code>, <pre> and the like, or
an element marked dir="ltr". Rules and costs: docs/dates.md.
"""

import functools
import re

from django.utils import translation

ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")

# A tag, its quoted attribute values included (an alt text may hold ">"), or a comment.
_TAG = re.compile(r"""<!--.*?-->|<(/?)([a-zA-Z][a-zA-Z0-9]*)((?:[^>"']|"[^"]*"|'[^']*')*)>""", re.S)
_DIGITS_OR_ENTITY = re.compile(r"&#?[0-9a-zA-Z]+;|[0-9]+")
_ENTITY = re.compile(r"&#?[0-9a-zA-Z]+;")
_HAS_DIGIT = re.compile(r"[0-9]")
_WORD_WITH_DIGITS = re.compile(r"\S*[0-9]\S*")
_LATIN_LETTERS = "A-Za-z\u00c0-\u024f"
_ARABIC_LETTERS = "\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff"
_LATIN = re.compile(f"[{_LATIN_LETTERS}]")
_ARABIC = re.compile(f"[{_ARABIC_LETTERS}]")
_LETTER = re.compile(f"([{_LATIN_LETTERS}])|[{_ARABIC_LETTERS}]")
# The last letter before a position: `.*` runs to the end and steps back to the first letter.
_LAST_LETTER = re.compile(f"(?s).*(?:([{_LATIN_LETTERS}])|[{_ARABIC_LETTERS}])")
_ADDRESS = re.compile(r"://|@")
_LTR = re.compile(r"""\bdir\s*=\s*["']?ltr""", re.I)

# Elements whose text keeps its digits: code and its kin.
_VERBATIM = frozenset({"code", "pre", "kbd", "samp", "var", "tt", "script", "style"})
# Elements that start a paragraph: the script of the words before does not carry over.
_BLOCKS = frozenset(
    {
        "p",
        "li",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "blockquote",
        "figure",
        "figcaption",
        "div",
        "td",
        "th",
        "br",
        "hr",
        "ul",
        "ol",
        "table",
        "tr",
    }
)
_VOID = frozenset({"br", "hr", "img", "wbr", "input", "meta", "link", "source"})

ARABIC, LATIN = "ar", "latin"


def uses_arabic_indic(site) -> bool:
    """Whether the edition served writes Arabic-Indic digits: the Arabic one, when the site's
    `digits` setting (sitesettings.SiteSettings) says so."""
    return translation.get_language() == "ar" and getattr(site, "digits", "") == "arabic_indic"


def arabic_indic(text: str) -> str:
    """Every Western digit of `text` as Arabic-Indic: for a date or a number alone."""
    return text.translate(ARABIC_INDIC)


def arabic_indic_text(text: str) -> str:
    """`text` (plain, or HTML-escaped with entities) with the digits of its Arabic words and
    numbers as Arabic-Indic, those of Latin words and addresses as they are."""
    out, _last = _convert_run(text, None)
    return out


@functools.lru_cache(maxsize=256)
def arabic_indic_html(html: str) -> str:
    """The HTML `html` with its text's digits as `arabic_indic_text` writes them; tags,
    attributes, code and dir="ltr" elements as they are. Remembered per body text, so a
    story's version is converted once per process."""
    out, position = [], 0
    skipping: list[str] = []  # the open verbatim or left-to-right elements
    last = None  # the script of the paragraph's last word with letters
    for match in _TAG.finditer(html):
        text = html[position : match.start()]
        if text:
            if skipping:
                out.append(text)
                last = _last_script(text, len(text)) or last
            else:
                converted, last = _convert_run(text, last)
                out.append(converted)
        out.append(match.group(0))
        position = match.end()
        closing, name = match.group(1), (match.group(2) or "").lower()
        if not name:
            continue
        if name in _BLOCKS:
            last = None
        if closing:
            if skipping and skipping[-1] == name:
                skipping.pop()
        elif _opens_skipped(name, match.group(3), skipping):
            skipping.append(name)
    tail = html[position:]
    if tail:
        out.append(tail if skipping else _convert_run(tail, last)[0])
    return "".join(out)


def _opens_skipped(name: str, attributes: str, skipping: list[str]) -> bool:
    """Whether this start tag opens an element whose text keeps its digits: code and its
    kin, dir="ltr", or one named as the skipped element it is nested in."""
    if name in _VOID or attributes.rstrip().endswith("/"):
        return False
    return bool(skipping and skipping[-1] == name or name in _VERBATIM or _LTR.search(attributes))


def _convert_run(text: str, last: str | None) -> tuple[str, str | None]:
    """`text` with the digits of its Arabic words and numbers converted, and the script of
    its last letter (`last`, the script before it, when it has none).

    Only the words holding digits are looked at, and from each only back to the nearest
    letter: a long paragraph costs about one pass of the regular expression engine.
    """
    masked = _ENTITY.sub(_blank, text) if "&" in text else text
    if not _HAS_DIGIT.search(masked):
        return text, _last_script(masked, len(masked)) or last
    out, position = [], 0
    for word in _WORD_WITH_DIGITS.finditer(masked):
        value = masked[word.start() : word.end()]
        if _LATIN.search(value) or _ADDRESS.search(value):
            continue
        if not _ARABIC.search(value):
            # Digits and punctuation: the script before, else the next one, else Arabic.
            script = _last_script(masked, word.start()) or last or _next_script(masked, word.end())
            if script == LATIN:
                continue
        out.append(text[position : word.start()])
        out.append(_DIGITS_OR_ENTITY.sub(_arabic_digits, text[word.start() : word.end()]))
        position = word.end()
    out.append(text[position:])
    return "".join(out), _last_script(masked, len(masked)) or last


def _last_script(text: str, end: int) -> str | None:
    """The script of the last letter of `text` before `end`; None when there is none."""
    found = _LAST_LETTER.match(text, 0, end)
    if found is None:
        return None
    return LATIN if found.group(1) else ARABIC


def _next_script(text: str, start: int) -> str:
    found = _LETTER.search(text, start)
    if found is None:
        return ARABIC
    return LATIN if found.group(1) else ARABIC


def _blank(match: re.Match) -> str:
    return " " * len(match.group(0))


def _arabic_digits(match: re.Match) -> str:
    value = match.group(0)
    return value if value[0] == "&" else value.translate(ARABIC_INDIC)
