"""The desk guide (docs/guide/desk-guide.md) and its screenshots agree: every image it shows
is committed in docs/guide/img/, every one is taken by a test (so `make guide-screenshots`
can refresh it), and nothing in the folder is left over."""

import re
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
GUIDE = ROOT / "docs" / "guide" / "desk-guide.md"
IMAGES = GUIDE.parent / "img"
IMAGE_REF = re.compile(r"!\[[^\]]*\]\(([^)\s]+)\)")
MAX_BYTES = 400_000  # viewport shots, not full pages: the guide stays light to load


def referenced() -> list[str]:
    return IMAGE_REF.findall(GUIDE.read_text(encoding="utf-8"))


def names() -> list[str]:
    return sorted({ref.removeprefix("img/") for ref in referenced()})


def test_the_guide_shows_images_and_addresses_them_in_its_img_folder():
    refs = referenced()
    assert len(refs) >= 10
    # Relative to the guide, so they work on the repository's page and at /admin/guide/.
    assert [ref for ref in refs if not re.fullmatch(r"img/[a-z0-9-]+\.png", ref)] == []


@pytest.mark.parametrize("name", names())
def test_every_image_the_guide_shows_is_committed(name):
    path = IMAGES / name
    assert path.is_file(), (
        f"docs/guide/img/{name} is missing: run the browser test that takes it, then "
        "`make guide-screenshots`"
    )
    data = path.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n"), f"{name} is not a PNG"
    assert len(data) <= MAX_BYTES, f"{name} is {len(data)} bytes: take a viewport shot"


@pytest.mark.parametrize("name", names())
def test_every_screenshot_the_guide_shows_is_taken_by_a_test(name):
    takers = [
        path for path in (ROOT / "tests").rglob("*.py")
        if path != Path(__file__).resolve() and name in path.read_text(encoding="utf-8")
    ]
    assert takers, f"no test writes {name} to test-artifacts/"


def test_no_image_in_the_folder_is_left_unused():
    assert {path.name for path in IMAGES.iterdir()} - set(names()) == set()
