"""The desk: the article admin and its workflow views (registered on import)."""

from editorial.admin import articles, planning, yes_no  # noqa: F401
