"""URLs of the people app."""

from django.urls import URLPattern, URLResolver, path

from . import views

app_name = "people"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.home, name="home"),
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
]
