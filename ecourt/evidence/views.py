"""Thin views of the case file: receive an upload, download a file (each access in the custody chain)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse, JsonResponse
from django.http.response import HttpResponseBase
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from . import services
from .models import FileKind
from .storage import EvidenceFileError


@login_required
@require_POST
def receive(request: HttpRequest, case_id: int) -> HttpResponse:
    """``POST /evidence/cases/<case_id>/files/`` with ``file`` (and ``kind``): the item received, as JSON.
    Django streams large uploads to a temporary file; ``receive_stream`` reads it in chunks."""
    upload = request.FILES.get("file")
    if upload is None:
        return JsonResponse({"error": _("Choose a file to upload.")}, status=400)
    kind = request.POST.get("kind", FileKind.EVIDENCE)
    if kind not in FileKind.values:
        return JsonResponse({"error": _("Unknown kind of file.")}, status=400)
    try:
        item = services.receive(request.user, case_id, upload, upload.name or "file", kind=kind)
    except EvidenceFileError as exc:
        return JsonResponse({"error": str(exc)}, status=400)
    return JsonResponse(
        {
            "id": item.pk,
            "name": item.name,
            "content_type": item.content_type,
            "size": item.size,
            "sha256": item.sha256,
            "received_at": item.received_at.isoformat(),
            "timestamp": item.timestamp_status,
        },
        status=201,
    )


@login_required
@require_safe
def download(request: HttpRequest, pk: int) -> HttpResponseBase:
    """``/evidence/files/<pk>/``: the file, to the people on the case only; recorded as a download."""
    item, handle = services.open_download(request.user, pk)
    response = FileResponse(handle, as_attachment=True, filename=item.name, content_type=item.content_type)
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
