"""URLs of the two-factor pages (all under /twofactor/, which the middleware leaves open)."""

from django.urls import URLPattern, URLResolver, path

from . import views

app_name = "twofactor"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.status, name="status"),
    path("verify/", views.verify, name="verify"),
    path("setup/", views.setup, name="setup"),
    path("backup-codes/", views.backup_codes, name="backup-codes"),
    path("reset/", views.reset, name="reset"),
]
