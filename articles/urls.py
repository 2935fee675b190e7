from django.urls import path

from . import views

app_name = "articles"

urlpatterns = [
    path("", views.LatestArticlesView.as_view(), name="home"),
    path("article/<int:pk>/<uslug:slug>/", views.ArticleDetailView.as_view(), name="detail"),
    path("tag/<uslug:slug>/", views.TagDetailView.as_view(), name="tag"),
]
