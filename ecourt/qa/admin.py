"""Court administrators designate the expert groups and their experts here; answers and flags are
read-only in the admin (they change only through the services, which record every step)."""

from __future__ import annotations

from django.contrib import admin

from .models import ExpertDesignation, ExpertGroup, ReviewFlag, StandardAnswer


class DesignationInline(admin.TabularInline[ExpertDesignation, ExpertGroup]):
    model = ExpertDesignation
    raw_id_fields = ("user",)
    extra = 1


@admin.register(ExpertGroup)
class ExpertGroupAdmin(admin.ModelAdmin[ExpertGroup]):
    list_display = ("name", "court", "department")
    search_fields = ("name", "court__name")
    raw_id_fields = ("court", "department")
    inlines = [DesignationInline]


@admin.register(StandardAnswer)
class StandardAnswerAdmin(admin.ModelAdmin[StandardAnswer]):
    list_display = ("id", "canonical_question", "group", "current_version")
    search_fields = ("canonical_question", "question_as_asked")

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False

    def has_add_permission(self, request: object) -> bool:
        return False


@admin.register(ReviewFlag)
class ReviewFlagAdmin(admin.ModelAdmin[ReviewFlag]):
    list_display = ("answer", "reason", "changed_by_number", "effective_on", "raised_at", "resolved_at")
    list_filter = ("reason",)

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False

    def has_add_permission(self, request: object) -> bool:
        return False
