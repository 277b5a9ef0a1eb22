from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeadlinesConfig(AppConfig):
    name = "ecourt.deadlines"
    label = "deadlines"
    verbose_name = _("Statutory deadlines")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_migrate, post_save

        from .calendar import clear_calendar_cache
        from .models import CalendarException
        from .rules import sync_rules_after_migrate

        # Signals only for cache invalidation and for loading the packaged rule data (STYLE §2.3).
        post_save.connect(lambda **_: clear_calendar_cache(), sender=CalendarException, weak=False)
        post_delete.connect(lambda **_: clear_calendar_cache(), sender=CalendarException, weak=False)
        post_migrate.connect(sync_rules_after_migrate, sender=self)
