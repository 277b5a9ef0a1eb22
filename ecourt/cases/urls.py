"""URLs of the cases app (names and paths are relied upon by links, the API's and the benchmark)."""

from django.urls import URLPattern, URLResolver, path

from . import views

app_name = "cases"
urlpatterns: list[URLPattern | URLResolver] = [
    path("docket/", views.docket, name="docket"),
    path("cases/new/", views.intake, name="intake"),
    path("cases/<int:pk>/", views.detail, name="detail"),
    path("cases/<int:pk>/steps/<str:step>/", views.step, name="step"),
    path("assignments/", views.assignments, name="assignments"),
    path("overview/", views.overview, name="overview"),
    path("overview/overdue/", views.overdue, name="overdue"),
]
