"""The draft checker's form: a file (TXT, DOCX, PDF) or pasted text, and the day to check on."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .files import MAX_BYTES, MAX_CHARACTERS, DraftFileError, read_draft


class DraftForm(forms.Form):
    draft = forms.FileField(
        label=gettext_lazy("Draft file"),
        required=False,
        help_text=gettext_lazy("DOCX, PDF (with a text layer) or plain text (UTF-8); at most 64,000 characters."),
        widget=forms.ClearableFileInput(attrs={"accept": ".docx,.pdf,.txt,text/plain,application/pdf"}),
    )
    text = forms.CharField(
        label=gettext_lazy("Or paste the text"),
        required=False,
        max_length=MAX_CHARACTERS,
        strip=False,  # offsets of the highlights index the text as pasted
        widget=forms.Textarea(attrs={"rows": 8, "spellcheck": "false"}),
    )
    day = forms.DateField(
        label=gettext_lazy("Check on"),
        required=False,
        input_formats=["%d/%m/%Y", "%Y-%m-%d"],
        help_text=gettext_lazy("dd/mm/yyyy; empty: the date in the draft's header, else today."),
        widget=forms.DateInput(attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric"}),
    )
    overlaps = forms.BooleanField(
        label=gettext_lazy("Also look for provisions in force that the draft overlaps or contradicts"),
        required=False,
        initial=True,
    )

    def clean_day(self) -> datetime.date | None:
        day: datetime.date | None = self.cleaned_data.get("day")
        if day is not None and not datetime.date(1945, 9, 2) <= day <= datetime.date(2100, 12, 31):
            raise forms.ValidationError(_("Give a day between 02/09/1945 and 31/12/2100."))
        return day

    def clean(self) -> dict[str, Any]:
        data: dict[str, Any] = super().clean() or {}
        upload = data.get("draft")
        pasted = data.get("text") or ""
        if upload and pasted.strip():
            raise forms.ValidationError(_("Give a file or pasted text, not both."))
        if upload:
            if upload.size > MAX_BYTES:
                self.add_error("draft", _("The file is larger than %(limit)d MB.") % {"limit": MAX_BYTES // 2**20})
                return data
            try:
                # Read in memory and let go with the request: drafts are not kept.
                data["draft_text"] = read_draft(upload.read(), upload.name or "draft")
                data["draft_name"] = upload.name
            except DraftFileError as exc:
                self.add_error("draft", str(exc))
        elif pasted.strip():
            data["draft_text"] = pasted.replace("\r\n", "\n")
            data["draft_name"] = ""
        elif not self.errors:
            raise forms.ValidationError(_("Choose a draft file or paste its text."))
        return data
