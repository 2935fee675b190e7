"""/api/v1/: the endpoints, the OpenAPI schema and its browsable page (docs/api.md)."""

from django.conf import settings
from django.urls import path
from django.views.decorators.csp import csp_override
from drf_spectacular.views import SpectacularSwaggerSplitView

from . import views

app_name = "api"

DOCS_CSP = csp_override(
    {
        **settings.SECURE_CSP,
        "img-src": [*settings.SECURE_CSP["img-src"], "data:"],
    }
)

urlpatterns = [
    path("stories/", views.StoryList.as_view(), name="story-list"),
    path("stories/<int:pk>/", views.StoryDetail.as_view(), name="story-detail"),
    path("search/", views.StorySearch.as_view(), name="search"),
    path("sections/", views.SectionList.as_view(), name="section-list"),
    path("sections/<uslug:slug>/", views.SectionDetail.as_view(), name="section-detail"),
    path("authors/", views.AuthorList.as_view(), name="author-list"),
    path("authors/<uslug:slug>/", views.AuthorDetail.as_view(), name="author-detail"),
    path("tags/", views.TagList.as_view(), name="tag-list"),
    path("tags/<uslug:slug>/", views.TagDetail.as_view(), name="tag-detail"),
    path("schema/", views.Schema.as_view(), name="schema"),
    # Swagger UI from our static files; its set-up script is a file too (the split view) and
    # our template drops the inline <style>, so the page keeps our Content-Security-Policy,
    # with one addition: Swagger UI draws its icons as data: SVG images.
    path(
        "docs/",
        DOCS_CSP(
            SpectacularSwaggerSplitView.as_view(
                url_name="api:schema",
                template_name="api/swagger_ui.html",
            )
        ),
        name="docs",
    ),
]
