"""URLs of judgments: a public judgment's page."""

from django.urls import URLPattern, URLResolver, path

from . import views

app_name = "judgments"
urlpatterns: list[URLPattern | URLResolver] = [
    path("<int:pk>/", views.judgment_detail, name="detail"),
]
