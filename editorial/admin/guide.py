"""The desk guide (docs/guide/desk-guide.md) shown inside the admin, with its screenshots.

Staff only: both views are wrapped by the admin site (login redirect, no cache). The Markdown
is rendered by markdown-it-py with raw HTML off and kept per process until the file changes.
Images are served only by a name listed in docs/guide/img/, never by a path.
"""

import re
from pathlib import Path

from django.conf import settings
from django.contrib import admin
from django.http import FileResponse, Http404
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from markdown_it import MarkdownIt

GUIDE_DIR = Path(settings.BASE_DIR) / "docs" / "guide"
GUIDE_FILE = GUIDE_DIR / "desk-guide.md"
IMAGE_DIR = GUIDE_DIR / "img"
IMAGE_NAME = re.compile(r"[a-z0-9][a-z0-9-]*\.png")

# CommonMark plus tables; the guide's own HTML, if any, is shown as text, not run.
_markdown = MarkdownIt("commonmark", {"html": False}).enable("table")
_rendered: dict[tuple[Path, float], str] = {}  # (file, mtime) -> its HTML (one entry)


def guide_html() -> str:
    """The guide as HTML, rendered again only when the file has changed."""
    key = (GUIDE_FILE, GUIDE_FILE.stat().st_mtime)
    if key not in _rendered:
        _rendered.clear()
        _rendered[key] = _markdown.render(_from_title(GUIDE_FILE.read_text(encoding="utf-8")))
    return _rendered[key]


def _from_title(text: str) -> str:
    """The guide from its title on: the line above it tells developers what the file is
    (in English), and the desk speaks Arabic."""
    start = re.search(r"^# ", text, re.MULTILINE)
    return text[start.start():] if start else text


def guide_view(request):
    context = {
        **admin.site.each_context(request),
        "title": _("Desk guide"),
        # Our own file, rendered with raw HTML off: its markup is the renderer's.
        "guide": mark_safe(guide_html()),
    }
    return TemplateResponse(request, "admin/guide.html", context)


def guide_image(request, name):
    """A screenshot of the guide: only a PNG whose name is listed in docs/guide/img/."""
    if not IMAGE_NAME.fullmatch(name) or name not in _image_names():
        raise Http404
    return FileResponse((IMAGE_DIR / name).open("rb"), content_type="image/png")


def _image_names() -> set[str]:
    if not IMAGE_DIR.is_dir():
        return set()
    return {entry.name for entry in IMAGE_DIR.iterdir() if entry.is_file()}


app_name = "desk_guide"
urlpatterns = [
    path("", admin.site.admin_view(guide_view), name="page"),
    path("img/<str:name>", admin.site.admin_view(guide_image), name="image"),
]
