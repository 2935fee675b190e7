from django.shortcuts import get_object_or_404

from articles.views import ArchiveListView, public_articles

from .models import Author


class AuthorDetailView(ArchiveListView):
    """A byline's page: who they are and what they signed."""

    template_name = "authors/author_detail.html"
    view_name = "authors:detail"

    def get_queryset(self):
        self.author = get_object_or_404(Author.objects.select_related("photo"),
                                        slug=self.kwargs["slug"])
        return public_articles().filter(authors=self.author)

    def get_context_data(self, **kwargs):
        return super().get_context_data(author=self.author, **kwargs)
