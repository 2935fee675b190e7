"""Dates in the site's calendar (core/dates.py): Hijri by Umm al-Qura against dates the
Saudi calendar published, and month names by region."""

import datetime

import pytest
from django.utils import timezone, translation

from core.dates import BOTH, EGYPTIAN, GREGORIAN, HIJRI, LEVANTINE, calendar_texts, hijri

# Gregorian day -> (Hijri year, month, day) by Umm al-Qura, as Saudi Arabia announced them.
KNOWN = [
    (datetime.date(2025, 3, 1), (1446, 9, 1)),  # 1 Ramadan 1446
    (datetime.date(2026, 2, 18), (1447, 9, 1)),  # 1 Ramadan 1447
    (datetime.date(2025, 3, 30), (1446, 10, 1)),  # Eid al-Fitr 1446
    (datetime.date(2025, 6, 6), (1446, 12, 10)),  # Eid al-Adha 1446
    (datetime.date(2025, 6, 26), (1447, 1, 1)),  # Hijri new year 1447
    (datetime.date(2025, 2, 28), (1446, 8, 29)),  # the eve of Ramadan 1446: still Sha'ban
]
EGYPTIAN_MONTHS = [
    "يناير",
    "فبراير",
    "مارس",
    "إبريل",
    "مايو",
    "يونيو",
    "يوليو",
    "أغسطس",
    "سبتمبر",
    "أكتوبر",
    "نوفمبر",
    "ديسمبر",
]
LEVANTINE_MONTHS = [
    "كانون الثاني",
    "شباط",
    "آذار",
    "نيسان",
    "أيار",
    "حزيران",
    "تموز",
    "آب",
    "أيلول",
    "تشرين الأول",
    "تشرين الثاني",
    "كانون الأول",
]
HIJRI_MONTHS = [
    "محرم",
    "صفر",
    "ربيع الأول",
    "ربيع الثاني",
    "جمادى الأولى",
    "جمادى الآخرة",
    "رجب",
    "شعبان",
    "رمضان",
    "شوال",
    "ذو القعدة",
    "ذو الحجة",
]


@pytest.mark.parametrize(("day", "expected"), KNOWN)
def test_umm_al_qura_dates(day, expected):
    found = hijri(day)
    assert (found.year, found.month, found.day) == expected


@pytest.mark.parametrize(
    ("calendar", "expected"),
    [
        (GREGORIAN, ["السبت 1 مارس 2025"]),
        (HIJRI, ["السبت 1 رمضان 1446 هـ"]),
        (BOTH, ["السبت 1 مارس 2025 م", "1 رمضان 1446 هـ"]),
    ],
)
def test_first_of_ramadan_1446_in_each_calendar(calendar, expected):
    with translation.override("ar"):
        assert calendar_texts(datetime.date(2025, 3, 1), "l j F Y", calendar=calendar) == expected


@pytest.mark.parametrize(
    ("calendar", "expected"),
    [
        (GREGORIAN, ["18 فبراير 2026، 12:30"]),
        (HIJRI, ["1 رمضان 1447 هـ، 12:30"]),
        (BOTH, ["18 فبراير 2026 م، 12:30", "1 رمضان 1447 هـ"]),
    ],
)
def test_first_of_ramadan_1447_with_its_time_in_each_calendar(calendar, expected):
    """A story's date and time: Hijri alone keeps the time; beside Gregorian, the date only,
    and the Gregorian year says it is one (م)."""
    moment = timezone.localtime(datetime.datetime(2026, 2, 18, 9, 30, tzinfo=datetime.UTC))
    with translation.override("ar"):
        assert calendar_texts(moment, "DATETIME_FORMAT", calendar=calendar) == expected


def test_english_edition_names_the_hijri_month_in_english():
    with translation.override("en"):
        texts = calendar_texts(datetime.date(2026, 2, 18), "l, j F Y", calendar=BOTH)
    assert texts == ["Wednesday, 18 February 2026", "1 Ramadan 1447 AH"]


@pytest.mark.parametrize("month", range(1, 13))
def test_gregorian_month_names_by_region(month):
    day = datetime.date(2026, month, 15)
    with translation.override("ar"):
        egyptian = calendar_texts(day, "DATE_FORMAT", months=EGYPTIAN)
        levantine = calendar_texts(day, "DATE_FORMAT", months=LEVANTINE)
    assert egyptian == [f"15 {EGYPTIAN_MONTHS[month - 1]} 2026"]
    assert levantine == [f"15 {LEVANTINE_MONTHS[month - 1]} 2026"]


def test_levantine_names_leave_the_english_edition_alone():
    with translation.override("en"):
        assert calendar_texts(datetime.date(2026, 4, 1), "j F Y", months=LEVANTINE) == [
            "1 April 2026"
        ]


@pytest.mark.parametrize("month", range(1, 13))
def test_hijri_month_names(month):
    """The first of each month of 1447 is named محرم، صفر، ربيع الأول…"""
    first = next(
        datetime.date(2025, 6, 26) + datetime.timedelta(days=n)
        for n in range(360)
        if hijri(datetime.date(2025, 6, 26) + datetime.timedelta(days=n)).month == month
    )
    with translation.override("ar"):
        (text,) = calendar_texts(first, "j F Y", calendar=HIJRI)
    assert text == f"1 {HIJRI_MONTHS[month - 1]} 1447 هـ"


def test_escaped_letters_stay_as_written():
    with translation.override("ar"):
        (text,) = calendar_texts(datetime.date(2025, 3, 1), r"j F \Y Y", calendar=HIJRI)
    assert text == "1 رمضان Y 1446 هـ"


def test_a_day_outside_the_umm_al_qura_tables_is_shown_gregorian_only():
    with translation.override("ar"):
        texts = calendar_texts(datetime.date(2100, 1, 1), "j F Y", calendar=BOTH)
    assert hijri(datetime.date(2100, 1, 1)) is None
    assert texts == ["1 يناير 2100"]
