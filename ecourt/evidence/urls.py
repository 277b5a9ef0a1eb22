from django.urls import path

from . import views

app_name = "evidence"

urlpatterns = [
    path("cases/<int:case_id>/files/", views.receive, name="receive"),
    path("files/<int:pk>/", views.download, name="download"),
    path("files/<int:pk>/preview/", views.preview, name="preview"),
    path("files/<int:pk>/inline/", views.inline, name="inline"),
    path("files/<int:pk>/ocr/retry/", views.retry_ocr, name="retry_ocr"),
    # Resumable uploads (tus 1.0.0 + creation, termination, expiration): ecourt/evidence/uploads.py
    path("uploads/", views.upload_create, name="uploads"),
    path("uploads/<uuid:upload_id>/", views.upload_resource, name="upload"),
]
