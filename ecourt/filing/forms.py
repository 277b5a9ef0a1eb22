"""Forms of the petition steps: they parse what the filer typed; ``services`` checks and keeps it."""

from __future__ import annotations

import json
from typing import Any, cast

from django import forms
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ecourt.cases.forms import PartyForm
from ecourt.cases.forms.fields import VNDField, blank_choice
from ecourt.cases.forms.intake import BasePartyFormSet
from ecourt.cases.models import CaseType, PartyRole
from ecourt.courts.models import Court, CourtLevel

from . import territory
from .models import UploadKind
from .services import ONLINE_CASE_TYPES, ONLINE_ROLES

PARTY_PREFIX = "parties"


class CourtChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


class CourtStepForm(forms.Form):
    """Step 1: the court and the case type."""

    case_type = forms.ChoiceField(
        label=_("Case type"),
        choices=blank_choice("—") + [(value, label) for value, label in CaseType.choices if value in ONLINE_CASE_TYPES],
    )
    court = CourtChoiceField(
        label=_("Court"),
        queryset=Court.objects.none(),
        empty_label="—",
        help_text=_(
            "The regional People's Court where the defendant resides or has its head office (for an "
            "administrative case: where you reside). The choice is checked against the addresses."
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["court"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = (
            Court.objects.active_on(timezone.localdate()).filter(level=CourtLevel.REGIONAL).order_by("province", "code")
        )


class FilingPartyForm(PartyForm):
    """One party: the cases app's party row, with the province and commune of the address."""

    province = forms.ChoiceField(label=_("Province or city"), required=False)
    commune = forms.ChoiceField(label=_("Commune or ward"), required=False)

    TYPED = ("name", "birth_year", "national_id", "address", "represents", "province", "commune")  # type: ignore[assignment]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        role = self.fields["role"]
        assert isinstance(role, forms.ChoiceField)
        role.choices = blank_choice("—") + [(v, label) for v, label in PartyRole.choices if v in ONLINE_ROLES]
        province = self.fields["province"]
        assert isinstance(province, forms.ChoiceField)
        province.choices = blank_choice("—") + territory.province_choices()
        # HTMX: choosing the province reloads this row's commune list.
        province.widget.attrs.update(
            {
                "hx-get": reverse("filing:communes"),
                "hx-trigger": "change",
                "hx-target": f"#id_{self.add_prefix('commune')}",
                "hx-swap": "outerHTML",
                "hx-vals": json.dumps({"field": self.add_prefix("commune")}),
            }
        )
        chosen = str(self.data.get(self.add_prefix("province"), "") if self.is_bound else "") or str(
            (self.initial or {}).get("province") or ""
        )
        commune = self.fields["commune"]
        assert isinstance(commune, forms.ChoiceField)
        commune.choices = blank_choice("—") + (territory.commune_choices(chosen) if chosen else [])
        self.fields["address"].label = _("House number, street, hamlet")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("commune") and not data.get("province"):
            self.add_error("province", _("Choose the province first."))
        return data


PartyFormSet = cast(
    "type[BasePartyFormSet]",
    forms.formset_factory(
        FilingPartyForm, formset=BasePartyFormSet, extra=0, min_num=1, max_num=30, validate_max=True, absolute_max=30
    ),
)


class FilerForm(forms.Form):
    filer_party = forms.IntegerField(
        label=_("You are party no."),
        min_value=1,
        help_text=_("Yourself, or, if you file as a lawyer or representative, your own row as such."),
        widget=forms.NumberInput(attrs={"class": "short", "inputmode": "numeric"}),
    )


class ClaimsForm(forms.Form):
    subject = forms.CharField(
        label=_("Legal relation in dispute"),
        max_length=500,
        widget=forms.TextInput(attrs={"placeholder": _("e.g. Dispute over a loan contract")}),
    )
    claims = forms.CharField(
        label=_("What you ask the court to decide"), widget=forms.Textarea(attrs={"rows": 6}), max_length=20000
    )
    value_in_dispute = VNDField(label=_("Value in dispute (VND)"), required=False, min_value=0)


class UploadForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of file"), choices=UploadKind.choices, initial=UploadKind.EVIDENCE)
    file = forms.FileField(label=_("File"), error_messages={"required": _("Choose a file to upload.")})


class LookupForm(forms.Form):
    number = forms.CharField(
        label=_("Case number"),
        max_length=40,
        help_text=_("The national case identifier, or the acceptance or judgment number (e.g. 03/2026/TLST-DS)."),
    )
    court = forms.CharField(label=_("Court code (optional)"), max_length=5, required=False)


# What the filer is told on the parties and claims steps, per case type.
GUIDANCE = {
    CaseType.DS: _(
        "Civil dispute: the defendant is the person or organisation you claim against. The value in dispute "
        "is the amount, or the value of the property, that you claim."
    ),
    CaseType.HNGD: _(
        "Marriage and family: for a divorce the spouses are plaintiff and defendant; describe the children and "
        "the common property to divide in the claims. The value in dispute is that of the property to divide, if any."
    ),
    CaseType.KDTM: _(
        "Business and commercial: for an enterprise give its enterprise code as ID number and its head office as "
        "address. The value in dispute is the amount claimed."
    ),
    CaseType.LD: _(
        "Labour: the employee and the employer. Many individual labour disputes must first go to a labour mediator "
        "(Labour Code 2019, Art. 188): say in the claims whether that was done."
    ),
    CaseType.HC: _(
        "Administrative: the defendant is the authority or official whose decision or act you challenge, and your "
        "own address decides the court. Give the number and date of the decision in the claims."
    ),
}


class EserviceConsentForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail address for court documents"),
        max_length=254,
        help_text=_("The court e-mails a link to each document it serves on you; the document opens on this site."),
    )
