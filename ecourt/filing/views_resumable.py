"""``POST /filing/<pk>/uploads/resumable/``: the page's script (``filing/resumable.js``) posts here the id
of a resumable upload it completed at ``/evidence/uploads/`` (``upload``) and the kind of file (``kind``:
petition, evidence); the stored file is listed with the draft (``resumable.take``).

Answers JSON to the script (``Accept: application/json``): 201 with the file (name, size, SHA-256) and
the page to reload, or the error with 404 (no such upload of this user), 409 (not complete, refused, made
for a case, the petition already submitted) or 422 (the filing's rules). Posted as a plain form, it answers
like the upload step: a message and back to the files.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import resumable, selectors, services
from .models import FilingUpload


def _wants_json(request: HttpRequest) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def _file_json(item: FilingUpload) -> dict[str, object]:
    return {
        "id": item.pk,
        "name": item.name,
        "kind": item.kind,
        "size": item.size,
        "sha256": item.sha256,
        "content_type": item.content_type,
    }


@login_required
@require_POST
def take_resumable(request: HttpRequest, pk: int) -> HttpResponse:
    """List the user's completed resumable upload with their draft (same rules and row as the form)."""
    if not selectors.may_file(request.user):
        raise PermissionDenied(_("Online filing is for citizens, businesses and lawyers signed in with the e-ID."))
    filing = selectors.filing_for_user(request.user, pk)  # another user's filing: 404
    page = reverse("filing:uploads", args=[filing.pk])
    try:
        if not filing.is_draft:
            raise resumable.ResumableError(_("This petition has been submitted and can no longer be changed."))
        item = resumable.take(
            filing, request.user, str(request.POST.get("upload", "")), kind=str(request.POST.get("kind", ""))
        )
    except services.FilingError as exc:
        status = exc.status if isinstance(exc, resumable.ResumableError) else 422
        if _wants_json(request):
            return JsonResponse({"error": str(exc)}, status=status)
        messages.error(request, str(exc))
        return redirect(page)
    messages.success(
        request,
        _("%(name)s received (%(size)s bytes, SHA-256 %(sha)s).")
        % {"name": item.name, "size": item.size, "sha": item.sha256},
    )
    if _wants_json(request):
        return JsonResponse({**_file_json(item), "redirect": page}, status=201)
    return redirect(page)
