"""Administration of accounts and court memberships (operators and court administrators)."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from .models import Membership, User


class MembershipInline(admin.TabularInline[Membership, User]):
    model = Membership
    fk_name = "user"
    extra = 0
    raw_id_fields = ("court", "department")


@admin.register(User)
class UserAdmin(BaseUserAdmin[User]):
    list_display = ("username", "full_name", "kind", "is_active")
    list_filter = ("kind", "is_active", "is_staff")
    search_fields = ("username", "full_name", "search_key", "national_id")
    ordering = ("full_name",)
    fieldsets = (
        *BaseUserAdmin.fieldsets,  # type: ignore[misc]
        ("ecourt", {"fields": ("full_name", "kind", "national_id", "phone", "organisation")}),
    )
    inlines = (MembershipInline,)


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin[Membership]):
    list_display = ("user", "court", "role", "department", "valid_from", "valid_to")
    list_filter = ("role",)
    search_fields = ("user__full_name", "user__username", "court__name")
    raw_id_fields = ("user", "court", "department")
