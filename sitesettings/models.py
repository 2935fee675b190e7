from django.db import models
from django.utils.translation import gettext_lazy as _


class Digits(models.TextChoices):
    WESTERN = "western", _("Western (0123456789)")
    ARABIC_INDIC = "arabic_indic", _("Arabic-Indic (٠١٢٣٤٥٦٧٨٩)")


class Calendar(models.TextChoices):
    """Which calendar readers' dates are shown in (core/dates.py, docs/dates.md)."""

    GREGORIAN = "gregorian", _("Gregorian")
    HIJRI = "hijri", _("Hijri (Umm al-Qura)")
    BOTH = "both", _("Gregorian and Hijri")


class MonthNames(models.TextChoices):
    """The Gregorian months' names on the Arabic edition, as the readers' region says them."""

    EGYPTIAN = "egyptian", _("Egypt and the Gulf (يناير، فبراير، مارس…)")
    LEVANTINE = "levantine", _("Levant and Iraq (كانون الثاني، شباط، آذار…)")


class CheckLevel(models.TextChoices):
    """What a failing pre-publish checklist item does (editorial/checklist.py)."""

    BLOCK = "block", _("Blocks publishing")
    WARN = "warn", _("Warns (an editor may publish anyway)")
    OFF = "off", _("Not checked")


# The checklist's items, in the order the desk shows them (editorial/checklist.py checks them).
CHECKLIST_ITEMS = ("headline", "summary", "image", "section", "byline", "tags", "seo",
                   "english", "links")


def _check_level(label, default=CheckLevel.WARN):
    return models.CharField(label, max_length=8, choices=CheckLevel.choices, default=default)


class SiteSettings(models.Model):
    """The site's own editable texts: name, tagline, the masthead / editorial-board note.

    There is exactly one row (pk=1); `SiteSettings.load()` returns it, creating it if needed.
    """

    site_name = models.CharField(_("site name"), max_length=100, default="الأمصار")
    tagline = models.CharField(_("tagline"), max_length=200, blank=True)
    masthead_note = models.TextField(
        _("masthead / editorial board note"), blank=True,
        help_text=_("Who runs the site, shown in the footer and on the About page."),
    )
    logo = models.ForeignKey(
        "images.Image", verbose_name=_("logo"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    digits = models.CharField(
        _("digits on the Arabic site"), max_length=16, choices=Digits.choices,
        default=Digits.WESTERN,
        help_text=_("How dates and numbers are written on the Arabic edition: dates, and the "
                    "numbers of stories' text (never in addresses, code or Latin words)."),
    )
    calendar = models.CharField(
        _("calendar of dates"), max_length=16, choices=Calendar.choices,
        default=Calendar.GREGORIAN,
        help_text=_("The calendar of the dates readers see: on the masthead and beside stories. "
                    "Hijri dates follow the Umm al-Qura calendar."),
    )
    month_names = models.CharField(
        _("month names"), max_length=16, choices=MonthNames.choices,
        default=MonthNames.EGYPTIAN,
        help_text=_("The Gregorian months' names on the Arabic edition."),
    )
    contact_email = models.EmailField(_("contact email"), blank=True)
    contact_address = models.CharField(_("contact address"), max_length=300, blank=True)
    facebook_url = models.URLField(_("Facebook page"), blank=True)
    x_url = models.URLField(_("X (Twitter) account"), blank=True)
    youtube_url = models.URLField(_("YouTube channel"), blank=True)
    telegram_url = models.URLField(_("Telegram channel"), blank=True)
    instagram_url = models.URLField(_("Instagram account"), blank=True)
    # The pre-publish checklist: one level per item (keys of editorial/checklist.py ITEMS).
    checklist_headline = _check_level(_("headline length"))
    checklist_summary = _check_level(_("summary present"))
    checklist_image = _check_level(_("lead or share image with alt text"))
    checklist_section = _check_level(_("section chosen"), CheckLevel.BLOCK)
    checklist_byline = _check_level(_("byline"))
    checklist_tags = _check_level(_("at least one tag"))
    checklist_seo = _check_level(_("search engine description length"))
    checklist_english = _check_level(_("English edition complete once started"))
    checklist_links = _check_level(_("links in the body answer"))

    class Meta:
        verbose_name = _("site settings")
        verbose_name_plural = _("site settings")

    def __str__(self):
        return str(_("Site settings"))

    def save(self, *args, **kwargs):
        self.pk = 1
        super().save(*args, **kwargs)

    @classmethod
    def load(cls) -> "SiteSettings":
        """The one row, made on first use. Readers' pages read it through caching.content."""
        obj = cls.objects.select_related("logo").filter(pk=1).first()
        if obj is None:
            obj, _created = cls.objects.get_or_create(pk=1)
        return obj

    def check_level(self, item: str) -> str:
        """The level (CheckLevel) of the checklist item `item`; an unknown item is not checked."""
        return getattr(self, f"checklist_{item}", CheckLevel.OFF)

    @property
    def date_style(self) -> dict[str, str]:
        """The calendar and month names as core/dates.py and core/memo.py take them."""
        return {"calendar": self.calendar, "months": self.month_names}

    @property
    def social_links(self) -> list[tuple[str, str]]:
        links = [
            ("Facebook", self.facebook_url),
            ("X", self.x_url),
            ("YouTube", self.youtube_url),
            ("Telegram", self.telegram_url),
            ("Instagram", self.instagram_url),
        ]
        return [(label, url) for label, url in links if url]
