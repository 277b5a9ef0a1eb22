from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrecedentsConfig(AppConfig):
    name = "ecourt.precedents"
    label = "precedents"
    verbose_name = _("Precedents")
