"""Thin views: export a case file (a button on the case page), archive it, and receive a package.

The uploaded package is copied in chunks to ``MEDIA_ROOT/casefiles/received/`` (Django has already spooled a
large upload to a temporary file), verified there, imported if asked and verified, and removed unless it
was imported (an imported package is kept under its manifest hash, as received).
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from ecourt.cases.models import Case
from ecourt.cases.services.steps import TransitionError
from ecourt.signing.services import trust_roots

from . import access, services
from .forms import ArchiveForm, ExportForm, PackageForm
from .package import PackageError, verify_package
from .retention import RetentionError


@login_required
@require_POST
def export(request: HttpRequest, case_id: int) -> HttpResponseBase:
    """``POST /casefiles/cases/<id>/export/`` (purpose): the package, as a download."""
    case = access.case_to_export(request.user, case_id)
    form = ExportForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose the purpose of the export."))
        return redirect("cases:detail", case.pk)
    stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
    out = Path(settings.EXPORT_DIR) / "casefiles" / f"{case.uid}-{stamp}.zip"
    try:
        result = services.export_case(request.user, case, out, purpose=form.cleaned_data["purpose"])
    except PackageError as exc:
        messages.error(request, str(exc))
        return redirect("cases:detail", case.pk)
    response = FileResponse(result.path.open("rb"), as_attachment=True, filename=out.name)
    response["Content-Type"] = "application/zip"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def archive(request: HttpRequest, case_id: int) -> HttpResponse:
    """``POST /casefiles/cases/<id>/archive/`` (optional ``years`` or ``permanent``, with ``basis``): archive
    the case file. Bad input or a refusal shows the form again with the error (422); nothing is written."""
    case = access.case_for_archiving(request.user, get_object_or_404(Case, pk=case_id))
    form = ArchiveForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            row = services.archive_case(
                request.user, case, years=data["years"], permanent=data["permanent"], basis=data["basis"]
            )
        except (TransitionError, RetentionError) as exc:
            form.add_error(None, str(exc))
        else:
            if row.review_on:
                messages.success(
                    request, _("Archived; due for review on %(day)s.") % {"day": row.review_on.strftime("%d/%m/%Y")}
                )
            else:
                messages.success(request, _("Archived; kept permanently."))
            return redirect("cases:detail", case.pk)
    return render(request, "casefiles/archive.html", {"case": case, "form": form}, status=422)


@login_required
@require_http_methods(["GET", "POST"])
def upload(request: HttpRequest) -> HttpResponse:
    """``/casefiles/import/``: verify an uploaded package, and import it at the receiving court."""
    if request.method != "POST":
        return render(request, "casefiles/import.html", {"form": PackageForm()})
    form = PackageForm(request.POST, request.FILES)
    if not form.is_valid():
        return render(request, "casefiles/import.html", {"form": form}, status=400)
    received = Path(settings.MEDIA_ROOT) / "casefiles" / "received"
    received.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(dir=received, prefix="upload-", suffix=".zip")
    path = Path(name)
    keep = False
    try:
        with open(handle, "wb") as out:
            for chunk in form.cleaned_data["package"].chunks():
                out.write(chunk)
        context: dict[str, object] = {"form": PackageForm(), "filename": form.cleaned_data["package"].name}
        if request.POST.get("action") != "import":
            report = verify_package(path, trust_roots())
            return render(request, "casefiles/import.html", {**context, "report": report}, status=200)
        try:
            result = services.import_package(request.user, path, court_code=form.cleaned_data["court"] or None)
        except services.PackageRefusedError as exc:
            status = 400
            return render(
                request, "casefiles/import.html", {**context, "report": exc.report, "error": str(exc)}, status=status
            )
        except PermissionDenied as exc:
            return render(request, "casefiles/import.html", {**context, "error": str(exc)}, status=403)
        final = received / f"{result.report.manifest_sha256}.zip"
        if not final.exists():
            shutil.move(str(path), final)
        keep = True
        return render(
            request,
            "casefiles/import.html",
            {**context, "report": result.report, "imported": result.imported, "already": result.already},
        )
    finally:
        if not keep:
            path.unlink(missing_ok=True)
