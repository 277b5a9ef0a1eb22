"""URLs of the judges' assistant (staff only)."""

from django.urls import URLPattern, URLResolver, path

from . import views

app_name = "assistant"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.ask, name="ask"),
    path("questions/<int:pk>/", views.question, name="question"),
    path("questions/<int:pk>/rate/", views.rate, name="rate"),
    path("questions/<int:pk>/escalate/", views.escalate, name="escalate"),
    path("similar/", views.similar, name="similar"),
]
