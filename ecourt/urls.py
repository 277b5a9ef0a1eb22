"""URL map of the platform. Pages are Vietnamese first; the language is chosen per user
(session/cookie through /i18n/setlang/), so URLs stay the same in both languages."""

from __future__ import annotations

from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language

urlpatterns = [
    path("i18n/setlang/", set_language, name="set_language"),
    path("api/v1/", include("ecourt.api.urls")),
    path("admin/", admin.site.urls),
    path("courts/", include("ecourt.courts.urls")),
    path("laws/", include("ecourt.laws.urls")),
    path("citations/", include("ecourt.citations.urls")),
    path("assistant/", include("ecourt.assistant.urls")),
    path("judgments/", include("ecourt.judgments.urls")),
    path("precedents/", include("ecourt.precedents.urls")),
    path("anonymization/", include("ecourt.anonymization.urls")),
    path("qa/", include("ecourt.qa.urls")),
    path("evidence/", include("ecourt.evidence.urls")),
    path("fees/", include("ecourt.fees.urls")),
    path("verify/", include("ecourt.signing.urls")),
    path("casefiles/", include("ecourt.casefiles.urls")),
    path("documents/", include("ecourt.signing.document_urls")),
    path("eservice/", include("ecourt.eservice.urls")),
    path("filing/", include("ecourt.filing.urls")),
    path("", include("ecourt.people.urls")),
    path("identity/", include("ecourt.identity.urls")),
    path("twofactor/", include("ecourt.twofactor.urls")),
    path("", include("ecourt.cases.urls")),
]
