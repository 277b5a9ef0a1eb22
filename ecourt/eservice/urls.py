from django.urls import path

from . import views

app_name = "eservice"

urlpatterns = [
    path("d/<str:token>/", views.open_document, name="open"),
    path("d/<str:token>/receipt/", views.receipt, name="receipt"),
    path("receipts/verify/", views.verify, name="verify"),
]
