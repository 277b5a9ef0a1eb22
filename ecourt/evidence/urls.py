from django.urls import path

from . import views

app_name = "evidence"

urlpatterns = [
    path("cases/<int:case_id>/files/", views.receive, name="receive"),
    path("files/<int:pk>/", views.download, name="download"),
]
