"""URLs of the courts app."""

from django.urls import URLPattern, URLResolver

app_name = "courts"
urlpatterns: list[URLPattern | URLResolver] = []
