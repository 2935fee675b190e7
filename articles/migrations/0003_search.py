"""Search (docs/search.md explains the design).

Everywhere: `Article.search_extra`, the tag and byline names, filled here for existing stories.

PostgreSQL only (nothing below exists on SQLite, and none of it is in Django's model state):

- `newsroom_search_normalize(text)`: folds the spellings of one word to one form. Its Python
  twin is `search.normalize.normalize_for_search`; tests/search/test_normalize.py proves the
  two agree. Change both together.
- `newsroom_search_strip_html(text)`: a body's text without tags or entities (twin:
  `strip_html_for_search`).
- the `newsroom_arabic` text search configuration: a copy of `arabic` whose words go to our
  own snowball dictionary, created without a stop-word list, so that إلى and على stay
  searchable even if a later PostgreSQL ships an Arabic stop list for the built-in one.
- `search_vector_ar` / `search_vector_en`: tsvector columns GENERATED from the headline (A),
  kicker and summary (B), body text (C) and `search_extra` (B), each GIN-indexed.
- trigram GIN indexes on the normalised headlines (`pg_trgm`), for typo tolerance.

Two consequences for later migrations:

- PostgreSQL refuses to change the type of a column a generated column reads ("cannot alter
  type of a column used by a generated column"): a migration that alters title_*, kicker_*,
  summary_*, body_* or search_extra runs `drop_search_columns` before and
  `add_search_columns` after (import this module with importlib.import_module).
- Replacing either function does not recompute stored vectors or the trigram indexes: drop
  and add the columns the same way, and REINDEX the trigram indexes.
"""

from django.db import migrations, models

LANGUAGE_CONFIGS = {"ar": "newsroom_arabic", "en": "english"}

# U+0640 tatweel, Arabic marks (harakat, shadda, sukun, Quranic signs, superscript alef) and
# invisible format characters that copy-and-paste leaves inside words.
DROPPED = (
    r"\u0610\u0611\u0612\u0613\u0614\u0615\u0616\u0617\u0618\u0619\u061A\u061C\u0640"
    r"\u064B\u064C\u064D\u064E\u064F\u0650\u0651\u0652\u0653\u0654\u0655\u0656\u0657"
    r"\u0658\u0659\u065A\u065B\u065C\u065D\u065E\u065F\u0670\u06D6\u06D7\u06D8\u06D9"
    r"\u06DA\u06DB\u06DC\u06DF\u06E0\u06E1\u06E2\u06E3\u06E4\u06E7\u06E8\u06EA\u06EB"
    r"\u06EC\u06ED\u00AD\u200C\u200D\u200E\u200F\u202A\u202B\u202C\u202D\u202E\u2066"
    r"\u2067\u2068\u2069\uFEFF"
)

# Arabic letters (after step 2 below), and what may come before a word.
LETTER = r"\u0621-\u064A\u066E-\u06D3\u06FA-\u06FC"
BOUNDARY = rf"(^|[^{LETTER}A-Za-z0-9])"

FUNCTIONS = [
    r"""
    CREATE FUNCTION newsroom_search_strip_html(html text) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $fn$
        SELECT regexp_replace(
            regexp_replace(html, '<[^>]*>', ' ', 'g'),
            '&(#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);', ' ', 'g')
    $fn$
    """,
    # 1. NFKC (presentation forms such as ﻻ become letters); 2. marks and tatweel dropped;
    # 3. و/ف and ب/ل before a hamza-alef dropped at the start of a word (وأكد → أكد: the
    # stemmer keeps و before any alef); 4. hamza forms, ى, ة, ؤ/ئ, Persian letters and
    # Arabic-Indic digits folded; 5. the article with its particles (ال وال بال كال فال لل
    # وبال…) dropped when three letters or more follow, because the stemmer treats a word
    # with the article differently (الحكومة → حكومه but حكومة → حكوم); a second ال goes too,
    # since after step 4 إلغاء reads الغاء and الإلغاء reads الالغاء; 6. the plural endings
    # ات (three letters or more before it) and يين/يون after two letters dropped, which the
    # stemmer otherwise keeps in part (انتخابات → انتخابا, صحفيين → صحفي, صحفي → صحف).
    # Letters are code point ranges, never locale classes: the result does not depend on the
    # database's LC_CTYPE.
    rf"""
    CREATE FUNCTION newsroom_search_normalize(t text) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $fn$
        SELECT regexp_replace(regexp_replace(regexp_replace(
            translate(
                regexp_replace(
                    translate(normalize(t, NFKC), E'{DROPPED}', ''),
                    '{BOUNDARY}(?:[وف][بل]?|[بل])([أإآ])', '\1\2', 'g'),
                'أإآٱىیةؤئک٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹',
                'ااااييهءءك01234567890123456789'),
            '{BOUNDARY}[وف]?(?:[بك]?ال|لل)(?:ال)?(?=[{LETTER}]{{3}})', '\1', 'g'),
            '([{LETTER}]{{3}})ات(?![{LETTER}])', '\1', 'g'),
            '([{LETTER}]{{2}}ي)(?:ين|ون)(?![{LETTER}])', '\1', 'g')
    $fn$
    """,
]

CONFIGURATION = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE TEXT SEARCH DICTIONARY newsroom_arabic_stem (TEMPLATE = snowball, LANGUAGE = arabic)",
    "CREATE TEXT SEARCH CONFIGURATION newsroom_arabic (COPY = arabic)",
    "ALTER TEXT SEARCH CONFIGURATION newsroom_arabic ALTER MAPPING FOR "
    "asciihword, asciiword, hword, hword_asciipart, hword_part, word WITH newsroom_arabic_stem",
]


def _vector(language, config):
    def part(expression, weight):
        return (
            f"setweight(to_tsvector('{config}'::regconfig, "
            f"newsroom_search_normalize({expression})), '{weight}')"
        )

    return " || ".join([
        part(f"coalesce(title_{language}, '')", "A"),
        part(f"coalesce(kicker_{language}, '') || ' ' || coalesce(summary_{language}, '')", "B"),
        part(f"newsroom_search_strip_html(coalesce(body_{language}, ''))", "C"),
        part("search_extra", "B"),
    ])


def add_search_columns(schema_editor):
    for language, config in LANGUAGE_CONFIGS.items():
        schema_editor.execute(
            f"ALTER TABLE articles_article ADD COLUMN search_vector_{language} tsvector "
            f"GENERATED ALWAYS AS ({_vector(language, config)}) STORED",
            params=None,
        )
        schema_editor.execute(
            f"CREATE INDEX article_search_{language}_idx ON articles_article "
            f"USING gin (search_vector_{language})",
            params=None,
        )
        schema_editor.execute(
            f"CREATE INDEX article_title_{language}_trgm_idx ON articles_article "
            f"USING gin (newsroom_search_normalize(title_{language}) gin_trgm_ops)",
            params=None,
        )


def drop_search_columns(schema_editor):
    for language in LANGUAGE_CONFIGS:
        schema_editor.execute(
            f"DROP INDEX IF EXISTS article_title_{language}_trgm_idx", params=None
        )
        schema_editor.execute(
            f"ALTER TABLE articles_article DROP COLUMN IF EXISTS search_vector_{language}",
            params=None,
        )


def install_postgres_search(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for statement in CONFIGURATION + FUNCTIONS:
        schema_editor.execute(statement, params=None)
    add_search_columns(schema_editor)


def remove_postgres_search(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    drop_search_columns(schema_editor)
    for statement in [
        "DROP FUNCTION IF EXISTS newsroom_search_normalize(text)",
        "DROP FUNCTION IF EXISTS newsroom_search_strip_html(text)",
        "DROP TEXT SEARCH CONFIGURATION IF EXISTS newsroom_arabic",
        "DROP TEXT SEARCH DICTIONARY IF EXISTS newsroom_arabic_stem",
        # pg_trgm stays: other code may use it, and it is harmless.
    ]:
        schema_editor.execute(statement, params=None)


def fill_search_extra(apps, schema_editor):
    """Tag and byline names of the stories that exist already (kept from then on by signal
    receivers, since replaced by the search app's triggers)."""
    Article = apps.get_model("articles", "Article")
    TaggedArticle = apps.get_model("articles", "TaggedArticle")
    ArticleAuthor = apps.get_model("articles", "ArticleAuthor")
    names = {}
    for article_id, *labels in TaggedArticle.objects.values_list(
        "content_object_id", "tag__name_ar", "tag__name_en"
    ).order_by("tag__name"):
        names.setdefault(article_id, []).extend(labels)
    for article_id, *labels in ArticleAuthor.objects.values_list(
        "article_id", "author__name_ar", "author__name_en"
    ).order_by("order", "pk"):
        names.setdefault(article_id, []).extend(labels)
    stories = [
        Article(pk=pk, search_extra="\n".join(dict.fromkeys(n for n in labels if n)))
        for pk, labels in names.items()
    ]
    Article.objects.bulk_update(stories, ["search_extra"], batch_size=500)


class Migration(migrations.Migration):

    dependencies = [
        ("articles", "0002_embargo_correction_version"),
    ]

    operations = [
        migrations.AddField(
            model_name="article",
            name="search_extra",
            field=models.TextField(blank=True, default="", editable=False),
        ),
        # Before the vectors exist, so each row's vector is computed once, when it is added.
        migrations.RunPython(fill_search_extra, migrations.RunPython.noop),
        migrations.RunPython(install_postgres_search, remove_postgres_search),
    ]
