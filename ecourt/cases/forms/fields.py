"""Form fields shared by the case pages: dates typed dd/mm/yyyy, amounts in VND with separators."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


def _date_widget() -> forms.DateInput:
    return forms.DateInput(attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric", "class": "date"})


class DayField(forms.DateField):
    """A date typed dd/mm/yyyy (the input formats of ``ecourt/formats``)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("widget", _date_widget())
        kwargs.setdefault("error_messages", {"invalid": _("Enter a date as dd/mm/yyyy.")})
        super().__init__(**kwargs)


class VNDField(forms.DecimalField):
    """An amount in đồng: a whole number, thousands separators allowed."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_digits", 18)
        kwargs.setdefault("decimal_places", 0)
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "numeric", "placeholder": "300.000"}))
        kwargs.setdefault("error_messages", {"invalid": _("Enter an amount in đồng, e.g. 300.000.")})
        super().__init__(**kwargs)

    def prepare_value(self, value: Any) -> Any:
        # A stored amount is shown as people write it (150.000.000); what someone typed is shown as typed.
        if isinstance(value, Decimal | int) and not isinstance(value, bool):
            return f"{int(value):,}".replace(",", ".")
        return value

    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]
        if value in self.empty_values:
            return None
        text = str(value).strip()
        for mark in ("₫", "VNĐ", "VND", "đồng", "đ"):
            text = text.replace(mark, "")
        text = text.replace(".", "").replace(",", "").replace(" ", "").replace("\u00a0", "")
        if not text.isdigit():
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        try:
            return Decimal(text)
        except InvalidOperation as exc:  # pragma: no cover - isdigit() already ruled this out
            raise ValidationError(self.error_messages["invalid"], code="invalid") from exc


def blank_choice(label: Any) -> list[tuple[str, Any]]:
    return [("", label)]
