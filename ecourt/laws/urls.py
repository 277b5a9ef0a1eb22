"""URLs of the legal corpus pages (public). Provision keys contain slashes: 'dieu-203/khoan-1'."""

from django.urls import URLPattern, URLResolver, path

from . import views

app_name = "laws"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.index, name="index"),
    path("<slug:key>/", views.document, name="document"),
    path("<slug:key>/<path:provision>/", views.provision, name="provision"),
]
