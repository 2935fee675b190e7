"""The time zone named in words and translated fields labelled by edition (core/zones.py,
core/labels.py), in Arabic and in English."""

import pytest
from django.utils import timezone, translation

from articles.models import Article
from core.zones import western_digits, zone_label


@pytest.mark.parametrize("zone, arabic, english", [
    ("Asia/Baghdad", "بتوقيت بغداد", "Baghdad time"),
    ("Asia/Riyadh", "بتوقيت الرياض", "Riyadh time"),
    ("Africa/Cairo", "بتوقيت القاهرة", "Cairo time"),
    ("Africa/Casablanca", "بتوقيت الدار البيضاء", "Casablanca time"),
    ("Europe/London", "بتوقيت لندن", "London time"),
    ("UTC", "بتوقيت غرينتش", "Greenwich time"),
    ("Asia/Kolkata", "بتوقيت غرينتش +05:30", "Greenwich time +05:30"),
    ("America/St_Johns", "بتوقيت غرينتش -0", "Greenwich time -0"),  # -03:30 or -02:30
])
def test_zone_named_in_words(zone, arabic, english):
    with translation.override("ar"):
        assert zone_label(zone).startswith(arabic)
    with translation.override("en"):
        assert zone_label(zone).startswith(english)


def test_zone_defaults_to_the_active_one():
    with translation.override("ar"), timezone.override("Asia/Dubai"):
        assert zone_label() == "بتوقيت دبي"


def test_unknown_zone_name_is_not_an_error():
    with translation.override("ar"):
        assert zone_label("Mars/Olympus") == "بتوقيت غرينتش +00:00"


def test_arabic_indic_and_persian_digits_read_as_western():
    assert western_digits("٢٠٢٦-١٢-٠٤ ١٤:٣٠") == "2026-12-04 14:30"
    assert western_digits("۱۴:۳۰") == "14:30"


def test_translated_fields_say_their_edition_in_words():
    title_ar = Article._meta.get_field("title_ar").verbose_name
    title_en = Article._meta.get_field("title_en").verbose_name
    with translation.override("ar"):
        assert (str(title_ar), str(title_en)) == ("العنوان بالعربية", "العنوان بالإنجليزية")
    with translation.override("en"):
        assert (str(title_ar), str(title_en)) == ("headline in Arabic", "headline in English")
