"""URLs of the citations app's pages."""

from django.urls import URLPattern, URLResolver, path

from . import views

app_name = "citations"
urlpatterns: list[URLPattern | URLResolver] = [
    path("check/", views.check, name="check"),
]
