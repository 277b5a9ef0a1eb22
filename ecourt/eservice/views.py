from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from ecourt.cases.access import case_access
from ecourt.evidence import services as evidence

from . import services
from .models import Service


def _served_party_user(service: Service, request: HttpRequest) -> bool:
    user_id = request.user.pk
    if user_id is None:
        return False
    party = service.party
    if party.user_id == user_id:
        return True
    # A representative or lawyer acting for the party may open it too.
    return party.representatives.filter(user_id=user_id).exists()


def _on_the_case(service: Service, request: HttpRequest) -> bool:
    """Court staff assigned to the case (its judge, clerk …) see the receipts of its services."""
    return bool(case_access(request.user, service.case, timezone.localdate()).assigned_roles)


@login_required
def open_document(request: HttpRequest, token: str) -> HttpResponse:
    """Only the served party (or its representative) opens it: court staff reading it is not service."""
    service = get_object_or_404(Service.objects.select_related("case", "party", "issued_document"), token=token)
    if not _served_party_user(service, request):
        raise PermissionDenied
    service = services.record_opening(service, actor=request.user)
    return render(request, "eservice/document.html", {"service": service})


@login_required
@require_safe
def document_file(request: HttpRequest, token: str) -> HttpResponseBase:
    """The signed PDF of a served court document, to the served party: opening it is opening the
    service; the download is in the case file's chain of custody."""
    service = get_object_or_404(Service.objects.select_related("case", "party", "issued_document"), token=token)
    if not _served_party_user(service, request):
        raise PermissionDenied
    issued = service.issued_document
    if issued is None or issued.case_file_id is None:
        raise Http404
    services.record_opening(service, actor=request.user)
    item, handle = evidence.open_download(request.user, issued.case_file_id)
    response = FileResponse(handle, as_attachment=True, filename=item.name, content_type=item.content_type)
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def receipt(request: HttpRequest, token: str) -> HttpResponse:
    service = get_object_or_404(Service.objects.select_related("case", "party"), token=token)
    if not (_served_party_user(service, request) or _on_the_case(service, request)):
        raise PermissionDenied
    return render(request, "eservice/receipt.html", {"service": service, "code": services.receipt_code(service)})


def verify(request: HttpRequest) -> HttpResponse:
    code = request.GET.get("code", "")[:100]
    service = services.verify_receipt(code) if code else None
    return render(request, "eservice/verify.html", {"code": code, "service": service, "checked": bool(code)})


@login_required
@require_POST
def serve_issued(request: HttpRequest, document_id: int) -> HttpResponse:
    """Staff on the case serve a signed document to the parties who agreed (from the case page)."""
    try:
        served = services.serve_issued(request.user, document_id, base_url=request.build_absolute_uri("/"))
    except ValueError as exc:
        messages.error(request, str(exc))
        return redirect(reverse("cases:detail", args=[_case_of(document_id)]) + "#court-documents")
    if served.services:
        names = ", ".join(s.party.name for s in served.services)
        messages.success(request, _("Served electronically on: %(names)s.") % {"names": names})
    if served.without_consent:
        names = ", ".join(p.name for p in served.without_consent)
        messages.warning(
            request, _("Not agreed to electronic service (serve another way): %(names)s.") % {"names": names}
        )
    if not served.services and not served.without_consent:
        messages.info(request, _("Every party who agreed has already been served this document."))
    return redirect(reverse("cases:detail", args=[_case_of(document_id)]) + "#court-documents")


def _case_of(document_id: int) -> int:
    from ecourt.signing.models import IssuedDocument

    return int(IssuedDocument.objects.values_list("case_id", flat=True).get(pk=document_id))
