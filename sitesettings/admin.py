from django.contrib import admin
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from .models import CHECKLIST_ITEMS, SiteSettings


@admin.register(SiteSettings)
class SiteSettingsAdmin(TranslationAdmin):
    """One row: no add (it exists once), no delete."""

    autocomplete_fields = ["logo"]
    fieldsets = [
        (_("Arabic"), {"fields": ["site_name_ar", "tagline_ar", "masthead_note_ar",
                                  "contact_address_ar"]}),
        (None, {"fields": ["logo", "contact_email"]}),
        (_("Dates and numbers"), {"fields": ["calendar", "month_names", "digits"]}),
        (_("Social networks"), {"fields": ["facebook_url", "x_url", "youtube_url",
                                           "telegram_url", "instagram_url"]}),
        (_("Pre-publish checklist"), {
            "description": _("For each check: block publishing when it fails, only warn (an "
                             "editor may publish anyway, and the desk records it), or skip it."),
            "fields": [f"checklist_{item}" for item in CHECKLIST_ITEMS],
        }),
        (_("English"), {"classes": ["collapse"], "fields": ["site_name_en", "tagline_en",
                                                          "masthead_note_en",
                                                          "contact_address_en"]}),
    ]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_object(self, request, object_id, from_field=None):
        # The row is created on first use, so its change page always exists.
        return SiteSettings.load() if str(object_id) == "1" else None

    def changelist_view(self, request, extra_context=None):
        return redirect("admin:sitesettings_sitesettings_change", SiteSettings.load().pk)
