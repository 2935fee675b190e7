"""The readers' site: home, stories, sections, bylines, topics, search and feeds.

The URL namespaces (articles, sections, authors) are the names templates and models reverse.
"""

from django.urls import include, path

from . import feeds, search, views

articles = ([
    path("", views.HomeView.as_view(), name="home"),
    path("article/<int:pk>/<uslug:slug>/", views.ArticleDetailView.as_view(), name="detail"),
    path("tag/<uslug:slug>/", views.TagDetailView.as_view(), name="tag"),
    path("tag/<uslug:slug>/feed/", feeds.TagFeed(), name="tag_feed"),
    path("search/", search.SearchView.as_view(), name="search"),
    path("about/", views.AboutView.as_view(), name="about"),
    path("feed/", feeds.LatestStoriesFeed(), name="feed"),
], "articles")

sections = ([
    path("<uslug:slug>/", views.SectionDetailView.as_view(), name="detail"),
    path("<uslug:slug>/feed/", feeds.SectionFeed(), name="feed"),
], "sections")

authors = ([
    path("<uslug:slug>/", views.AuthorDetailView.as_view(), name="detail"),
    path("<uslug:slug>/feed/", feeds.AuthorFeed(), name="feed"),
], "authors")

urlpatterns = [
    path("section/", include(sections)),
    path("author/", include(authors)),
    path("", include(articles)),
]
