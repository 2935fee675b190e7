"""/api/v1/: the endpoints, the OpenAPI schema and its browsable page (docs/api.md)."""

from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from . import views

app_name = "api"

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
    path("schema/", SpectacularAPIView.as_view(urlconf=None), name="schema"),
    # Swagger UI from our static files; its set-up script is a file too (the split view),
    # so the page needs no inline script under our Content-Security-Policy.
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
]
