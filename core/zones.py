"""The newsroom's time zone named in words ("بتوقيت بغداد"), never as an IANA name.

The desk writes the zone inside Arabic sentences ("مجدول في … بتوقيت بغداد"); "Asia/Baghdad"
there reads as a leak. The zones an Arab newsroom uses have a city name; any other zone is
named by its offset from Greenwich, which needs no translation.
"""

from datetime import datetime
from zoneinfo import ZoneInfo

from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

ZONE_CITIES = {
    "Asia/Baghdad": _("Baghdad"),
    "Asia/Riyadh": _("Riyadh"),
    "Asia/Kuwait": _("Kuwait"),
    "Asia/Qatar": _("Doha"),
    "Asia/Bahrain": _("Manama"),
    "Asia/Dubai": _("Dubai"),
    "Asia/Muscat": _("Muscat"),
    "Asia/Aden": _("Aden"),
    "Asia/Amman": _("Amman"),
    "Asia/Beirut": _("Beirut"),
    "Asia/Damascus": _("Damascus"),
    "Asia/Jerusalem": _("Jerusalem"),
    "Asia/Gaza": _("Gaza"),
    "Asia/Hebron": _("Hebron"),
    "Africa/Cairo": _("Cairo"),
    "Africa/Khartoum": _("Khartoum"),
    "Africa/Tripoli": _("Tripoli"),
    "Africa/Tunis": _("Tunis"),
    "Africa/Algiers": _("Algiers"),
    "Africa/Casablanca": _("Casablanca"),
    "Africa/Nouakchott": _("Nouakchott"),
    "Europe/London": _("London"),
    "Europe/Paris": _("Paris"),
    "Europe/Istanbul": _("Istanbul"),
}
UNIVERSAL = {"UTC", "Etc/UTC", "GMT", "Etc/GMT", "Universal", "Zulu"}


def zone_label(name: str | None = None) -> str:
    """How the desk names time zone `name` (default: the active one): "بتوقيت بغداد"."""
    name = name or timezone.get_current_timezone_name()
    if name in UNIVERSAL:
        return gettext("Greenwich time")
    city = ZONE_CITIES.get(name)
    if city is not None:
        return gettext("%(city)s time") % {"city": city}
    return gettext("Greenwich time %(offset)s") % {"offset": _offset(name)}


def _offset(name: str) -> str:
    """The zone's offset from UTC now, "+03:00"; "+00:00" for a name zoneinfo does not know."""
    try:
        offset = datetime.now(ZoneInfo(name)).utcoffset()
    except (KeyError, ValueError):  # zoneinfo raises ZoneInfoNotFoundError (a KeyError)
        return "+00:00"
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    hours, minutes = divmod(abs(minutes), 60)
    return f"{sign}{hours:02d}:{minutes:02d}"


# Arabic-Indic (٠١٢…) and Persian (۰۱۲…) digits, as an Arabic keyboard types them.
ASCII_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")


def western_digits(text: str) -> str:
    """`text` with Arabic-Indic digits as 0-9, which Python's date parsing reads."""
    return text.translate(ASCII_DIGITS)


def time_input_hint() -> str:
    """The visible hint under a date and time box: the zone and the format, with today."""
    now = timezone.localtime()
    return gettext(
        "Times are %(zone)s. Type the date as %(date)s and the time on the 24-hour clock "
        "as %(time)s."
    ) % {"zone": zone_label(), "date": _isolated(now.strftime("%Y-%m-%d")),
         "time": _isolated("14:30")}


def _isolated(example: str) -> str:
    """`example` as a left-to-right island (Unicode LRI…PDI): 2026-12-04 stays in order
    inside an Arabic sentence."""
    return f"\u2066{example}\u2069"
