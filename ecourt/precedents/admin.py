"""Staff register precedents here (or with ``precedents import FILE``): no public list is among the data."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from . import services
from .models import Precedent


@admin.register(Precedent)
class PrecedentAdmin(admin.ModelAdmin[Precedent]):
    list_display = ("number", "title", "published_on", "effective_on", "status", "source_number")
    list_filter = ("status",)
    search_fields = ("number", "title", "principle", "source_number")
    raw_id_fields = ("source_judgment",)
    readonly_fields = ("key", "updated_at")
    fieldsets = (
        (None, {"fields": ("number", "key", "title", "principle", "content")}),
        (_("Adoption"), {"fields": ("adopted_on", "decision", "published_on", "effective_on")}),
        (_("Status"), {"fields": ("status", "abolished_on", "abolished_by")}),
        (_("Source"), {"fields": ("source_judgment", "source_number", "source_court", "updated_at")}),
    )

    def save_model(self, request: HttpRequest, obj: Precedent, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        # the citations already recorded with its number now point at it (as an import does)
        services.attach_citations(obj)
        services.reindex_source(obj, form.initial.get("source_judgment") if change else None)

    def delete_model(self, request: HttpRequest, obj: Precedent) -> None:
        services.delete_precedents([obj])

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Precedent]) -> None:
        services.delete_precedents(queryset)
