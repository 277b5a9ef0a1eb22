"""/verify/: anyone (no login) uploads a PDF and sees whether the court's signature on it holds.

The upload is read in memory and never written to disk or the database: the page only answers.
"""

from __future__ import annotations

from django.core.files.uploadhandler import MemoryFileUploadHandler
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from .forms import VerifyForm, max_bytes
from .services import VerificationError, verify_pdf

# Multipart overhead above the file itself before the request is refused unread.
ENVELOPE_BYTES = 64 * 1024


@csrf_exempt  # the handlers must be swapped before CSRF reads POST; csrf_protect below still checks the token
def verify(request: HttpRequest) -> HttpResponse:
    request.upload_handlers = [MemoryFileUploadHandler(request)]
    return _verify(request)


@csrf_protect
def _verify(request: HttpRequest) -> HttpResponse:
    context: dict[str, object] = {"max_size": max_bytes()}
    if request.method != "POST":
        return render(request, "signing/verify.html", {**context, "form": VerifyForm()})
    if int(request.META.get("CONTENT_LENGTH") or 0) > max_bytes() + ENVELOPE_BYTES:
        # Refused before reading the body; an unbound form cannot carry the error, so the page shows it.
        error = _("The file is too large: at most %(size)s.") % {"size": filesizeformat(max_bytes())}
        return render(request, "signing/verify.html", {**context, "form": VerifyForm(), "error": error}, status=413)
    form = VerifyForm(request.POST, request.FILES)
    if not form.is_valid():
        return render(request, "signing/verify.html", {**context, "form": form}, status=400)
    upload = form.cleaned_data["document"]
    try:
        result = verify_pdf(upload.read())
    except VerificationError as exc:
        form.add_error("document", str(exc))
        return render(request, "signing/verify.html", {**context, "form": form}, status=400)
    return render(
        request, "signing/verify.html", {**context, "form": VerifyForm(), "result": result, "filename": upload.name}
    )
