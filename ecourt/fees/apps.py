from django.apps import AppConfig


class FeesConfig(AppConfig):
    name = "ecourt.fees"
    label = "fees"
    verbose_name = "Court fees"
    default_auto_field = "django.db.models.BigAutoField"
