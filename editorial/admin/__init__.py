"""The desk: the article admin and its workflow views (registered on import)."""

from editorial.admin import articles  # noqa: F401
