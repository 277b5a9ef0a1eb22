"""Staff actions on issued court documents (mounted at /documents/)."""

from django.urls import path

from . import views

app_name = "court_documents"

urlpatterns = [
    path("<int:pk>/retry/", views.retry, name="retry"),
    path("cases/<int:case_id>/judgment-copy/", views.issue_judgment_copy, name="issue_judgment_copy"),
]
