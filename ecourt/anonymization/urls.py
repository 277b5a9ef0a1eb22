"""URLs of the anonymization reviewer page."""

from django.urls import URLPattern, URLResolver, path

from . import views

app_name = "anonymization"
urlpatterns: list[URLPattern | URLResolver] = [
    path("judgments/<int:pk>/", views.review, name="review"),
    path("judgments/<int:pk>/decisions/", views.decide, name="decide"),
    path("judgments/<int:pk>/decisions/<int:decision_id>/withdraw/", views.withdraw, name="withdraw"),
]
