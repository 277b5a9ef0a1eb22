from django.apps import AppConfig


class EserviceConfig(AppConfig):
    name = "ecourt.eservice"
    label = "eservice"
    verbose_name = "Electronic service"
    default_auto_field = "django.db.models.BigAutoField"
