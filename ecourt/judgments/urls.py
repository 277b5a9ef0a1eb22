"""URLs of judgments: the public portal's search and a public judgment's page."""

from django.urls import URLPattern, URLResolver, path

from . import views

app_name = "judgments"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.index, name="index"),
    path("<int:pk>/", views.judgment_detail, name="detail"),
    path("<int:pk>/versions/<int:seq>/", views.judgment_version, name="version"),
    path("<int:pk>/publication/", views.publication_panel, name="publication"),
    path("<int:pk>/original/", views.judgment_original, name="original"),
]
