from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from . import selectors
from .models import LineStatus, Resolution, StatementLine
from .resolutions import ResolutionError, attach_line, close_line
from .statements import StatementError, import_statement_data

MAX_STATEMENT_BYTES = 20 * 1024 * 1024


class StatementForm(forms.Form):
    statement = forms.FileField(
        label=gettext_lazy("Bank statement (CSV)"),
        help_text=gettext_lazy(
            "Columns transaction_id, date, amount, description; lines already imported are skipped."
        ),
        error_messages={"required": gettext_lazy("Choose the statement file.")},
    )

    def clean_statement(self) -> bytes:
        upload = self.cleaned_data["statement"]
        if upload.size > MAX_STATEMENT_BYTES:
            raise forms.ValidationError(gettext_lazy("The statement is larger than 20 MB."))
        return bytes(upload.read())


ATTACH = "attach"


RESOLVE_CHOICES = [
    (ATTACH, gettext_lazy("Attach to a notice")),
    (Resolution.REFUNDED.value, gettext_lazy("Refunded")),
    (Resolution.DISMISSED.value, gettext_lazy("Dismiss (not a court fee)")),
]


class ResolveForm(forms.Form):
    """What a clerk did with one statement line: attach it to a notice by its reference, refund it, dismiss it."""

    action = forms.ChoiceField(label=gettext_lazy("Action taken"), choices=RESOLVE_CHOICES)
    reference = forms.CharField(
        label=gettext_lazy("Payment reference"),
        required=False,
        max_length=20,
        help_text=gettext_lazy("To attach: the notice's reference, e.g. AP12345678994."),
    )
    note = forms.CharField(
        label=gettext_lazy("Note"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=gettext_lazy("For a refund, the voucher number; for a dismissal, why."),
    )

    def __init__(self, *args: Any, line: StatementLine, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", f"line{line.pk}_%s")
        super().__init__(*args, **kwargs)
        if line.status != LineStatus.UNMATCHED:  # its amount is on a notice already: refund or dismiss only
            field = self.fields["action"]
            assert isinstance(field, forms.ChoiceField)
            field.choices = [c for c in RESOLVE_CHOICES if c[0] != ATTACH]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("action") == ATTACH and not data.get("reference", "").strip():
            self.add_error("reference", gettext_lazy("Enter the notice's payment reference."))
        if data.get("action") in (Resolution.REFUNDED, Resolution.DISMISSED) and not data.get("note", "").strip():
            self.add_error("note", gettext_lazy("Write what was done (for a refund, the voucher number)."))
        return data


def _open(line: StatementLine) -> bool:
    """Whether the line is still on the to-do list (the page offers its form)."""
    return line.status != LineStatus.MATCHED and (
        not line.resolution or (line.resolution == Resolution.ATTACHED and line.status == LineStatus.OVERPAID)
    )


def _rows(lines: Any, bound: ResolveForm | None = None, bound_line: int | None = None) -> list[dict[str, Any]]:
    rows = []
    for line in lines:
        form = bound if bound is not None and line.pk == bound_line else ResolveForm(line=line)
        rows.append({"line": line, "form": form if _open(line) else None})
    return rows


def _page(
    request: HttpRequest,
    form: StatementForm,
    status: int = 200,
    *,
    bound: ResolveForm | None = None,
    bound_line: int | None = None,
) -> HttpResponse:
    resolved = request.GET.get("resolved") == "1"
    page = Paginator(selectors.lines_for_clerk(resolved=resolved), 50).get_page(request.GET.get("page"))
    shown = {line.pk for line in page}
    context = {
        "page": page,
        "rows": _rows(page, bound, bound_line),
        "form": form,
        "resolved": resolved,
        # the refusal of a line not on this page (resolved meanwhile, or on another page) shows above the table
        "line_errors": bound.non_field_errors() if bound is not None and bound_line not in shown else [],
    }
    return render(request, "fees/unmatched.html", context, status=status)


@login_required
def unmatched_lines(request: HttpRequest) -> HttpResponse:
    if not selectors.may_see_payments(request.user):
        raise PermissionDenied
    return _page(request, StatementForm())


@login_required
@require_POST
def import_statement(request: HttpRequest) -> HttpResponse:
    """A clerk uploads the bank's statement: it is imported whole or refused whole, with the reason."""
    if not selectors.may_see_payments(request.user):
        raise PermissionDenied
    form = StatementForm(request.POST, request.FILES)
    if not form.is_valid():
        return _page(request, form, status=400)
    upload = request.FILES["statement"]
    name = getattr(upload, "name", "") or "statement.csv"
    try:
        result = import_statement_data(form.cleaned_data["statement"], name)
    except StatementError as exc:
        form.add_error("statement", _("Refused, nothing imported: %(reason)s") % {"reason": exc})
        return _page(request, form, status=400)
    messages.success(
        request,
        _("Statement %(name)s imported: %(matched)s paid a notice, %(check)s to check, %(seen)s imported before.")
        % {
            "name": name,
            "matched": result.matched,
            "check": result.partial + result.overpaid + result.unmatched,
            "seen": result.seen,
        },
    )
    return redirect("fees:unmatched")


@login_required
@require_POST
def resolve_line(request: HttpRequest, pk: int) -> HttpResponse:
    """A clerk resolves one line: the row again (HTMX) or the page; a refusal shows the reason (422), nothing
    written."""
    if not selectors.may_see_payments(request.user):
        raise PermissionDenied
    line = StatementLine.objects.select_related("notice", "notice__case", "resolved_by").filter(pk=pk).first()
    if line is None:
        raise Http404(_("No such statement line."))
    form = ResolveForm(request.POST, line=line)
    if form.is_valid():
        data = form.cleaned_data
        try:
            if data["action"] == ATTACH:
                line = attach_line(request.user, line.pk, data["reference"], note=data["note"])
            else:
                line = close_line(request.user, line.pk, data["action"], note=data["note"])
        except ResolutionError as exc:
            form.add_error(None, str(exc))
        else:
            message = _("Line %(transaction)s: %(what)s.") % {
                "transaction": line.transaction_id,
                "what": line.get_resolution_display(),
            }
            if request.headers.get("HX-Request"):
                line = StatementLine.objects.select_related("notice", "notice__case", "resolved_by").get(pk=line.pk)
                row = {"line": line, "form": ResolveForm(line=line) if _open(line) else None, "done": message}
                return render(request, "fees/_line.html", {"row": row})
            messages.success(request, message)
            query = request.GET.urlencode()
            return redirect(reverse("fees:unmatched") + (f"?{query}" if query else ""))
    if request.headers.get("HX-Request"):
        return render(request, "fees/_line.html", {"row": {"line": line, "form": form}}, status=422)
    return _page(request, StatementForm(), status=422, bound=form, bound_line=line.pk)
