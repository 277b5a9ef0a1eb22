from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

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


@login_required
def open_document(request: HttpRequest, token: str) -> HttpResponse:
    """Only the served party (or its representative) opens it: court staff reading it is not service."""
    service = get_object_or_404(Service.objects.select_related("case", "party"), token=token)
    if not _served_party_user(service, request):
        raise PermissionDenied
    service = services.record_opening(service)
    return render(request, "eservice/document.html", {"service": service})


@login_required
def receipt(request: HttpRequest, token: str) -> HttpResponse:
    service = get_object_or_404(Service.objects.select_related("case", "party"), token=token)
    if not _served_party_user(service, request):
        raise PermissionDenied
    return render(request, "eservice/receipt.html", {"service": service, "code": services.receipt_code(service)})


def verify(request: HttpRequest) -> HttpResponse:
    code = request.GET.get("code", "")[:100]
    service = services.verify_receipt(code) if code else None
    return render(request, "eservice/verify.html", {"code": code, "service": service, "checked": bool(code)})
