"""/verify/: anyone (no login) uploads a PDF and sees whether the court's signature on it holds; and the
staff actions on the documents a case's steps issued (/documents/…).

The upload is read in memory and never written to disk or the database: the page only answers.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.uploadhandler import MemoryFileUploadHandler
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_POST

from . import issuing
from .forms import VerifyForm, max_bytes
from .models import IssuedDocument
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


# Staff actions on the documents a case's steps issued (the case page's panel posts here).


@login_required
@require_POST
def retry(request: HttpRequest, pk: int) -> HttpResponse:
    """Sign again a document whose signing failed (people on the case)."""
    document = IssuedDocument.objects.filter(pk=pk).first()
    if document is None:
        raise Http404
    try:
        issuing.retry(request.user, pk)
    except issuing.IssueError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("The document is being signed again."))
    return redirect(reverse("cases:detail", args=[document.case_id]) + "#court-documents")


@login_required
@require_POST
def issue_judgment_copy(request: HttpRequest, case_id: int) -> HttpResponse:
    """The judge in charge issues the judgment's signed copy once its text is held."""
    try:
        issuing.issue_judgment_copy(request.user, case_id)
    except issuing.IssueError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("The judgment's copy is being signed."))
    return redirect(reverse("cases:detail", args=[case_id]) + "#court-documents")
