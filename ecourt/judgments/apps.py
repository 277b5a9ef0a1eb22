from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JudgmentsConfig(AppConfig):
    name = "ecourt.judgments"
    label = "judgments"
    verbose_name = _("Judgments")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from ecourt.courts.models import Court, CourtSuccession

        from .index_fields import forget_courts

        # the portal's "now <successor>" labels are cached (index_fields.now_names)
        for model in (Court, CourtSuccession):
            post_save.connect(forget_courts, sender=model, dispatch_uid=f"judgments-forget-{model.__name__}")
            post_delete.connect(forget_courts, sender=model, dispatch_uid=f"judgments-forget-{model.__name__}-del")
