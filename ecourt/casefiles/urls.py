from django.urls import path

from . import views

app_name = "casefiles"

urlpatterns = [
    path("cases/<int:case_id>/export/", views.export, name="export"),
    path("cases/<int:case_id>/archive/", views.archive, name="archive"),
    path("import/", views.upload, name="import"),
]
