"""core.memo: remembered URLs and dates are exactly what Django would build now."""

from datetime import UTC, datetime

import pytest
from django.test import override_settings
from django.urls import reverse, set_script_prefix
from django.utils import formats, timezone, translation

from core import memo

SLUG = "وزير-الخارجية-يزور-بغداد"
MOMENT = datetime(2026, 3, 5, 21, 30, tzinfo=UTC)


@pytest.fixture(autouse=True)
def script_prefix():
    yield
    set_script_prefix("/")


@pytest.mark.parametrize("language", ["ar", "en"])
def test_a_story_url_is_the_one_reverse_builds_in_each_edition(language):
    with translation.override(language):
        first = memo.cached_reverse("articles:detail", pk=7, slug=SLUG)
        again = memo.cached_reverse("articles:detail", pk=7, slug=SLUG)
        assert first == again == reverse("articles:detail", kwargs={"pk": 7, "slug": SLUG})


def test_the_editions_do_not_share_an_entry():
    with translation.override("ar"):
        arabic = memo.cached_reverse("sections:detail", slug="sport")
    with translation.override("en"):
        english = memo.cached_reverse("sections:detail", slug="sport")
    assert arabic == "/section/sport/" and english == "/en/section/sport/"


def test_a_site_under_a_sub_path_gets_its_prefix():
    with translation.override("ar"):
        plain = memo.cached_reverse("sections:detail", slug="sport")
        set_script_prefix("/news/")
        prefixed = memo.cached_reverse("sections:detail", slug="sport")
    assert plain == "/section/sport/" and prefixed == "/news/section/sport/"


@pytest.mark.parametrize("language", ["ar", "en"])
@pytest.mark.parametrize("zone", ["Asia/Baghdad", "UTC"])
def test_a_date_is_what_django_formats_in_the_language_and_zone(language, zone):
    with translation.override(language), timezone.override(zone):
        local = timezone.localtime(MOMENT)
        expected = (local.isoformat(), formats.date_format(local, "DATETIME_FORMAT"))
        assert memo.local_date(MOMENT, "DATETIME_FORMAT") == expected
        assert memo.local_date(MOMENT, "DATETIME_FORMAT") == expected


def test_the_zones_and_languages_give_different_texts():
    with translation.override("ar"), timezone.override("Asia/Baghdad"):
        baghdad = memo.local_date(MOMENT, "DATETIME_FORMAT")
    with translation.override("ar"), timezone.override("UTC"):
        utc = memo.local_date(MOMENT, "DATETIME_FORMAT")
    with translation.override("en"), timezone.override("UTC"):
        english = memo.local_date(MOMENT, "DATETIME_FORMAT")
    assert baghdad[0] == "2026-03-06T00:30:00+03:00" and utc[0] == "2026-03-05T21:30:00+00:00"
    assert len({baghdad[1], utc[1], english[1]}) == 3


def test_a_changed_setting_empties_the_memories():
    """Tests override URL confs, formats and zones: nothing remembered survives a change."""
    with translation.override("en"):
        memo.local_date(MOMENT, "DATE_FORMAT")
        memo.cached_reverse("sections:detail", slug="sport")
    assert memo._local_date.cache_info().currsize and memo._reverse.cache_info().currsize
    with override_settings(SHORT_DATE_FORMAT="Y/m/d"):
        assert memo._local_date.cache_info().currsize == 0
        assert memo._reverse.cache_info().currsize == 0
