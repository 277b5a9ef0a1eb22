"""URLs of the REST API, version 1 (included at /api/v1/ under the namespace "api").

Each app's viewsets go on the router; endpoints nested under a court or a case that belong to another
app (members, overdue, overview), the procedural steps and the provisions of a legal document (whose keys
contain slashes) are listed explicitly. Anything else under
/api/v1/ answers 404 in the API's error shape.
"""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path, re_path
from rest_framework.routers import SimpleRouter

from ecourt.assistant.api.views import AskView, RatingView
from ecourt.cases.api.views import (
    STEP_VIEWS,
    CaseViewSet,
    CourtOverdueView,
    CourtOverviewView,
    UnknownStepView,
)
from ecourt.citations.api.views import CheckView, ExtractView
from ecourt.courts.api.views import CourtViewSet
from ecourt.judgments.api.views import JudgmentViewSet
from ecourt.laws.api.views import LegalDocumentViewSet, ProvisionVersionsView, ProvisionView
from ecourt.people.api.views import CourtMembersView, MeView
from ecourt.precedents.api.views import PrecedentViewSet
from ecourt.qa.api.views import StandardAnswerViewSet

from .views import not_found

app_name = "api"

router = SimpleRouter(use_regex_path=False)
router.register("courts", CourtViewSet, basename="court")
router.register("cases", CaseViewSet, basename="case")
router.register("laws/documents", LegalDocumentViewSet, basename="law-document")
router.register("judgments", JudgmentViewSet, basename="judgment")
router.register("precedents", PrecedentViewSet, basename="precedent")
router.register("qa/answers", StandardAnswerViewSet, basename="qa-answer")

urlpatterns: list[URLPattern | URLResolver] = [
    path("people/me/", MeView.as_view(), name="people-me"),
    path("courts/<int:pk>/members/", CourtMembersView.as_view(), name="court-members"),
    path("courts/<int:pk>/overdue/", CourtOverdueView.as_view(), name="court-overdue"),
    path("courts/<int:pk>/overview/", CourtOverviewView.as_view(), name="court-overview"),
    *[
        path(f"cases/<int:pk>/steps/{name}/", view.as_view(), name=f"case-step-{name}")
        for name, view in STEP_VIEWS.items()
    ],
    path("cases/<int:pk>/steps/<str:step>/", UnknownStepView.as_view(), name="case-step-unknown"),
    # Provision keys contain slashes (dieu-203/khoan-1): the rest of the path; /versions/ is tried first.
    path(
        "laws/documents/<slug:key>/provisions/<path:provision>/versions/",
        ProvisionVersionsView.as_view(),
        name="law-provision-versions",
    ),
    path("laws/documents/<slug:key>/provisions/<path:provision>/", ProvisionView.as_view(), name="law-provision"),
    path("citations/extract/", ExtractView.as_view(), name="citations-extract"),
    path("citations/check/", CheckView.as_view(), name="citations-check"),
    path("assistant/ask/", AskView.as_view(), name="assistant-ask"),
    path("assistant/answers/<int:pk>/rating/", RatingView.as_view(), name="assistant-rating"),
    *router.urls,
    re_path(r"^", not_found, name="not-found"),
]
