"""The desk guide (docs/guide/desk-guide.md) and its screenshots agree: every image it shows
is committed in docs/guide/img/, every one is taken by a test (so `make guide-screenshots`
can refresh it), and nothing in the folder is left over."""

import re
import subprocess
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


def test_make_guide_screenshots_copies_what_the_guide_shows_and_names_the_test_of_a_missing_one(
    tmp_path,
):
    png = b"\x89PNG\r\n\x1a\n" + b"\0" * 16
    (tmp_path / "docs" / "guide" / "img").mkdir(parents=True)
    (tmp_path / "docs" / "guide" / "desk-guide.md").write_text(
        "# دليل\n\n![أ](img/desk-a.png)\n\n![ب](img/desk-b.png)\n", encoding="utf-8"
    )
    (tmp_path / "tests" / "browser").mkdir(parents=True)
    (tmp_path / "tests" / "browser" / "test_b.py").write_text('SHOT = "desk-b.png"\n')
    (tmp_path / "test-artifacts").mkdir()
    (tmp_path / "test-artifacts" / "desk-a.png").write_bytes(png)
    (tmp_path / "test-artifacts" / "story-01.png").write_bytes(png)  # not in the guide

    def make():
        return subprocess.run(
            ["make", "--no-print-directory", "-f", str(ROOT / "Makefile"), "guide-screenshots"],
            cwd=tmp_path, capture_output=True, text=True, timeout=60,
        )

    missing = make()
    assert missing.returncode != 0
    assert "test-artifacts/desk-b.png" in missing.stderr
    assert "tests/browser/test_b.py" in missing.stderr  # the test to run
    assert (tmp_path / "docs" / "guide" / "img" / "desk-a.png").read_bytes() == png
    assert not (tmp_path / "docs" / "guide" / "img" / "story-01.png").exists()

    (tmp_path / "test-artifacts" / "desk-b.png").write_bytes(png)
    done = make()
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in (tmp_path / "docs" / "guide" / "img").iterdir()) == [
        "desk-a.png", "desk-b.png",
    ]
