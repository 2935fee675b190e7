"""What every readers' page template may read: the site's settings and its menu."""

from django.utils.functional import SimpleLazyObject

from caching import content
from sections.models import Section

MENU_KEY = "newsroom:menu"
MENU_SECONDS = 300


def _menu() -> list[Section]:
    sections = list(Section.objects.active())
    by_parent = {}
    for section in sections:
        by_parent.setdefault(section.parent_id, []).append(section)
    top = by_parent.get(None, [])
    for section in top:
        section.subsections = by_parent.get(section.pk, [])
    return top


def navigation_for(request) -> list[Section]:
    """Top-level active sections, each with `.subsections`: kept in the shared cache under
    the content version (any section change moves it), so a page costs no menu query; read
    once per request when there is no copy."""
    if not hasattr(request, "_newsroom_nav"):
        request._newsroom_nav = content.under_version(MENU_KEY, MENU_SECONDS, _menu)
    return request._newsroom_nav


def navigation(request):
    """`nav_sections` for the site's menu, read only if a template uses it."""
    return {"nav_sections": SimpleLazyObject(lambda: navigation_for(request))}


def site_settings(request):
    """`site` in every template: the one SiteSettings row, read only if a template uses it."""
    return {"site": SimpleLazyObject(content.site_settings)}
