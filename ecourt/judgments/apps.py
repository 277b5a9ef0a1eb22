from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JudgmentsConfig(AppConfig):
    name = "ecourt.judgments"
    label = "judgments"
    verbose_name = _("Judgments")
