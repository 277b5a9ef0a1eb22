from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JobsConfig(AppConfig):
    name = "ecourt.jobs"
    label = "jobs"
    verbose_name = _("Background jobs")

    def ready(self) -> None:
        from django.utils.module_loading import autodiscover_modules

        # Each app declares its job functions in <app>/jobs.py.
        autodiscover_modules("jobs")
