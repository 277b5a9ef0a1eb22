from django.apps import AppConfig


class TwofactorConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "ecourt.twofactor"
    verbose_name = "Two-factor authentication"

    def ready(self) -> None:
        from . import schema  # noqa: F401 - registers the OpenAPI extension of the API's Basic class
