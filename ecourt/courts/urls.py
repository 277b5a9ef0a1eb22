"""URLs of the courts app: the public court list and each court's page (by its five-digit code)."""

from django.urls import URLPattern, URLResolver, path, re_path

from . import views

app_name = "courts"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.court_list, name="list"),
    re_path(r"^(?P<code>\d{5})/$", views.court_detail, name="detail"),
]
