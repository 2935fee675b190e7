"""The normaliser's Python twin: `normalize_for_search` gives what the SQL function
`newsroom_search_normalize` gives (articles migrations 0003, 0004 and 0008), and on SQLite it
is that function. Change both together; tests/search/test_normalize.py holds them equal."""

import re
import unicodedata

# Tatweel, Arabic marks (harakat, shadda, sukun, Quranic signs, superscript alef) and the
# invisible format characters that copy-and-paste leaves inside words.
DROPPED = (
    "\u0610\u0611\u0612\u0613\u0614\u0615\u0616\u0617\u0618\u0619\u061a\u061c\u0640"
    "\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652\u0653\u0654\u0655\u0656\u0657"
    "\u0658\u0659\u065a\u065b\u065c\u065d\u065e\u065f\u0670\u06d6\u06d7\u06d8\u06d9"
    "\u06da\u06db\u06dc\u06df\u06e0\u06e1\u06e2\u06e3\u06e4\u06e7\u06e8\u06ea\u06eb"
    "\u06ec\u06ed\u00ad\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066"
    "\u2067\u2068\u2069\ufeff"
)
LETTER = "\u0621-\u064a\u066e-\u06d3\u06fa-\u06fc"  # Arabic letters, as code point ranges

_DROP = dict.fromkeys(map(ord, DROPPED))
_FOLD = str.maketrans("أإآٱىیةؤئک٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "ااااييهءءك01234567890123456789")
_BOUNDARY = f"(^|[^{LETTER}A-Za-z0-9])"
_PARTICLE_BEFORE_HAMZA = re.compile(_BOUNDARY + "(?:[وف][بل]?|[بل])([أإآ])")
_ARTICLE = re.compile(_BOUNDARY + f"[وف]?(?:[بك]?ال|لل)(?:ال)?(?=[{LETTER}]{{3}})")
_FEMININE_PLURAL = re.compile(f"([{LETTER}]{{3}})ات(?![{LETTER}])")
_NISBA_PLURAL = re.compile(f"([{LETTER}]{{2}}ي)(?:ين|ون)(?![{LETTER}])")
_TAG = re.compile(r"<[^>]*>")
_ENTITY = re.compile(r"&(#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);")


def normalize_for_search(text: str) -> str:
    """One spelling for the many ways readers write an Arabic word (docs/search.md).

    Letter case is left alone: the text search configurations fold it, and SQLite's search
    uses a case-insensitive regex. Not idempotent (الالتزام → التزام → تزام): normalise once.
    """
    text = unicodedata.normalize("NFKC", text).translate(_DROP)
    text = _PARTICLE_BEFORE_HAMZA.sub(r"\1\2", text).translate(_FOLD)
    text = _ARTICLE.sub(r"\1", text)
    return _NISBA_PLURAL.sub(r"\1", _FEMININE_PLURAL.sub(r"\1", text))


def strip_html_for_search(html: str) -> str:
    """A body's words without its tags and entities (twin of `newsroom_search_strip_html`)."""
    return _ENTITY.sub(" ", _TAG.sub(" ", html))


def install_sqlite_functions(sender, connection, **kwargs):
    """On SQLite, the twins answer to the SQL functions' names (connection_created)."""
    if connection.vendor != "sqlite":
        return
    for name, function in (
        ("newsroom_search_normalize", normalize_for_search),
        ("newsroom_search_strip_html", strip_html_for_search),
    ):
        connection.connection.create_function(
            name, 1, _strict(function), deterministic=True
        )


def _strict(function):
    return lambda value: None if value is None else function(value)
