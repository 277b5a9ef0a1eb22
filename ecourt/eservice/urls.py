from django.urls import path

from . import views

app_name = "eservice"

urlpatterns = [
    path("d/<str:token>/", views.open_document, name="open"),
    path("d/<str:token>/file/", views.document_file, name="file"),
    path("d/<str:token>/receipt/", views.receipt, name="receipt"),
    path("receipts/verify/", views.verify, name="verify"),
    path("documents/<int:document_id>/serve/", views.serve_issued, name="serve_issued"),
]
