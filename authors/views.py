from django.shortcuts import get_object_or_404
from django.views.generic import ListView

from articles.views import public_articles

from .models import Author


class AuthorDetailView(ListView):
    template_name = "authors/author_detail.html"
    context_object_name = "articles"
    paginate_by = 20

    def get_queryset(self):
        self.author = get_object_or_404(Author, slug=self.kwargs["slug"])
        return public_articles().filter(authors=self.author)

    def get_context_data(self, **kwargs):
        return super().get_context_data(author=self.author, **kwargs)
