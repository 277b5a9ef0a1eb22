from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LawsConfig(AppConfig):
    name = "ecourt.laws"
    label = "laws"
    verbose_name = _("Legal corpus")
