from django.urls import path

from . import views

app_name = "fees"

urlpatterns = [
    path("payments/unmatched/", views.unmatched_lines, name="unmatched"),
    path("payments/import/", views.import_statement, name="import"),
    path("payments/lines/<int:pk>/resolve/", views.resolve_line, name="resolve"),
]
