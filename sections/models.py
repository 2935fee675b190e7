from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import NamedPage


class SectionQuerySet(models.QuerySet):
    def active(self):
        """Sections shown to readers and offered to journalists."""
        return self.filter(is_active=True)


class Section(NamedPage, models.Model):
    """A desk of the paper (سياسة، اقتصاد…). One level of sub-sections; drives the navigation."""

    url_name = "sections:detail"
    slug_length = 120
    slug_fallback = "section"

    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(
        _("slug"), max_length=120, unique=True, allow_unicode=True, blank=True,
        help_text=_("Part of the section's address. Left empty, it is made from the Arabic name."),
    )
    description = models.TextField(_("description"), blank=True)
    parent = models.ForeignKey(
        "self", verbose_name=_("parent section"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="children",
        limit_choices_to={"parent__isnull": True},
    )
    order = models.PositiveSmallIntegerField(
        _("order"), default=0, help_text=_("Lower numbers come first in the menu.")
    )
    is_active = models.BooleanField(_("active"), default=True)

    objects = SectionQuerySet.as_manager()

    class Meta:
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        ordering = ["order", "pk"]

    def __str__(self):
        return f"{self.parent.name} › {self.name}" if self.parent_id else self.name


    def clean(self):
        # One level only: a sub-section cannot have sub-sections of its own.
        if self.parent_id:
            if self.parent_id == self.pk:
                raise ValidationError({"parent": _("A section cannot be its own parent.")})
            if self.parent.parent_id:
                raise ValidationError(
                    {"parent": _("Sub-sections go one level deep; choose a top-level section.")}
                )
            if self.pk and self.children.exists():
                raise ValidationError(
                    {"parent": _("This section has sub-sections, so it must stay top-level.")}
                )
