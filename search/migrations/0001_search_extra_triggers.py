"""PostgreSQL keeps each story's tag and byline names (`Article.search_extra`, which the
search vectors read) with triggers, so no write can leave them stale: QuerySet.update(),
bulk_create and raw SQL included. SQLite's triggers are search/triggers.py's.

- `newsroom_search_extra(story)`: the names as search.document.search_extra_for() writes
  them (each tag by name, then each byline in order; Arabic, then English; once each).
- Before a story row is inserted, or written with its `search_extra`, that column is
  recomputed: a stale instance saved whole cannot put old names back.
- After a statement on taggings, bylines, tags or authors, the stories it touched are
  recomputed, once per statement (transition tables), and written only if they changed.
"""

from django.db import migrations

# Each tag by name, then each byline by order: (position, name) for the story `story`.
NUMBERED_NAMES = """
    SELECT names.name, row_number() OVER (
        ORDER BY names.part, names.sort_name, names.sort_order, names.sort_id, names.sub
    ) AS position
    FROM (
        SELECT 0 AS part, t.name AS sort_name, 0 AS sort_order, 0::bigint AS sort_id, s.sub,
               CASE s.sub WHEN 0 THEN t.name_ar ELSE t.name_en END AS name
        FROM articles_taggedarticle AS ta
        JOIN articles_tag AS t ON t.id = ta.tag_id
        CROSS JOIN (SELECT 0 AS sub UNION ALL SELECT 1) AS s
        WHERE ta.content_object_id = story
        UNION ALL
        SELECT 1, '', b."order", b.id, s.sub,
               CASE s.sub WHEN 0 THEN a.name_ar ELSE a.name_en END
        FROM articles_articleauthor AS b
        JOIN authors_author AS a ON a.id = b.author_id
        CROSS JOIN (SELECT 0 AS sub UNION ALL SELECT 1) AS s
        WHERE b.article_id = story
    ) AS names
"""

FUNCTIONS = [
    f"""
    CREATE FUNCTION newsroom_search_extra(story bigint) RETURNS text
    LANGUAGE sql STABLE PARALLEL SAFE AS $fn$
        SELECT coalesce(string_agg(firsts.name, chr(10) ORDER BY firsts.position), '')
        FROM (
            SELECT numbered.name, min(numbered.position) AS position
            FROM ({NUMBERED_NAMES}) AS numbered
            WHERE numbered.name <> ''
            GROUP BY numbered.name
        ) AS firsts
    $fn$
    """,
    """
    CREATE FUNCTION newsroom_search_extra_refresh(stories bigint[]) RETURNS void
    LANGUAGE sql AS $fn$
        UPDATE articles_article AS story SET search_extra = fresh.text
        FROM (
            SELECT id, newsroom_search_extra(id) AS text
            FROM articles_article WHERE id = ANY(stories)
        ) AS fresh
        WHERE story.id = fresh.id AND story.search_extra IS DISTINCT FROM fresh.text
    $fn$
    """,
    """
    CREATE FUNCTION newsroom_search_extra_story() RETURNS trigger
    LANGUAGE plpgsql AS $fn$
    BEGIN
        NEW.search_extra := newsroom_search_extra(NEW.id);
        RETURN NEW;
    END
    $fn$
    """,
]


def _links_function(table, column):
    """A statement trigger's function for a table of links to stories (taggings, bylines)."""
    return f"""
    CREATE FUNCTION newsroom_search_extra_{table}() RETURNS trigger
    LANGUAGE plpgsql AS $fn$
    DECLARE
        stories bigint[];
    BEGIN
        IF TG_OP = 'INSERT' THEN
            stories := ARRAY(SELECT {column} FROM new_rows);
        ELSIF TG_OP = 'DELETE' THEN
            stories := ARRAY(SELECT {column} FROM old_rows);
        ELSE
            stories := ARRAY(SELECT {column} FROM new_rows UNION SELECT {column} FROM old_rows);
        END IF;
        PERFORM newsroom_search_extra_refresh(stories);
        RETURN NULL;
    END
    $fn$
    """


def _names_function(table, names, links, link_column, story_column):
    """A statement trigger's function for a table of names (tags, authors): the stories
    linked to a row whose names changed."""
    return f"""
    CREATE FUNCTION newsroom_search_extra_{table}() RETURNS trigger
    LANGUAGE plpgsql AS $fn$
    BEGIN
        PERFORM newsroom_search_extra_refresh(ARRAY(
            SELECT link.{story_column}
            FROM new_rows AS n
            JOIN old_rows AS o ON o.id = n.id
            JOIN {links} AS link ON link.{link_column} = n.id
            WHERE ({", ".join(f"n.{c}" for c in names)})
                IS DISTINCT FROM ({", ".join(f"o.{c}" for c in names)})
        ));
        RETURN NULL;
    END
    $fn$
    """


def _statement_triggers(table, events):
    transitions = {
        "INSERT": "NEW TABLE AS new_rows",
        "UPDATE": "OLD TABLE AS old_rows NEW TABLE AS new_rows",
        "DELETE": "OLD TABLE AS old_rows",
    }
    return [
        f"CREATE TRIGGER search_extra_{event.lower()} AFTER {event} ON {table} "
        f"REFERENCING {transitions[event]} FOR EACH STATEMENT "
        f"EXECUTE FUNCTION newsroom_search_extra_{table}()"
        for event in events
    ]


LINKS = {"articles_taggedarticle": "content_object_id", "articles_articleauthor": "article_id"}
ALL_EVENTS = ("INSERT", "UPDATE", "DELETE")

INSTALL = [
    *FUNCTIONS,
    *(_links_function(table, column) for table, column in LINKS.items()),
    _names_function("articles_tag", ("name", "name_ar", "name_en"),
                    "articles_taggedarticle", "tag_id", "content_object_id"),
    _names_function("authors_author", ("name_ar", "name_en"),
                    "articles_articleauthor", "author_id", "article_id"),
    "CREATE TRIGGER search_extra_story BEFORE INSERT OR UPDATE OF search_extra "
    "ON articles_article FOR EACH ROW EXECUTE FUNCTION newsroom_search_extra_story()",
    *(trigger for table in LINKS for trigger in _statement_triggers(table, ALL_EVENTS)),
    *_statement_triggers("articles_tag", ("UPDATE",)),
    *_statement_triggers("authors_author", ("UPDATE",)),
    # Stories whose names the signal receivers this replaces had missed.
    "UPDATE articles_article SET search_extra = newsroom_search_extra(id) "
    "WHERE search_extra IS DISTINCT FROM newsroom_search_extra(id)",
]

TABLES = ("articles_article", *LINKS, "articles_tag", "authors_author")
UNINSTALL = [
    "DROP TRIGGER IF EXISTS search_extra_story ON articles_article",
    *(
        f"DROP TRIGGER IF EXISTS search_extra_{event.lower()} ON {table}"
        for table in TABLES[1:] for event in ALL_EVENTS
    ),
    *(f"DROP FUNCTION IF EXISTS newsroom_search_extra_{table}()" for table in TABLES[1:]),
    "DROP FUNCTION IF EXISTS newsroom_search_extra_story()",
    "DROP FUNCTION IF EXISTS newsroom_search_extra_refresh(bigint[])",
    "DROP FUNCTION IF EXISTS newsroom_search_extra(bigint)",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement, params=None)

    return run


class Migration(migrations.Migration):

    dependencies = [
        ("articles", "0008_normalize_skip_done_work"),
        ("authors", "0001_initial"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
    ]

    operations = [
        migrations.RunPython(_run(INSTALL), _run(UNINSTALL)),
    ]
