from django.apps import AppConfig


class CasefilesConfig(AppConfig):
    name = "ecourt.casefiles"
    label = "casefiles"
    verbose_name = "Case file packages and archiving"
    default_auto_field = "django.db.models.BigAutoField"
