"""The API contract: the committed OpenAPI schema is the one the code generates, without warnings,
and every field and parameter in it is described."""

from __future__ import annotations

import difflib
import io
import re
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import translation
from drf_spectacular.drainage import GENERATOR_STATS
from drf_spectacular.settings import spectacular_settings

from ecourt.api import API_FEATURE_LEVEL
from ecourt.cases.api.steps import STEP_INPUTS

COMMITTED = Path(settings.BASE_DIR) / "docs" / "api" / "openapi.yaml"
CHANGELOG = Path(settings.BASE_DIR) / "docs" / "api-changelog.md"
REFRESH = ".venv/bin/python -m ecourt spectacular --file docs/api/openapi.yaml --validate"


def generated_schema() -> str:
    """The schema as the refresh command writes it (--fail-on-warn: a warning fails the test)."""
    GENERATOR_STATS.reset()
    out = io.StringIO()
    call_command("spectacular", "--validate", "--fail-on-warn", stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_the_committed_schema_is_the_generated_one():
    committed = COMMITTED.read_text(encoding="utf-8")
    generated = generated_schema()
    if committed != generated:
        diff = "".join(
            difflib.unified_diff(
                committed.splitlines(keepends=True),
                generated.splitlines(keepends=True),
                "docs/api/openapi.yaml (committed)",
                "generated from the code",
                n=2,
            )
        )
        pytest.fail(
            "The API changed but docs/api/openapi.yaml did not. If the change is intended, refresh it with\n"
            f"    {REFRESH}\n"
            "and describe the change in docs/api-changelog.md (a new feature level).\n\n" + diff[:12000],
            pytrace=False,
        )


def _schema() -> dict[str, Any]:
    schema: dict[str, Any] = spectacular_settings.DEFAULT_GENERATOR_CLASS().get_schema(request=None, public=True)
    return schema


def test_every_field_and_parameter_is_described():
    schema = _schema()
    undescribed = [
        f"{component}.{name}"
        for component, spec in schema["components"]["schemas"].items()
        for name, prop in spec.get("properties", {}).items()
        if not prop.get("description")
    ]
    undescribed += [
        f"{method.upper()} {path} ?{parameter['name']}"
        for path, operations in schema["paths"].items()
        for method, operation in operations.items()
        for parameter in operation.get("parameters", [])
        if not parameter.get("description")
    ]
    assert undescribed == [], "add help_text (or an OpenApiParameter description) to: " + ", ".join(undescribed)


def test_every_operation_documents_its_errors():
    for path, operations in _schema()["paths"].items():
        for method, operation in operations.items():
            assert {"401", "429"} <= set(operation["responses"]), f"{method.upper()} {path}"
            for status, response in operation["responses"].items():
                if status.startswith("4"):
                    assert response["content"]["application/json"]["schema"] == {
                        "$ref": "#/components/schemas/ApiError"
                    }, f"{method.upper()} {path} {status}"


def test_the_changelog_reaches_the_current_feature_level():
    levels = [int(n) for n in re.findall(r"^## Feature level (\d+)", CHANGELOG.read_text(encoding="utf-8"), re.M)]
    assert levels
    assert max(levels) == API_FEATURE_LEVEL


def test_the_schema_does_not_depend_on_the_active_language():
    with translation.override("vi"):
        in_vietnamese = generated_schema()
    assert in_vietnamese == generated_schema()
    assert "Merged into" in in_vietnamese  # choice labels in English, the source language


def test_every_step_is_in_the_guide():
    guide = (Path(settings.BASE_DIR) / "docs" / "api.md").read_text(encoding="utf-8")
    missing = [name for name in STEP_INPUTS if f"| `{name}` |" not in guide]
    assert missing == [], f"add these steps to the table in docs/api.md: {missing}"
