from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AnonymizationConfig(AppConfig):
    name = "ecourt.anonymization"
    label = "anonymization"
    verbose_name = _("Anonymization")
