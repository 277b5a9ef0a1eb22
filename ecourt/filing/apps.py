from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FilingConfig(AppConfig):
    name = "ecourt.filing"
    label = "filing"
    verbose_name = _("Online filing")
    default_auto_field = "django.db.models.BigAutoField"
