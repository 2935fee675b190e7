"""SQLite's triggers that keep `Article.search_extra`, the story's tag and byline names
(PostgreSQL's come from migration 0001). They are rebuilt around every migrate: SQLite alters
a table by copying it, which drops the table's triggers and fails while another names it."""

from django.db import connections, transaction
from django.db.migrations.recorder import MigrationRecorder


def names_text(story: str) -> str:
    """SQL for the names of story `story` (an SQL expression), as search_extra_for() writes
    them: each tag by name, then each byline in order; Arabic, then English; once each."""
    return f"""coalesce((
        SELECT group_concat(firsts.name, char(10)) OVER (
            ORDER BY firsts.position ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
        )
        FROM (
            SELECT numbered.name, min(numbered.position) AS position
            FROM ({_numbered_names(story)}) AS numbered
            WHERE numbered.name <> ''
            GROUP BY numbered.name
        ) AS firsts
        LIMIT 1
    ), '')"""


def _numbered_names(story: str) -> str:
    # Before SQLite 3.44 only a window orders group_concat(): hence the positions.
    return f"""
        SELECT names.name, row_number() OVER (
            ORDER BY names.part, names.sort_name, names.sort_order, names.sort_id, names.sub
        ) AS position
        FROM (
            SELECT 0 AS part, t.name AS sort_name, 0 AS sort_order, 0 AS sort_id, s.sub,
                   CASE s.sub WHEN 0 THEN t.name_ar ELSE t.name_en END AS name
            FROM articles_taggedarticle AS ta
            JOIN articles_tag AS t ON t.id = ta.tag_id
            CROSS JOIN (SELECT 0 AS sub UNION ALL SELECT 1) AS s
            WHERE ta.content_object_id = {story}
            UNION ALL
            SELECT 1, '', b."order", b.id, s.sub,
                   CASE s.sub WHEN 0 THEN a.name_ar ELSE a.name_en END
            FROM articles_articleauthor AS b
            JOIN authors_author AS a ON a.id = b.author_id
            CROSS JOIN (SELECT 0 AS sub UNION ALL SELECT 1) AS s
            WHERE b.article_id = {story}
        ) AS names"""


# The story's own triggers write the names; the others touch the stories whose names may
# have changed (`SET search_extra = search_extra`), which fires the story's trigger.
_REWRITE = f"""
    WHEN NEW.search_extra IS NOT {names_text("NEW.id")}
    BEGIN
        UPDATE articles_article SET search_extra = {names_text("NEW.id")} WHERE id = NEW.id;
    END"""
_TOUCH = "UPDATE articles_article SET search_extra = search_extra WHERE id"

TRIGGERS = {
    "search_extra_story_inserted": f"AFTER INSERT ON articles_article {_REWRITE}",
    "search_extra_story_updated": (
        f"AFTER UPDATE OF search_extra ON articles_article {_REWRITE}"
    ),
    "search_extra_tag_renamed": f"""AFTER UPDATE OF name, name_ar, name_en ON articles_tag
        WHEN NEW.name IS NOT OLD.name OR NEW.name_ar IS NOT OLD.name_ar
            OR NEW.name_en IS NOT OLD.name_en
        BEGIN {_TOUCH} IN (
            SELECT content_object_id FROM articles_taggedarticle WHERE tag_id = NEW.id
        ); END""",
    "search_extra_author_renamed": f"""AFTER UPDATE OF name_ar, name_en ON authors_author
        WHEN NEW.name_ar IS NOT OLD.name_ar OR NEW.name_en IS NOT OLD.name_en
        BEGIN {_TOUCH} IN (
            SELECT article_id FROM articles_articleauthor WHERE author_id = NEW.id
        ); END""",
}

# A tagging or a byline added, moved or removed: its story (or both stories) again.
for _link, _table, _story in (("tagging", "articles_taggedarticle", "content_object_id"),
                              ("byline", "articles_articleauthor", "article_id")):
    TRIGGERS |= {
        f"search_extra_{_link}_inserted":
            f"AFTER INSERT ON {_table} BEGIN {_TOUCH} = NEW.{_story}; END",
        f"search_extra_{_link}_updated":
            f"AFTER UPDATE ON {_table} BEGIN {_TOUCH} IN (OLD.{_story}, NEW.{_story}); END",
        f"search_extra_{_link}_deleted":
            f"AFTER DELETE ON {_table} BEGIN {_TOUCH} = OLD.{_story}; END",
    }

# Whatever changed while the triggers were gone (during a migrate), rewritten once.
CATCH_UP = (
    f"UPDATE articles_article SET search_extra = {names_text('articles_article.id')} "
    f"WHERE search_extra IS NOT {names_text('articles_article.id')}"
)


def drop_sqlite_triggers(sender, using, **kwargs):
    """Before a migrate (pre_migrate): no trigger in the way of SQLite's table copies."""
    connection = connections[using]
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        for name in TRIGGERS:
            cursor.execute(f"DROP TRIGGER IF EXISTS {name}")


def install_sqlite_triggers(sender, using, **kwargs):
    """After a migrate or a flush (post_migrate): the triggers, as this code writes them,
    once the search app is migrated; then every story's names brought up to date."""
    connection = connections[using]
    if connection.vendor != "sqlite" or not _search_migrated(connection):
        return
    with transaction.atomic(using=using), connection.cursor() as cursor:
        for name, definition in TRIGGERS.items():
            cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
            cursor.execute(f"CREATE TRIGGER {name} {definition}")
        cursor.execute(CATCH_UP)


def _search_migrated(connection) -> bool:
    applied = MigrationRecorder(connection).applied_migrations()
    return any(app == "search" for app, _name in applied)
