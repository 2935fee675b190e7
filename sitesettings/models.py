from django.core.cache import cache
from django.db import models
from django.utils.translation import gettext_lazy as _

CACHE_KEY = "newsroom:site-settings"
CACHE_SECONDS = 300


class Digits(models.TextChoices):
    WESTERN = "western", _("Western (0123456789)")
    ARABIC_INDIC = "arabic_indic", _("Arabic-Indic (٠١٢٣٤٥٦٧٨٩)")


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
        help_text=_("How dates and numbers are written on the Arabic edition."),
    )
    contact_email = models.EmailField(_("contact email"), blank=True)
    contact_address = models.CharField(_("contact address"), max_length=300, blank=True)
    facebook_url = models.URLField(_("Facebook page"), blank=True)
    x_url = models.URLField(_("X (Twitter) account"), blank=True)
    youtube_url = models.URLField(_("YouTube channel"), blank=True)
    telegram_url = models.URLField(_("Telegram channel"), blank=True)
    instagram_url = models.URLField(_("Instagram account"), blank=True)

    class Meta:
        verbose_name = _("site settings")
        verbose_name_plural = _("site settings")

    def __str__(self):
        return str(_("Site settings"))

    def save(self, *args, **kwargs):
        self.pk = 1
        super().save(*args, **kwargs)
        cache.delete(CACHE_KEY)

    @classmethod
    def load(cls) -> "SiteSettings":
        """The one row, from the cache when possible: every public page needs it.

        The cached copy is kept with the page cache's content version and trusted only
        under that version: a save bumps it (caching.receivers), and a bump lost to a cache
        outage is repaired by the page cache's reconcile, so a stale copy cannot outlive it
        either. A cache that fails is a miss (caching/backends.py): the row is read instead,
        as it is while no version exists (the page cache off, or not yet used).
        """
        from caching.pagecache import VERSION_KEY

        values = cache.get_many([CACHE_KEY, VERSION_KEY])
        version, cached = values.get(VERSION_KEY), values.get(CACHE_KEY)
        if version is not None and isinstance(cached, tuple) and cached[0] == version:
            return cached[1]
        obj = cls.objects.select_related("logo").filter(pk=1).first()
        if obj is None:
            obj, _created = cls.objects.get_or_create(pk=1)
        if version is not None:
            cache.set(CACHE_KEY, (version, obj), CACHE_SECONDS)
        return obj

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
