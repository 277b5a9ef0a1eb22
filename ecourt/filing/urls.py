"""URLs of online filing (the end-to-end tests rely on these names and paths)."""

from django.urls import URLPattern, URLResolver, path

from . import views, views_resumable

app_name = "filing"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.index, name="index"),
    path("new/", views.new, name="new"),
    path("lookup/", views.lookup, name="lookup"),
    path("communes/", views.communes, name="communes"),
    path("notifications/read/", views.read_notifications, name="read_notifications"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/court/", views.court, name="court"),
    path("<int:pk>/parties/", views.parties, name="parties"),
    path("<int:pk>/claims/", views.claims, name="claims"),
    path("<int:pk>/uploads/", views.uploads, name="uploads"),
    path("<int:pk>/uploads/<int:upload_id>/remove/", views.remove_upload, name="remove_upload"),
    path("<int:pk>/uploads/resumable/", views_resumable.take_resumable, name="take_resumable"),
    path("<int:pk>/review/", views.review, name="review"),
    path("<int:pk>/submit/", views.submit, name="submit"),
    path("<int:pk>/delete/", views.delete, name="delete"),
    path("<int:pk>/eservice/", views.eservice_consent, name="eservice_consent"),
]
