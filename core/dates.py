"""Dates as Arab readers read them: Gregorian, Hijri (Umm al-Qura) or both, and month names
by region. Pure functions over Django's date format syntax; how and why: docs/dates.md.

The calendar and the month names are passed in (the site's settings decide them), so this
leaf module reads no setting and imports no app.
"""

import datetime

from django.utils import dateformat, formats, translation
from hijridate import Gregorian, Hijri

GREGORIAN, HIJRI, BOTH = "gregorian", "hijri", "both"
# Gregorian month names on the Arabic edition: Egypt and the Gulf (يناير…, Django's own
# Arabic translation) or the Levant and Iraq (كانون الثاني…).
EGYPTIAN, LEVANTINE = "egyptian", "levantine"

LEVANTINE_MONTHS = (
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
)
# The Hijri year's suffix: "1447 هـ" / "1447 AH"; beside it, the Gregorian year's on the
# Arabic edition ("2026 م"), as Arab papers print the two dates together.
HIJRI_ERA = {"ar": "هـ", "en": "AH"}
GREGORIAN_ERA = {"ar": "م"}
# Beside a Gregorian date, the Hijri date alone: no weekday (the Gregorian one has it), no time.
HIJRI_BESIDE = "j F Y"
# Between the two dates. Not the middle dot on the Arabic edition: beside Arabic-Indic
# digits "·" reads as a zero (٢٠٢٦ · ٢٤ looks like ٢٠٢٦٠٢٤).
SEPARATOR = " · "
SEPARATORS = {"ar": " – "}

# Django's format letters that print the month's name.
_MONTH_NAMES = frozenset("FNEMb")


def hijri(day: datetime.date) -> Hijri | None:
    """`day` in the Umm al-Qura calendar; None outside its tables (1924 to 2077)."""
    try:
        return Gregorian.fromdate(day).to_hijri()
    except OverflowError:
        return None


def hijri_month_name(month: int, language: str) -> str:
    """محرم، صفر، ربيع الأول… (Arabic) or Muharram, Safar… (any other edition)."""
    return Hijri(1447, month, 1).month_name("ar" if language == "ar" else "en")


def calendar_texts(
    moment, fmt: str, *, calendar: str = GREGORIAN, months: str = EGYPTIAN
) -> list[str]:
    """The texts `moment` (a date or an aware local datetime) is shown as, one per calendar.

    `fmt` is Django's date format syntax or a format setting's name (DATETIME_FORMAT…),
    resolved for the active language. Hijri alone follows `fmt` (weekday and time of day
    kept); beside the Gregorian date it is the date alone (HIJRI_BESIDE), and the Gregorian
    year carries its era on the Arabic edition (2026 م). A date outside
    the Umm al-Qura tables is shown Gregorian only.
    """
    language = translation.get_language() or "ar"
    pattern = str(formats.get_format(fmt))
    day = None
    if calendar in (HIJRI, BOTH):
        day = hijri(moment.date() if isinstance(moment, datetime.datetime) else moment)
    if day is not None and calendar == HIJRI:
        return [dateformat.format(moment, hijri_format(pattern, day, language))]
    era = GREGORIAN_ERA.get(language, "") if day is not None else ""
    gregorian = dateformat.format(
        moment, gregorian_format(pattern, moment, language, months, era=era)
    )
    if day is None:
        return [gregorian]
    return [gregorian, dateformat.format(moment, hijri_format(HIJRI_BESIDE, day, language))]


def separator(language: str | None = None) -> str:
    """What stands between the two calendars' dates in the edition `language` (active one)."""
    return SEPARATORS.get(language or translation.get_language(), SEPARATOR)


def gregorian_format(
    pattern: str, moment, language: str, months: str = EGYPTIAN, era: str = ""
) -> str:
    """`pattern` with the region's month name written in on the Arabic edition, and `era`
    after the year when given."""
    values = {}
    if language == "ar" and months == LEVANTINE:
        values.update(dict.fromkeys(_MONTH_NAMES, LEVANTINE_MONTHS[moment.month - 1]))
    if era:
        values["Y"] = f"{moment.year} {era}"
    return _substitute(pattern, values) if values else pattern


def hijri_format(pattern: str, day: Hijri, language: str) -> str:
    """`pattern` with the Hijri day, month and year written in place of the Gregorian ones.

    Weekday and time letters stay for Django to fill (a weekday is the same in both
    calendars). Machine letters (c: ISO 8601, r: RFC 5322, U: epoch) are never used for
    readers' text and keep their meaning.
    """
    name = hijri_month_name(day.month, language)
    era = HIJRI_ERA.get(language, HIJRI_ERA["en"])
    values = {
        "d": f"{day.day:02d}",
        "j": str(day.day),
        "m": f"{day.month:02d}",
        "n": str(day.month),
        "Y": f"{day.year} {era}",
        "y": f"{day.year % 100:02d} {era}",
        "S": _english_ordinal(day.day) if language == "en" else "",
        **dict.fromkeys(_MONTH_NAMES, name),
    }
    return _substitute(pattern, values)


def _substitute(pattern: str, values: dict[str, str]) -> str:
    """`pattern` with each unescaped format letter in `values` replaced by its text,
    escaped letter by letter so that Django prints it as written."""
    out, chars = [], iter(pattern)
    for char in chars:
        if char == "\\":
            out.append(char + next(chars, ""))
        elif char in values:
            out.append("".join("\\" + c for c in values[char]))
        else:
            out.append(char)
    return "".join(out)


def _english_ordinal(day: int) -> str:
    if day in (11, 12, 13):
        return "th"
    return {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")
