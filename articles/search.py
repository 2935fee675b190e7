"""Search (issue #4): replaced by the full Arabic-aware implementation."""

from django.views.generic import ListView

from .views import public_articles


class SearchView(ListView):
    template_name = "articles/search.html"
    context_object_name = "articles"
    paginate_by = 20

    def get_queryset(self):
        self.query = self.request.GET.get("q", "")[:200].strip()
        if not self.query:
            return public_articles().none()
        return public_articles().filter(title__icontains=self.query)

    def get_context_data(self, **kwargs):
        return super().get_context_data(query=self.query, **kwargs)
