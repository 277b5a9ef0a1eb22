from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from . import selectors
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


def _page(request: HttpRequest, form: StatementForm, status: int = 200) -> HttpResponse:
    page = Paginator(selectors.lines_for_clerk(), 50).get_page(request.GET.get("page"))
    return render(request, "fees/unmatched.html", {"page": page, "form": form}, status=status)


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
