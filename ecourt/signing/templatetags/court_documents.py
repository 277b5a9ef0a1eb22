"""``{% case_documents case %}``: the documents the court issued in a case, on the case page.

Each issued document with its state (waiting, being signed, issued, failed and why), a download link
(through the case file: ecourt/evidence checks who may open it and records the download), the staff
actions open to the viewer (sign again; serve electronically to the parties who agreed) and each
electronic service with its state and receipt.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.utils import timezone

from ecourt.cases.access import CasePermission, checked_access
from ecourt.cases.models import Case

from ..issuing import documents_of, judgment_text, signing_configured
from ..models import DocumentKind, IssueStatus

register = template.Library()


@register.inclusion_tag("signing/_case_documents.html", takes_context=True)
def case_documents(context: dict[str, Any], case: Case) -> dict[str, Any]:
    user = context["request"].user
    access = checked_access(user, case, timezone.localdate())
    on_case = bool(access.assigned_roles)
    documents = documents_of(case)
    configured = signing_configured()
    may_issue_copy = (
        configured
        and CasePermission.DECIDE in access
        and bool(case.judgment_number)
        and not any(d.kind == DocumentKind.JUDGMENT_COPY and d.status != IssueStatus.FAILED for d in documents)
        and bool(judgment_text(case))
    )
    return {
        "case": case,
        "documents": documents,
        "configured": configured,
        "may_serve": on_case and CasePermission.RECORD in access,
        "may_retry": on_case,
        "may_issue_copy": may_issue_copy,
        "csrf_token": context.get("csrf_token"),
        "request": context["request"],
    }
