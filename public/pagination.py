"""Pagination for the story archives (section, author and tag pages) that never counts.

A page fetches one row more than it shows to learn whether there is a next one, and pages
deeper than `MAX_PAGES` are a 404, so an archive's size never shows in a page's cost.
Why: docs/architecture-notes.md, "Archive pagination".
"""

from django.core.paginator import EmptyPage, Page, PageNotAnInteger

MAX_PAGES = 250  # readers page through the newest stories and search for older ones


class ArchivePage(Page):
    """Django's Page, told by the paginator whether a next page exists (it cannot work it
    out from a page count)."""

    def __init__(self, object_list, number, paginator, has_next):
        super().__init__(object_list, number, paginator)
        self._has_next = has_next

    def __repr__(self):
        return f"<Archive page {self.number}>"

    def has_next(self):
        return self._has_next

    def next_page_number(self):
        if not self._has_next:
            raise EmptyPage("That page contains no results")
        return self.number + 1

    def start_index(self):
        return (self.number - 1) * self.paginator.per_page + 1 if self.object_list else 0

    def end_index(self):
        return (self.number - 1) * self.paginator.per_page + len(self.object_list)


class ArchivePaginator:
    """A drop-in for `ListView.paginator_class`: one bounded query per page, no count."""

    count = None
    num_pages = None  # unknown; ListView's `?page=last` therefore answers 404

    def __init__(self, object_list, per_page, orphans=0, allow_empty_first_page=True,
                 max_pages=None):
        self.object_list = object_list
        self.per_page = int(per_page)
        self.allow_empty_first_page = allow_empty_first_page
        self.max_pages = MAX_PAGES if max_pages is None else max_pages

    def validate_number(self, number):
        try:
            if isinstance(number, float) and not number.is_integer():
                raise ValueError
            number = int(number)
        except (TypeError, ValueError):
            raise PageNotAnInteger("That page number is not an integer") from None
        if number < 1:
            raise EmptyPage("That page number is less than 1")
        if number > self.max_pages:
            raise EmptyPage("That page is deeper than the archive pages go")
        return number

    def page(self, number):
        number = self.validate_number(number)
        start = (number - 1) * self.per_page
        rows = list(self.object_list[start : start + self.per_page + 1])
        if not rows and (number > 1 or not self.allow_empty_first_page):
            raise EmptyPage("That page contains no results")
        has_next = len(rows) > self.per_page and number < self.max_pages
        return ArchivePage(rows[: self.per_page], number, self, has_next)
