from django.conf import settings
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import get_language
from django.views.generic import DetailView, ListView

from editorial.workflow import Status

from .models import Article, Tag


def public_articles():
    """Every public page starts here: published stories with what a card shows.

    Stories have no language fallback (articles/translation.py), so an edition other than
    the Arabic one carries only the stories with a headline and a body in its language.
    """
    articles = Article.objects.published()
    language = get_language()
    if language != settings.LANGUAGE_CODE and language in dict(settings.LANGUAGES):
        for field in (f"title_{language}", f"body_{language}"):
            articles = articles.exclude(**{f"{field}__isnull": True}).exclude(**{field: ""})
    return articles.select_related("section", "lead_image").prefetch_related("bylines__author")


class LatestArticlesView(ListView):
    """The home page: the latest published stories."""

    template_name = "articles/article_list.html"
    context_object_name = "articles"
    paginate_by = 20

    def get_queryset(self):
        return public_articles()


class ArticleDetailView(DetailView):
    template_name = "articles/article_detail.html"
    context_object_name = "article"

    def get_queryset(self):
        return public_articles().prefetch_related("tags")

    def get(self, request, *args, **kwargs):
        # Looked up by id only, so an edited headline never breaks a shared link: a stale
        # slug redirects permanently to the current address.
        try:
            self.object = self.get_object()
        except Http404:
            # A story that was taken down is gone, not missing: 410 tells search engines to
            # drop it. Anything else not public (draft, scheduled, embargoed) is simply 404.
            if Article.objects.filter(pk=kwargs["pk"], status=Status.UNPUBLISHED).exists():
                return TemplateResponse(request, "410.html", status=410)
            raise
        if kwargs["slug"] != self.object.slug:
            return redirect(self.object, permanent=True)
        return self.render_to_response(self.get_context_data(object=self.object))


class TagDetailView(ListView):
    template_name = "articles/tag_detail.html"
    context_object_name = "articles"
    paginate_by = 20

    def get_queryset(self):
        self.tag = get_object_or_404(Tag, slug=self.kwargs["slug"])
        return public_articles().filter(tags=self.tag)

    def get_context_data(self, **kwargs):
        return super().get_context_data(tag=self.tag, **kwargs)
