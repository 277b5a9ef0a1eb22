"""Read-mostly admin pages of the legal corpus (imports are the write path; see services)."""

from __future__ import annotations

from django.contrib import admin

from .models import ArticleReading, DocumentRelation, ImportRecord, LegalDocument, Provision, ProvisionVersion


@admin.register(LegalDocument)
class LegalDocumentAdmin(admin.ModelAdmin[LegalDocument]):
    list_display = ("number", "title", "doc_type", "issued_on", "effective_from", "effective_to")
    list_filter = ("doc_type",)
    search_fields = ("number", "title", "search_key")


@admin.register(Provision)
class ProvisionAdmin(admin.ModelAdmin[Provision]):
    list_display = ("document", "key", "kind", "title")
    list_filter = ("kind",)
    search_fields = ("key", "title", "document__number")
    raw_id_fields = ("document", "parent")


@admin.register(ProvisionVersion)
class ProvisionVersionAdmin(admin.ModelAdmin[ProvisionVersion]):
    list_display = ("provision", "valid_from", "valid_to", "introduced_by", "repealed")
    raw_id_fields = ("provision", "introduced_by")


@admin.register(DocumentRelation)
class DocumentRelationAdmin(admin.ModelAdmin[DocumentRelation]):
    list_display = ("source", "kind", "target", "target_provision", "effective_on", "partial")
    list_filter = ("kind",)
    raw_id_fields = ("source", "target", "target_provision", "source_provision")


@admin.register(ArticleReading)
class ArticleReadingAdmin(admin.ModelAdmin[ArticleReading]):
    list_display = ("provision", "rank", "preferred")
    raw_id_fields = ("provision",)


@admin.register(ImportRecord)
class ImportRecordAdmin(admin.ModelAdmin[ImportRecord]):
    list_display = ("locator", "source", "document", "imported_at")
    search_fields = ("locator",)
    raw_id_fields = ("document", "job")
