from django.urls import path

from . import feeds, search, views

app_name = "articles"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("article/<int:pk>/<uslug:slug>/", views.ArticleDetailView.as_view(), name="detail"),
    path("tag/<uslug:slug>/", views.TagDetailView.as_view(), name="tag"),
    path("tag/<uslug:slug>/feed/", feeds.TagFeed(), name="tag_feed"),
    path("search/", search.SearchView.as_view(), name="search"),
    path("about/", views.AboutView.as_view(), name="about"),
    path("feed/", feeds.LatestStoriesFeed(), name="feed"),
]
