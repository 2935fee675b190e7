"""Where a WordPress photo's file comes from: a copy of the old site's wp-content/uploads
(--media-dir), else its attachment URL when that still answers."""

import re
import urllib.request
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings

DOWNLOAD_TIMEOUT = 20
# A photo in a post may be one of WordPress's resized copies: photo-300x188.jpg.
_SIZE_SUFFIX = re.compile(r"-\d{1,5}x\d{1,5}(?=\.[A-Za-z0-9]+$)")


class MediaMissing(Exception):
    """The photo's file is in neither place; the message says where it was looked for."""


def uploads_path(url_or_path: str) -> str:
    """The part of a photo's address under wp-content/uploads/: "2025/06/photo-1.jpg"."""
    path = unquote(urlsplit(url_or_path).path)
    marker = "/wp-content/uploads/"
    return path.split(marker, 1)[1] if marker in path else path.lstrip("/")


def original_of(url: str) -> str:
    """The address of the original a resized copy was made from."""
    return _SIZE_SUFFIX.sub("", url)


class MediaSource:
    def __init__(self, media_dir: Path | None, *, download: bool = True):
        self.media_dir = media_dir.resolve() if media_dir else None
        self.download = download

    def read(self, relative: str, url: str) -> tuple[bytes, str]:
        """The file's bytes and its name, from the uploads copy or the URL."""
        tried = []
        if self.media_dir and relative:
            candidate = (self.media_dir / relative).resolve()
            # Never outside the uploads copy, whatever the export says (../../etc/passwd).
            if candidate.is_relative_to(self.media_dir) and candidate.is_file():
                if candidate.stat().st_size > settings.NEWSROOM_IMAGE_MAX_BYTES:
                    raise MediaMissing(f"{candidate} is larger than the library accepts")
                return candidate.read_bytes(), candidate.name
            tried.append(str(self.media_dir / relative))
        if self.download and url.startswith(("http://", "https://")):
            return self._fetch(url), Path(unquote(urlsplit(url).path)).name or "photo"
        tried.append(url or "(no URL)")
        raise MediaMissing("not found: " + ", ".join(tried))

    def _fetch(self, url: str) -> bytes:
        request = urllib.request.Request(url, headers={"User-Agent": "newsroom-wordpress-import"})
        limit = settings.NEWSROOM_IMAGE_MAX_BYTES
        try:
            with urllib.request.urlopen(request, timeout=DOWNLOAD_TIMEOUT) as response:  # noqa: S310
                data = response.read(limit + 1)
        except (OSError, ValueError) as exc:
            raise MediaMissing(f"{url} did not answer ({exc})") from exc
        if len(data) > limit:
            raise MediaMissing(f"{url} is larger than the library accepts")
        return data
