from django.utils.functional import SimpleLazyObject

from .models import SiteSettings


def site_settings(request):
    """`site` in every template: the one SiteSettings row, read only if a template uses it."""
    return {"site": SimpleLazyObject(SiteSettings.load)}
