"""URLs of the knowledge loop's staff pages (/qa/)."""

from django.urls import URLPattern, URLResolver, path

from . import views

app_name = "qa"
urlpatterns: list[URLPattern | URLResolver] = [
    path("requests/", views.inbox, name="inbox"),
    path("requests/<int:pk>/", views.request_detail, name="request"),
    path("versions/<int:pk>/approve/", views.approve, name="approve"),
    path("answers/", views.answer_list, name="answers"),
    path("answers/<int:pk>/", views.answer_detail, name="answer"),
    path("answers/<int:pk>/revise/", views.revise, name="revise"),
]
