"""Rule versions are read here; they are changed in data/statutory.yaml (reviewed in the repository)
and loaded with `python -m ecourt deadlines sync`. Calendar exceptions are set by administrators."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .models import CalendarException, DeadlineRule


@admin.register(DeadlineRule)
class DeadlineRuleAdmin(admin.ModelAdmin[DeadlineRule]):
    list_display = ("code", "valid_from", "valid_to", "duration", "unit", "legal_basis", "kind")
    list_filter = ("kind", "unit", "responsible")
    search_fields = ("code", "name", "name_vi", "legal_basis")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(CalendarException)
class CalendarExceptionAdmin(admin.ModelAdmin[CalendarException]):
    list_display = ("day", "working", "reason")
    list_filter = ("working",)
