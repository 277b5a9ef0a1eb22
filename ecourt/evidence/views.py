"""Thin views of the case file: its page (list, resumable upload form), one-request upload, download,
preview, the OCR retry, and the resumable uploads (tus 1.0.0, ``uploads.py``). Each access to a file goes
through ``access.py`` and is in the custody chain."""

from __future__ import annotations

import uuid
from email.utils import format_datetime
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from . import ocr, services, uploads
from .models import CaseFile, FileKind, Upload
from .storage import JPEG, PDF, PNG, TEXT, EvidenceFileError

INLINE_TYPES = frozenset({PDF, PNG, JPEG, TEXT})  # what browsers show safely; TIFF, Office, media: download
TEXT_PREVIEW_BYTES = 256 * 1024
# The preview frame: nothing loaded from it, no scripts, no forms; framed by our own pages only. A PDF
# is not sandboxed (browsers refuse to run their PDF viewer in a sandboxed document) but loads nothing.
PREVIEW_CSP = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; frame-ancestors 'self'; sandbox"
PDF_CSP = "default-src 'none'; object-src 'self'; frame-ancestors 'self'"


def _item_json(item: CaseFile) -> dict[str, Any]:
    return {
        "id": item.pk,
        "name": item.name,
        "content_type": item.content_type,
        "size": item.size,
        "sha256": item.sha256,
        "received_at": item.received_at.isoformat(),
        "timestamp": item.timestamp_status,
        "ocr": item.ocr_status,
    }


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def receive(request: HttpRequest, case_id: int) -> HttpResponse:
    """``/evidence/cases/<case_id>/files/``: GET the case file page (its files; the upload form for the
    people on the case); POST ``file`` (and ``kind``) in one request: the item received, as JSON. Django
    streams large uploads to a temporary file; ``receive_stream`` reads it in chunks."""
    if request.method != "POST":
        case, items, can_receive = services.case_files(request.user, case_id)
        context = {
            "case": case,
            "items": items,
            "can_receive": can_receive,
            "kinds": FileKind.choices,
            "max_mb": uploads.max_bytes() // uploads.MB,
        }
        return render(request, "evidence/case_files.html", context)
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
    return JsonResponse(_item_json(item), status=201)


@login_required
@require_safe
def download(request: HttpRequest, pk: int) -> HttpResponseBase:
    """``/evidence/files/<pk>/``: the file, to the people on the case only; recorded as a download."""
    item, handle = services.open_download(request.user, pk)
    response = FileResponse(handle, as_attachment=True, filename=item.name, content_type=item.content_type)
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_safe
def preview(request: HttpRequest, pk: int) -> HttpResponse:
    """``/evidence/files/<pk>/preview/``: the file's page — its record, the file shown inline when the
    browser can (PDF, PNG, JPEG, text), the text read from it; recorded as a view."""
    item = services.view(request.user, pk)
    text_preview = None
    if item.content_type == TEXT:
        text_preview = services.read_text_preview(item, TEXT_PREVIEW_BYTES)
    context = {
        "item": item,
        "inline": item.content_type in INLINE_TYPES and item.content_type != TEXT,
        "is_pdf": item.content_type == PDF,
        "text_preview": text_preview,
        "text_cut": item.size > TEXT_PREVIEW_BYTES,
        "may_retry_ocr": ocr.may_retry(item) and services.may_receive_into(request.user, item),
    }
    response = render(request, "evidence/preview.html", context)
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_safe
@xframe_options_sameorigin
def inline(request: HttpRequest, pk: int) -> HttpResponseBase:
    """``/evidence/files/<pk>/inline/``: the bytes of a PDF, PNG, JPEG or text file to be shown in the
    browser (Content-Disposition inline, nosniff, a CSP that loads and runs nothing); other types are
    download-only (404 here). Recorded as a view."""
    item, handle = services.open_inline(request.user, pk, INLINE_TYPES)
    content_type = f"{TEXT}; charset=utf-8" if item.content_type == TEXT else item.content_type
    response = FileResponse(handle, as_attachment=False, filename=item.name, content_type=content_type)
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = PDF_CSP if item.content_type == PDF else PREVIEW_CSP
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    return response


@login_required
@require_POST
def retry_ocr(request: HttpRequest, pk: int) -> HttpResponse:
    """``POST /evidence/files/<pk>/ocr/retry/``: read the file's text again (after a failure)."""
    try:
        ocr.retry(request.user, pk)
    except ocr.OcrError as exc:
        return JsonResponse({"error": str(exc)}, status=409)
    return redirect("evidence:preview", pk=pk)


# --- tus 1.0.0 -------------------------------------------------------------------------------------


def _tus(response: HttpResponse) -> HttpResponse:
    response["Tus-Resumable"] = uploads.TUS_VERSION
    response["Cache-Control"] = "no-store"
    return response


def _tus_error(status: int, message: str) -> HttpResponse:
    response = _tus(JsonResponse({"error": message}, status=status))
    if status == 412:
        response["Tus-Version"] = uploads.TUS_VERSION
    return response


def _options() -> HttpResponse:
    response = HttpResponse(status=204)
    response["Tus-Resumable"] = uploads.TUS_VERSION
    response["Tus-Version"] = uploads.TUS_VERSION
    response["Tus-Extension"] = uploads.EXTENSIONS
    response["Tus-Max-Size"] = str(uploads.max_bytes())
    return response


def _upload_headers(response: HttpResponse, upload: Upload) -> HttpResponse:
    response["Upload-Offset"] = str(upload.offset)
    response["Upload-Length"] = str(upload.length)
    expires = uploads.expires_at(upload)
    if expires is not None:
        response["Upload-Expires"] = format_datetime(expires, usegmt=True)
    response["Evidence-Upload-State"] = str(upload.state)
    if upload.item_id is not None:
        response["Evidence-File-Id"] = str(upload.item_id)
    if upload.sha256:
        response["Evidence-Sha256"] = upload.sha256
    return response


def _upload_json(request: HttpRequest, upload: Upload) -> dict[str, Any]:
    return {
        "id": str(upload.pk),
        "url": request.build_absolute_uri(reverse("evidence:upload", args=[upload.pk])),
        "name": upload.name,
        "length": upload.length,
        "offset": upload.offset,
        "state": upload.state,
        "error": upload.error,
        "case": upload.case_id,
        "content_type": upload.content_type,
        "sha256": upload.sha256,
        "file": upload.item_id,
        "preview": reverse("evidence:preview", args=[upload.item_id]) if upload.item_id else None,
    }


def _guard(request: HttpRequest) -> HttpResponse | None:
    """The checks of every tus request but OPTIONS: signed in, ``Tus-Resumable: 1.0.0``."""
    if not request.user.is_authenticated:
        return _tus_error(401, _("Sign in to upload files."))
    if request.headers.get("Tus-Resumable") != uploads.TUS_VERSION:
        return _tus_error(412, _("This server speaks tus %(version)s.") % {"version": uploads.TUS_VERSION})
    return None


def _failure(exc: Exception) -> HttpResponse:
    if isinstance(exc, uploads.UploadError):
        return _tus_error(exc.status, str(exc))
    if isinstance(exc, Http404):
        return _tus_error(404, str(exc) or _("No such case."))
    return _tus_error(403, str(exc) or _("You may not add files to this case."))


@require_http_methods(["OPTIONS", "POST"])
def upload_create(request: HttpRequest) -> HttpResponse:
    """``/evidence/uploads/``: OPTIONS (what the server supports), POST (creation extension) — an
    ``Upload-Length`` and an ``Upload-Metadata`` with ``filename``, ``case`` (and ``kind``): 201 with the
    upload's ``Location``."""
    if request.method == "OPTIONS":
        return _options()
    refused = _guard(request)
    if refused is not None:
        return refused
    try:
        upload = uploads.create(
            request.user, request.headers.get("Upload-Length"), request.headers.get("Upload-Metadata", "")
        )
    except (uploads.UploadError, Http404, PermissionDenied) as exc:
        return _failure(exc)
    response = _tus(HttpResponse(status=201))
    response["Location"] = request.build_absolute_uri(reverse("evidence:upload", args=[upload.pk]))
    return _upload_headers(response, upload)


@require_http_methods(["OPTIONS", "HEAD", "GET", "PATCH", "DELETE"])
def upload_resource(request: HttpRequest, upload_id: uuid.UUID) -> HttpResponse:  # noqa: PLR0911 - one per method
    """``/evidence/uploads/<id>/``: HEAD (the offset to resume from), PATCH (``Upload-Offset`` and the
    bytes, ``application/offset+octet-stream``), DELETE (termination); GET: the upload as JSON (and the
    case file it became). Only the user who created the upload gets anything but 404."""
    if request.method == "OPTIONS":
        return _options()
    if request.method == "GET":
        if not request.user.is_authenticated:
            return _tus_error(401, _("Sign in to upload files."))
        try:
            upload = uploads.get_for(request.user, upload_id)
        except uploads.UploadError as exc:
            return _failure(exc)
        return _tus(JsonResponse(_upload_json(request, upload)))
    refused = _guard(request)
    if refused is not None:
        return refused
    try:
        if request.method == "HEAD":
            upload = uploads.status(request.user, upload_id)
            return _upload_headers(_tus(HttpResponse(status=200)), upload)
        if request.method == "DELETE":
            uploads.terminate(request.user, upload_id)
            return _tus(HttpResponse(status=204))
        if request.content_type != "application/offset+octet-stream":
            return _tus_error(415, _("A PATCH must be sent as application/offset+octet-stream."))
        if request.headers.get("Transfer-Encoding"):
            return _tus_error(411, _("A PATCH must have a Content-Length."))
        length = request.META.get("CONTENT_LENGTH") or "0"  # none: an empty body
        upload = uploads.append(
            request.user,
            upload_id,
            request.headers.get("Upload-Offset"),
            int(length) if length.isdigit() else None,
            request.read,
        )
    except (uploads.UploadError, Http404, PermissionDenied) as exc:
        return _failure(exc)
    return _upload_headers(_tus(HttpResponse(status=204)), upload)
