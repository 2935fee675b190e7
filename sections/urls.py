from django.urls import path

from articles.feeds import SectionFeed

from . import views

app_name = "sections"

urlpatterns = [
    path("<uslug:slug>/", views.SectionDetailView.as_view(), name="detail"),
    path("<uslug:slug>/feed/", SectionFeed(), name="feed"),
]
