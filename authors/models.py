from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import NamedPage


class Author(NamedPage, models.Model):
    """A byline: a person, the outlet itself ("الأمصار") or a news agency ("وكالات")."""

    url_name = "authors:detail"
    slug_length = 150
    slug_fallback = "author"

    class Kind(models.TextChoices):
        STAFF = "staff", _("Staff journalist")
        CONTRIBUTOR = "contributor", _("Contributor")
        OUTLET = "outlet", _("The outlet")
        AGENCY = "agency", _("News agency")

    name = models.CharField(_("display name"), max_length=150)
    slug = models.SlugField(
        _("slug"), max_length=160, unique=True, allow_unicode=True, blank=True,
        help_text=_("Part of the author's page address. Left empty, it is made from the name."),
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.STAFF)
    job_title = models.CharField(_("job title"), max_length=150, blank=True)
    bio = models.TextField(_("biography"), blank=True)
    photo = models.ForeignKey(
        "images.Image", verbose_name=_("photo"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("user account"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="author_profile",
    )

    class Meta:
        verbose_name = _("author")
        verbose_name_plural = _("authors")
        ordering = ["name"]

    def __str__(self):
        return self.name


    @property
    def is_person(self) -> bool:
        return self.kind in (self.Kind.STAFF, self.Kind.CONTRIBUTOR)

