from django.urls import path

from . import views

app_name = "editorial"

urlpatterns = [
    path("<int:pk>/", views.article_preview, name="preview"),
    path("shared/<str:signed>/", views.shared_preview, name="shared_preview"),
]
