"""Cursor pages: opaque `next`/`previous` links that stay right while stories are published
(a page number would shift every list by one with each new story)."""

from rest_framework.pagination import CursorPagination

PAGE_SIZE = 20
MAX_PAGE_SIZE = 50


class NewestFirst(CursorPagination):
    """Stories newest first, in the order of every readers' list (Article.Meta.ordering,
    served by the index article_newest_idx)."""

    ordering = ("-published_at", "-pk")
    page_size = PAGE_SIZE
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE


class BySlug(CursorPagination):
    """Sections, bylines and tags: in the order of their slugs, which are unique."""

    ordering = ("slug",)
    page_size = MAX_PAGE_SIZE
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE
