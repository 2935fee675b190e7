from django.shortcuts import get_object_or_404
from django.views.generic import ListView

from articles.views import public_articles

from .models import Section


class SectionDetailView(ListView):
    template_name = "sections/section_detail.html"
    context_object_name = "articles"
    paginate_by = 20

    def get_queryset(self):
        self.section = get_object_or_404(Section.objects.active(), slug=self.kwargs["slug"])
        return public_articles().filter(section__in=[self.section, *self.section.children.all()])

    def get_context_data(self, **kwargs):
        return super().get_context_data(section=self.section, **kwargs)
