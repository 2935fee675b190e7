from django.shortcuts import get_object_or_404

from articles.views import ArchiveListView, public_articles

from .models import Section


class SectionDetailView(ArchiveListView):
    """A section's stories, its sub-sections' included, newest first."""

    template_name = "sections/section_detail.html"
    view_name = "sections:detail"

    def get_queryset(self):
        self.section = get_object_or_404(Section.objects.active(), slug=self.kwargs["slug"])
        self.subsections = list(self.section.children.filter(is_active=True))
        return public_articles().filter(section__in=[self.section, *self.subsections])

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            section=self.section, subsections=self.subsections, **kwargs
        )
