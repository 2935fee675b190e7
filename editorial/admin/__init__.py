"""The desk: the article admin and its workflow views (registered on import)."""

from editorial.admin import articles, yes_no  # noqa: F401
