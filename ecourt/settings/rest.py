"""Django REST Framework and the OpenAPI schema."""

from __future__ import annotations

from .env import env_rate

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "ecourt.twofactor.authentication.BasicAuthentication",  # refused for 2FA accounts in production
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "ecourt.api.pagination.StandardPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env_rate("API_RATE_ANON", "60/minute"),
        "user": env_rate("API_RATE_USER", "1200/minute"),
        # Reading and checking the citations of a text (up to 64,000 characters) costs up to a second of
        # a worker: its own, lower limits (ecourt/api/throttling.py), on top of the general ones.
        "citations_anon": env_rate("API_RATE_CITATIONS_ANON", "30/minute"),
        "citations_user": env_rate("API_RATE_CITATIONS_USER", "120/minute"),
        # An assistant question searches the corpus and checks every citation of its answer (and may call a
        # language model): the same kind of limit.
        "assistant_anon": env_rate("API_RATE_ASSISTANT_ANON", "30/minute"),
        "assistant_user": env_rate("API_RATE_ASSISTANT_USER", "60/minute"),
    },
    "EXCEPTION_HANDLER": "ecourt.api.errors.exception_handler",
    "DATETIME_FORMAT": "iso-8601",
}

SPECTACULAR_SETTINGS = {
    "TITLE": "ecourt API",
    "DESCRIPTION": (
        "REST API of the ecourt platform: courts, people and cases, with procedural transitions; the legal "
        "corpus (documents, provisions as of a day, their history) and the citations of a text. "
        "Version 1; changes are listed in docs/api-changelog.md."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    # Generates in English, so the committed schema does not change with the language or the catalogues.
    "DEFAULT_GENERATOR_CLASS": "ecourt.api.schema.SchemaGenerator",
    # Field names such as kind, role and status carry different choice sets in different resources;
    # these give each set a stable component name (the sets are listed in ecourt/api/enums.py).
    "ENUM_NAME_OVERRIDES": {
        f"{name}Enum": f"ecourt.api.enums.{constant}"
        for name, constant in [
            ("CaseStatus", "CASE_STATUS"),
            ("DeadlineStatus", "DEADLINE_STATUS"),
            ("DeadlineState", "DEADLINE_STATE"),
            ("DeadlineKind", "DEADLINE_KIND"),
            ("PartyRole", "PARTY_ROLE"),
            ("PartyKind", "PARTY_KIND"),
            ("MembershipRole", "MEMBERSHIP_ROLE"),
            ("AssignmentRole", "ASSIGNMENT_ROLE"),
            ("DepartmentKind", "DEPARTMENT_KIND"),
            ("SuccessionKind", "SUCCESSION_KIND"),
            ("EventKind", "EVENT_KIND"),
            ("AppealKind", "APPEAL_KIND"),
            ("UserKind", "USER_KIND"),
            ("LegalDocumentType", "LEGAL_DOCUMENT_TYPE"),
            ("LegalDocumentStatus", "LEGAL_DOCUMENT_STATUS"),
            ("ProvisionKind", "PROVISION_KIND"),
            ("RelationKind", "RELATION_KIND"),
            ("CitationKind", "CITATION_KIND"),
            ("PrecedentStatus", "PRECEDENT_STATUS"),
        ]
    },
}
