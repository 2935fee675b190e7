from django.utils.functional import SimpleLazyObject

from .models import Section


def _navigation():
    """Top-level active sections, each with `.subsections`, from one query."""
    sections = list(Section.objects.active().select_related(None))
    by_parent = {}
    for section in sections:
        by_parent.setdefault(section.parent_id, []).append(section)
    top = by_parent.get(None, [])
    for section in top:
        section.subsections = by_parent.get(section.pk, [])
    return top


def navigation(request):
    """`nav_sections` for the site's menu, read only if a template uses it."""
    return {"nav_sections": SimpleLazyObject(_navigation)}
