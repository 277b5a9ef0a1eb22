"""``{% case_file_package case %}``: on the case page, exporting the case file as a package and archiving it."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils import timezone

from ecourt.cases.access import CasePermission, checked_access
from ecourt.cases.models import Case

from ..forms import ArchiveForm, ExportForm
from ..models import CaseArchive, PackageExport
from ..retention import SET_ON_ARCHIVING
from ..services import ARCHIVABLE

register = template.Library()


@register.inclusion_tag("casefiles/_case_panel.html", takes_context=True)
def case_file_package(context: dict[str, Any], case: Case) -> dict[str, Any]:
    user = context["request"].user
    access = checked_access(user, case, timezone.localdate())
    may_export = bool(access.assigned_roles) and bool(access.court_roles)
    archive = CaseArchive.objects.filter(case=case).first()
    return {
        "case": case,
        "show": may_export or CasePermission.RECORD in access,
        "may_export": may_export,
        "may_archive": CasePermission.RECORD in access and case.status in ARCHIVABLE and archive is None,
        "archive": archive,
        "exports": list(PackageExport.objects.filter(case=case)[:5]) if may_export else [],
        "form": ExportForm(),
        "archive_form": ArchiveForm(),
        "set_on_archiving": SET_ON_ARCHIVING,
        "csrf_token": context.get("csrf_token"),
        "request": context["request"],
    }
