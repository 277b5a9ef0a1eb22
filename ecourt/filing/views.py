"""Pages of online filing: thin views over ``services`` (writes) and ``selectors`` (reads).

Order of the steps: ``new`` (court and case type) → ``parties`` → ``claims`` → ``uploads`` → ``review``
→ ``submit``; each step saves the draft and leads to the next. ``detail`` follows the case afterwards.
"""

from __future__ import annotations

import contextlib
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from ecourt.cases.models import CaseType, PartyRole
from ecourt.cases.views.common import is_htmx

from . import jurisdiction, notifications, selectors, services, territory
from .forms import (
    GUIDANCE,
    PARTY_PREFIX,
    ClaimsForm,
    CourtStepForm,
    EserviceConsentForm,
    FilerForm,
    LookupForm,
    PartyFormSet,
    UploadForm,
)
from .models import Filing, UploadKind
from .ratelimit import allow, client_address

STEPS = [
    ("court", _("Court")),
    ("parties", _("Parties")),
    ("claims", _("Claims")),
    ("uploads", _("Files")),
    ("review", _("Review and submit")),
]


def _filer(request: HttpRequest) -> Any:
    if not selectors.may_file(request.user):
        raise PermissionDenied(_("Online filing is for citizens, businesses and lawyers signed in with the e-ID."))
    return request.user


def _draft(request: HttpRequest, pk: int) -> Filing:
    filing = selectors.filing_for_user(_filer(request), pk)
    return filing


def _context(filing: Filing | None, step: str, **extra: Any) -> dict[str, Any]:
    guidance = GUIDANCE.get(CaseType(filing.case_type)) if filing and filing.case_type in CaseType.values else None
    return {
        "filing": filing,
        "step": step,
        "steps": [(key, str(label)) for key, label in STEPS],
        "guidance": guidance,
        **extra,
    }


@login_required
@require_safe
def index(request: HttpRequest) -> HttpResponse:
    """'My filings': drafts and submitted petitions with their cases, and the notifications."""
    user = _filer(request)
    return render(
        request,
        "filing/index.html",
        {
            "filings": list(selectors.filings_of(user)),
            "notifications": selectors.notifications_of(user),
            "unread": selectors.unread_count(user),
        },
    )


@login_required
@require_POST
def read_notifications(request: HttpRequest) -> HttpResponse:
    notifications.mark_read(_filer(request))
    if is_htmx(request):
        return HttpResponse(status=204)
    return redirect("filing:index")


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def new(request: HttpRequest) -> HttpResponse:
    """Step 1 of a new petition: the court and the case type. Saving creates the draft."""
    user = _filer(request)
    form = CourtStepForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            filing = services.create_draft(
                user, court=form.cleaned_data["court"], case_type=form.cleaned_data["case_type"]
            )
        except services.FilingError as exc:
            form.add_error(None, str(exc))
        else:
            return redirect("filing:parties", pk=filing.pk)
    status = 422 if request.method == "POST" else 200
    return render(request, "filing/court.html", _context(None, "court", form=form), status=status)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def court(request: HttpRequest, pk: int) -> HttpResponse:
    filing = _draft(request, pk)
    if not filing.is_draft:
        return redirect("filing:detail", pk=filing.pk)
    initial = {"court": filing.court_id, "case_type": filing.case_type}
    form = CourtStepForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_court(filing, court=form.cleaned_data["court"], case_type=form.cleaned_data["case_type"])
        except services.FilingError as exc:
            form.add_error(None, str(exc))
        else:
            return redirect("filing:parties", pk=filing.pk)
    status = 422 if request.method == "POST" else 200
    return render(request, "filing/court.html", _context(filing, "court", form=form), status=status)


def _default_rows(filing: Filing) -> list[dict[str, Any]]:
    if filing.parties:
        return [{k: ("" if v is None else v) for k, v in row.items()} for row in filing.parties]
    return [{"role": "plaintiff", "kind": "person"}, {"role": "defendant", "kind": "person"}]


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def parties(request: HttpRequest, pk: int) -> HttpResponse:
    """Step 2: the parties with their ID numbers and addresses, and which of them the filer is. Adding or
    removing a row re-renders the rows without saving (HTMX swaps only the rows)."""
    filing = _draft(request, pk)
    if not filing.is_draft:
        return redirect("filing:detail", pk=filing.pk)
    errors: list[str] = []
    if request.method != "POST":
        formset = PartyFormSet.showing(_default_rows(filing), PARTY_PREFIX)
        filer_form = FilerForm(initial={"filer_party": filing.filer_party or 1})
        status = 200
    elif "add_party" in request.POST or "remove_party" in request.POST:
        typed = PartyFormSet.typed_rows(request.POST, PARTY_PREFIX)
        if "add_party" in request.POST:
            typed.append({"kind": "person"})
        else:
            with contextlib.suppress(ValueError, IndexError):
                del typed[int(request.POST["remove_party"])]
        formset = PartyFormSet.showing(typed, PARTY_PREFIX)
        if is_htmx(request):
            return render(request, "filing/_parties.html", {"formset": formset, "filing": filing})
        filer_form = FilerForm(initial={"filer_party": request.POST.get("filer_party", "")})
        status = 200
    else:
        formset = PartyFormSet(request.POST, prefix=PARTY_PREFIX)
        filer_form = FilerForm(request.POST)
        if formset.is_valid() and filer_form.is_valid():
            filled = formset.filled_rows()
            rows: list[dict[str, Any]] = [dict(data) for _index, data in filled]
            # Row numbers as typed (acts for party no., you are party no.) renumbered over the filled rows.
            numbering: dict[int, int] = {index + 1: i + 1 for i, (index, _data) in enumerate(filled)}
            for row in rows:
                if row.get("represents"):
                    row["represents"] = numbering[row["represents"]]
            filer_party = numbering.get(filer_form.cleaned_data["filer_party"])
            try:
                services.save_parties(filing, rows, filer_party=filer_party)
            except services.FilingError as exc:
                errors.append(str(exc))
            else:
                return redirect("filing:claims", pk=filing.pk)
        status = 422
    context = _context(filing, "parties", formset=formset, filer_form=filer_form, errors=errors)
    context["deciding_role"] = jurisdiction.determining_role(filing.case_type)
    return render(request, "filing/parties.html", context, status=status)


@login_required
@require_safe
def communes(request: HttpRequest) -> HttpResponse:
    """The commune options of a province (HTMX swaps them into the party row's commune list)."""
    _filer(request)
    province = str(request.GET.get("province", ""))
    for key, value in request.GET.items():  # the row's own select sends itself as parties-N-province
        if key.startswith(f"{PARTY_PREFIX}-") and key.endswith("-province"):
            province = str(value)
    field = request.GET.get("field", "")
    if not field.startswith(f"{PARTY_PREFIX}-") or not field.endswith("-commune"):
        field = ""
    options = territory.commune_choices(province) if province in territory.units().provinces else []
    return render(request, "filing/_communes.html", {"options": options, "field": field})


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def claims(request: HttpRequest, pk: int) -> HttpResponse:
    """Step 3: the legal relation in dispute, the claims and the value in dispute."""
    filing = _draft(request, pk)
    if not filing.is_draft:
        return redirect("filing:detail", pk=filing.pk)
    initial = {"subject": filing.subject, "claims": filing.claims, "value_in_dispute": filing.value_in_dispute}
    form = ClaimsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_claims(filing, **form.cleaned_data)
        except services.FilingError as exc:
            form.add_error(None, str(exc))
        else:
            return redirect("filing:uploads", pk=filing.pk)
    status = 422 if request.method == "POST" else 200
    return render(request, "filing/claims.html", _context(filing, "claims", form=form), status=status)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def uploads(request: HttpRequest, pk: int) -> HttpResponse:
    """Step 4: the petition document and the evidence. A file is stored and hashed before the page says
    it was received; a refused one is named with the reason."""
    filing = _draft(request, pk)
    if not filing.is_draft:
        return redirect("filing:detail", pk=filing.pk)
    form = UploadForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                item = services.add_upload(filing, upload, name=upload.name or "file", kind=form.cleaned_data["kind"])
            except services.FilingError as exc:
                form.add_error("file", str(exc))
            else:
                messages.success(
                    request,
                    _("%(name)s received (%(size)s bytes, SHA-256 %(sha)s).")
                    % {"name": item.name, "size": item.size, "sha": item.sha256},
                )
                return redirect("filing:uploads", pk=filing.pk)
    context = _context(
        filing,
        "uploads",
        form=form,
        files=list(filing.uploads.all()),
        max_mb=services.max_file_bytes() // (1024 * 1024),
        max_files=services.max_files(),
        has_petition=filing.uploads.filter(kind=UploadKind.PETITION).exists(),
    )
    return render(request, "filing/uploads.html", context, status=status)


@login_required
@require_POST
def remove_upload(request: HttpRequest, pk: int, upload_id: int) -> HttpResponse:
    filing = _draft(request, pk)
    try:
        services.remove_upload(filing, upload_id)
    except services.FilingError as exc:
        messages.error(request, str(exc))
    return redirect("filing:uploads", pk=filing.pk)


@login_required
@require_safe
def review(request: HttpRequest, pk: int) -> HttpResponse:
    """Step 5: everything as it will be filed, the jurisdiction check, and the submit button."""
    filing = _draft(request, pk)
    if not filing.is_draft:
        return redirect("filing:detail", pk=filing.pk)
    return render(request, "filing/review.html", _review_context(filing, []))


def _review_context(filing: Filing, errors: list[str]) -> dict[str, Any]:
    verdict = jurisdiction.check(filing.court, filing.case_type, filing.parties, timezone.localdate())
    rows = []
    for number, row in enumerate(filing.parties, 1):
        place = territory.place_label(str(row.get("commune") or ""))
        role = PartyRole(row["role"]).label if row.get("role") in PartyRole.values else row.get("role")
        rows.append({**row, "number": number, "place": place, "role_label": role})
    return _context(
        filing,
        "review",
        parties=rows,
        verdict=verdict,
        problems=services.problems(filing),
        errors=errors,
        files=list(filing.uploads.all()),
        fee=selectors.fee_estimate(filing, timezone.localdate()),
        case_type_label=CaseType(filing.case_type).label if filing.case_type in CaseType.values else "",
    )


@login_required
@require_POST
def submit(request: HttpRequest, pk: int) -> HttpResponse:
    user = _filer(request)
    try:
        filing = services.submit(user, pk)
    except services.FilingError as exc:
        filing = selectors.filing_for_user(user, pk)
        return render(request, "filing/review.html", _review_context(filing, [str(exc)]), status=422)
    assert filing.case is not None
    messages.success(request, _("Your petition was submitted. Case identifier: %(uid)s.") % {"uid": filing.case.uid})
    return redirect("filing:detail", pk=filing.pk)


@login_required
@require_POST
def delete(request: HttpRequest, pk: int) -> HttpResponse:
    filing = _draft(request, pk)
    try:
        services.delete_draft(filing)
    except services.FilingError as exc:
        messages.error(request, str(exc))
        return redirect("filing:detail", pk=pk)
    messages.success(request, _("The draft was deleted."))
    return redirect("filing:index")


@login_required
@require_safe
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The filer's view of a submitted petition: status, case number once given, events, documents."""
    filing = _draft(request, pk)
    if filing.is_draft:
        return redirect("filing:review", pk=filing.pk)
    return _detail_page(request, filing)


def _detail_page(request: HttpRequest, filing: Filing, consent_form: EserviceConsentForm | None = None) -> HttpResponse:
    visible = selectors.filer_sees_case(filing)
    notes = selectors.notifications_of(request.user, filing=filing, limit=500)
    return render(
        request,
        "filing/detail.html",
        {
            "filing": filing,
            "case": filing.case,
            "visible": visible,
            "events": selectors.case_events(filing) if visible else [],
            "fees": selectors.fee_notices(filing) if visible else [],
            "files": list(filing.uploads.select_related("case_file")) if visible else [],
            "notifications": notes,
            "served": selectors.served_documents(filing) if visible else [],
            "consent": _consent_of(filing),
            "consent_form": consent_form or EserviceConsentForm(initial={"email": getattr(request.user, "email", "")}),
        },
    )


def _consent_of(filing: Filing) -> Any:
    from ecourt.eservice.services import consent_in_force

    party = selectors.filer_party(filing)
    return consent_in_force(party) if party is not None else None


@login_required
@require_POST
def eservice_consent(request: HttpRequest, pk: int) -> HttpResponse:
    """The filer agrees to electronic service of the court's documents at an e-mail address."""
    filing = _draft(request, pk)
    if filing.is_draft:
        return redirect("filing:review", pk=filing.pk)
    form = EserviceConsentForm(request.POST)
    if not form.is_valid():
        return _detail_page(request, filing, form)
    email = form.cleaned_data["email"]
    services.agree_to_eservice(filing, email)
    messages.success(request, _("You agreed to electronic service at %(email)s.") % {"email": email})
    return redirect("filing:detail", pk=filing.pk)


def lookup_rate() -> str:
    return str(getattr(settings, "FILING_LOOKUP_RATE", "30/min"))


@require_safe
def lookup(request: HttpRequest) -> HttpResponse:
    """Public look-up by case number: court, number, type, day received and stage; nothing about the parties."""
    form = LookupForm(request.GET or None)
    results = None
    status = 200
    if form.is_bound:
        allowed, wait = allow("filing-lookup", client_address(request), lookup_rate())
        if not allowed:
            response = render(
                request, "filing/lookup.html", {"form": form, "results": None, "throttled": True}, status=429
            )
            response["Retry-After"] = str(wait)
            return response
        if form.is_valid():
            results = selectors.public_lookup(form.cleaned_data["number"], form.cleaned_data["court"])
        else:
            status = 422
    return render(request, "filing/lookup.html", {"form": form, "results": results}, status=status)
