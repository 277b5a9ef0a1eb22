from __future__ import annotations

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _


def max_bytes() -> int:
    return int(getattr(settings, "SIGNING_VERIFY_MAX_BYTES", 20 * 1024 * 1024))


class VerifyForm(forms.Form):
    document = forms.FileField(label=_("Signed PDF document"))

    def clean_document(self) -> UploadedFile[bytes]:
        upload: UploadedFile[bytes] = self.cleaned_data["document"]
        if (upload.size or 0) > max_bytes():
            raise forms.ValidationError(
                _("The file is too large: at most %(size)s.") % {"size": filesizeformat(max_bytes())}
            )
        return upload
