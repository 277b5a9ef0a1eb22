"""URLs of the precedent pages (public). A precedent's number has slashes: /precedents/08/2016/AL/."""

from django.urls import URLPattern, URLResolver, path

from . import views

app_name = "precedents"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.index, name="index"),
    path("<path:number>/", views.detail, name="detail"),
]
