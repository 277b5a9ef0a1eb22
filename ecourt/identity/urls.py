"""URLs of the identity app."""

from django.urls import URLPattern, URLResolver, path

from . import views

app_name = "identity"
urlpatterns: list[URLPattern | URLResolver] = [
    path("oidc/start/", views.start, name="oidc-start"),
    path("oidc/callback/", views.callback, name="oidc-callback"),
]
