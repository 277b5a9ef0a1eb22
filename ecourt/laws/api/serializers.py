"""The legal corpus in the API.

``LegalDocumentBriefSerializer`` is how other resources (relations, versions, citations) show a document;
the list, the detail and the provision endpoints have their own serializers. Query parameters are
validated by the ``…FilterSerializer`` and ``AsOfSerializer`` classes at the end.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ecourt.vietnamese import normalize

from ..models import (
    DocumentRelation,
    DocumentStatus,
    DocumentType,
    LegalDocument,
    Provision,
    ProvisionKind,
    ProvisionVersion,
)
from ..selectors import TocEntry

# Dates of the corpus start with the Constitution of 1946; the API refuses days no document can concern.
EARLIEST_DAY = datetime.date(1945, 9, 2)


class LegalDocumentBriefSerializer(serializers.ModelSerializer[LegalDocument]):
    """A legal document as other resources show it."""

    doc_type_label = serializers.CharField(
        source="get_doc_type_display", read_only=True, help_text="Kind of document, as a label."
    )

    class Meta:
        model = LegalDocument
        fields = ["key", "number", "doc_type", "doc_type_label", "title", "issued_on"]
        read_only_fields = fields
        extra_kwargs = {"key": {"help_text": "Stable identifier used in the URLs, e.g. '91-2015-qh13'."}}


class LegalDocumentSerializer(LegalDocumentBriefSerializer):
    """A document in the list, with its status on the day asked for (``status_on``, annotated by
    ``selectors.with_status``)."""

    status = serializers.ChoiceField(
        source="status_on",
        choices=DocumentStatus.choices,
        read_only=True,
        help_text="Status on the day asked for (?date, default today).",
    )
    status_label = serializers.SerializerMethodField(help_text="Status, as a label.")

    class Meta(LegalDocumentBriefSerializer.Meta):
        fields = [
            *LegalDocumentBriefSerializer.Meta.fields,
            "short_title",
            "issuer",
            "signer",
            "effective_from",
            "effective_to",
            "status",
            "status_label",
        ]
        read_only_fields = fields

    def get_status_label(self, document: LegalDocument) -> str:
        return str(DocumentStatus(document.status_on).label)  # type: ignore[attr-defined]


class RelationSerializer(serializers.ModelSerializer[DocumentRelation]):
    """What one document does to another (amends, replaces, repeals, guides …), from which day."""

    # The names of the model's fields; Field.source is an attribute only to the type checker here.
    source = LegalDocumentBriefSerializer(read_only=True, help_text="The acting document.")  # type: ignore[assignment]
    target = LegalDocumentBriefSerializer(read_only=True, help_text="The document acted on.")
    kind_label = serializers.CharField(source="get_kind_display", read_only=True, help_text="What it does, as a label.")
    source_provision = serializers.CharField(
        source="source_provision.key",
        read_only=True,
        allow_null=True,
        help_text="Key of the source's provision that does it, when recorded.",
    )
    target_provision = serializers.CharField(
        source="target_provision.key",
        read_only=True,
        allow_null=True,
        help_text="Key of the provision acted on, when the relation is that precise (null: the whole document).",
    )

    class Meta:
        model = DocumentRelation
        fields = [
            "kind",
            "kind_label",
            "source",
            "target",
            "effective_on",
            "source_provision",
            "target_provision",
            "partial",
            "new_key",
        ]
        read_only_fields = fields


class TocEntrySerializer(serializers.Serializer[Any]):
    """A part, chapter, section or article, in reading order."""

    key = serializers.CharField(source="provision.key", read_only=True, help_text="Provision key.")
    kind = serializers.ChoiceField(
        source="provision.kind", choices=ProvisionKind.choices, read_only=True, help_text="Level in the structure."
    )
    kind_label = serializers.CharField(
        source="provision.get_kind_display", read_only=True, help_text="Level, as a label."
    )
    number = serializers.CharField(
        source="provision.number", read_only=True, help_text="Label as written: '203', 'II'."
    )
    title = serializers.CharField(source="provision.title", read_only=True, help_text="Heading (latest version).")
    depth = serializers.IntegerField(read_only=True, help_text="Nesting depth, 0 for the top level.")
    parent = serializers.SerializerMethodField(  # type: ignore[assignment]
        help_text="Key of the enclosing entry (null at the top level)."
    )

    def get_parent(self, entry: TocEntry) -> str | None:
        return self.context["parents"].get(entry.provision.pk)  # type: ignore[no-any-return]


def flatten(entries: list[TocEntry]) -> tuple[list[TocEntry], dict[int, str]]:
    """The nested table of contents in reading order, and each provision's enclosing key."""
    flat: list[TocEntry] = []
    parents: dict[int, str] = {}

    def walk(items: list[TocEntry], parent: str | None) -> None:
        for entry in items:
            flat.append(entry)
            if parent is not None:
                parents[entry.provision.pk] = parent
            walk(entry.children, entry.provision.key)

    walk(entries, None)
    return flat, parents


class LegalDocumentDetailSerializer(LegalDocumentSerializer):
    """One document: metadata, status on the day, relations with their dates, table of contents.
    Serialize with ``context`` ``{"day", "outgoing", "incoming", "toc"}``."""

    day = serializers.SerializerMethodField(help_text="The day the status is given for (YYYY-MM-DD).")
    relations_out = serializers.SerializerMethodField(
        help_text="What this document does to others (amends, replaces, guides …), in the order they take effect."
    )
    relations_in = serializers.SerializerMethodField(
        help_text="What other documents do to this one, in the order they take effect."
    )
    table_of_contents = serializers.SerializerMethodField(
        help_text="Parts, chapters, sections and articles in reading order (nesting by depth and parent)."
    )

    class Meta(LegalDocumentSerializer.Meta):
        fields = [
            *LegalDocumentSerializer.Meta.fields,
            "place",
            "aliases",
            "preamble",
            "sources",
            "day",
            "relations_out",
            "relations_in",
            "table_of_contents",
        ]
        read_only_fields = fields
        extra_kwargs = {
            "aliases": {"help_text": "Other names and abbreviations used in citations, e.g. 'BLDS 2015'."},
            "sources": {"help_text": "Sources its metadata or text came from."},
        }

    def get_day(self, document: LegalDocument) -> datetime.date:
        day: datetime.date = self.context["day"]
        return day

    @extend_schema_field(RelationSerializer(many=True))
    def get_relations_out(self, document: LegalDocument) -> list[dict[str, Any]]:
        return list(RelationSerializer(self.context["outgoing"], many=True).data)

    @extend_schema_field(RelationSerializer(many=True))
    def get_relations_in(self, document: LegalDocument) -> list[dict[str, Any]]:
        return list(RelationSerializer(self.context["incoming"], many=True).data)

    @extend_schema_field(TocEntrySerializer(many=True))
    def get_table_of_contents(self, document: LegalDocument) -> list[dict[str, Any]]:
        flat, parents = flatten(self.context["toc"])
        return list(TocEntrySerializer(flat, many=True, context={"parents": parents}).data)


class VersionPeriodSerializer(serializers.ModelSerializer[ProvisionVersion]):
    """A period of a provision's own text: from which day, up to which day, and who introduced it."""

    introduced_by = LegalDocumentBriefSerializer(
        read_only=True,
        allow_null=True,
        help_text="Document that gave the provision this text (itself or an amendment).",
    )

    class Meta:
        model = ProvisionVersion
        fields = ["valid_from", "valid_to", "repealed", "introduced_by"]
        read_only_fields = fields


class ProvisionVersionSerializer(VersionPeriodSerializer):
    """One version in a provision's history."""

    class Meta(VersionPeriodSerializer.Meta):
        fields = ["valid_from", "valid_to", "title", "text", "repealed", "introduced_by", "sources"]
        read_only_fields = fields
        extra_kwargs = {
            "text": {
                "help_text": "The provision's own words in this period, without its clauses and points (ask for the "
                "provision with ?date= for the whole text on a day)."
            },
            "sources": {"help_text": "Sources that print this text."},
        }


class PeriodSerializer(serializers.Serializer[Any]):
    """A stretch of days over which the provision's whole text (with its clauses and points) stayed the same."""

    valid_from = serializers.DateField(read_only=True, allow_null=True, help_text="First day (null: unknown).")
    valid_to = serializers.DateField(
        read_only=True, allow_null=True, help_text="First day after it (null: still the text in force)."
    )
    text = serializers.CharField(
        read_only=True, allow_null=True, help_text="The whole text in the period (null: repealed)."
    )
    repealed = serializers.BooleanField(read_only=True, help_text="The provision was repealed in this period.")
    introduced_by = LegalDocumentBriefSerializer(
        many=True,
        read_only=True,
        help_text="Documents whose change, to it or to one of its parts, begins the period (itself for the first).",
    )


class ProvisionBaseSerializer(serializers.ModelSerializer[Provision]):
    document = LegalDocumentBriefSerializer(read_only=True, help_text="The document it belongs to.")
    kind_label = serializers.CharField(source="get_kind_display", read_only=True, help_text="Level, as a label.")
    parent = serializers.CharField(  # type: ignore[assignment]
        source="parent.key", read_only=True, allow_null=True, help_text="Key of the enclosing provision (null: none)."
    )

    class Meta:
        model = Provision
        fields = ["document", "key", "kind", "kind_label", "number", "title", "parent"]
        read_only_fields = fields


class ProvisionAsOfSerializer(ProvisionBaseSerializer):
    """A provision on a day: its whole text then, the period of that text and who introduced it.
    Serialize with ``context`` ``{"day", "version", "text", "amended_by"}``."""

    title = serializers.SerializerMethodField(help_text="Heading as it stood that day (else the latest).")
    day = serializers.SerializerMethodField(help_text="The day asked for (YYYY-MM-DD).")
    in_force = serializers.SerializerMethodField(
        help_text="Whether the provision was part of the law that day (false: not yet, dropped or repealed)."
    )
    text = serializers.SerializerMethodField(
        help_text="Its whole text that day, with its clauses and points ('1. …', 'a) …'), without the heading; "
        "null when not in force."
    )
    version = serializers.SerializerMethodField(
        help_text="The period of its own text that covers the day (null: no text applied that day)."
    )
    amended_by = serializers.SerializerMethodField(
        help_text="Documents that amended, supplemented, replaced or repealed it, a part of it or the provision it "
        "belongs to, in the order they took effect."
    )

    class Meta(ProvisionBaseSerializer.Meta):
        fields = [*ProvisionBaseSerializer.Meta.fields, "day", "in_force", "text", "version", "amended_by"]
        read_only_fields = fields

    def get_title(self, provision: Provision) -> str:
        version: ProvisionVersion | None = self.context["version"]
        return version.title if version is not None and version.title else provision.title

    def get_day(self, provision: Provision) -> datetime.date:
        day: datetime.date = self.context["day"]
        return day

    def get_in_force(self, provision: Provision) -> bool:
        return self.context["text"] is not None

    def get_text(self, provision: Provision) -> str | None:
        text: str | None = self.context["text"]
        return text

    @extend_schema_field(VersionPeriodSerializer(allow_null=True))
    def get_version(self, provision: Provision) -> dict[str, Any] | None:
        version = self.context["version"]
        return dict(VersionPeriodSerializer(version).data) if version is not None else None

    @extend_schema_field(LegalDocumentBriefSerializer(many=True))
    def get_amended_by(self, provision: Provision) -> list[dict[str, Any]]:
        return list(LegalDocumentBriefSerializer(self.context["amended_by"], many=True).data)


class ProvisionHistorySerializer(ProvisionBaseSerializer):
    """A provision's history, oldest first, two ways: the periods of its whole text (a change of one of its
    clauses is a new period of the article) and the versions of its own words as stored. Serialize with
    ``context`` ``{"periods", "versions"}``."""

    periods = serializers.SerializerMethodField(
        help_text="Periods of its whole text, the oldest first (days it was not part of the law are left out)."
    )
    versions = serializers.SerializerMethodField(
        help_text="Versions of its own words (without its clauses and points), the oldest first."
    )

    class Meta(ProvisionBaseSerializer.Meta):
        fields = [*ProvisionBaseSerializer.Meta.fields, "periods", "versions"]
        read_only_fields = fields

    @extend_schema_field(PeriodSerializer(many=True))
    def get_periods(self, provision: Provision) -> list[dict[str, Any]]:
        return list(PeriodSerializer(self.context["periods"], many=True).data)

    @extend_schema_field(ProvisionVersionSerializer(many=True))
    def get_versions(self, provision: Provision) -> list[dict[str, Any]]:
        return list(ProvisionVersionSerializer(self.context["versions"], many=True).data)


# --- query parameters ------------------------------------------------------------------------------------


def day_of(validated: dict[str, Any]) -> datetime.date:
    """The day of validated query parameters: ?date, or today."""
    day: datetime.date = validated.get("date") or timezone.localdate()
    return day


class AsOfSerializer(serializers.Serializer[Any]):
    """?date: the day the answer is about."""

    date = serializers.DateField(
        required=False,
        help_text="The day (YYYY-MM-DD) the status or text is asked for; default today. E.g. 2020-03-01.",
    )

    def validate_date(self, value: datetime.date) -> datetime.date:
        if value < EARLIEST_DAY:
            raise serializers.ValidationError(f"Ngày phải từ {EARLIEST_DAY:%d/%m/%Y} trở đi")
        return value

    @property
    def day(self) -> datetime.date:
        return day_of(self.validated_data)


class DocumentFilterSerializer(AsOfSerializer):
    """Query parameters of the list of documents."""

    q = serializers.CharField(
        required=False,
        max_length=200,
        help_text="Words of the title or the text, or a number, searched in the legal corpus (accents and case "
        "ignored, the search syntax of docs/search.md); results are ranked by relevance.",
    )
    number = serializers.CharField(
        required=False,
        max_length=60,
        help_text="The official number, e.g. 91/2015/QH13 (accents and case ignored: 63/2024/nd-cp).",
    )
    type = serializers.ChoiceField(
        choices=DocumentType.choices, required=False, help_text="Only documents of this kind."
    )
    issuer = serializers.CharField(
        required=False,
        max_length=200,
        help_text="Part of the issuing body's name, e.g. 'Quốc hội' or 'bo tai chinh' (accents and case ignored).",
    )
    year = serializers.IntegerField(
        required=False, min_value=1945, max_value=2100, help_text="Only documents issued in this year."
    )
    status = serializers.ChoiceField(
        choices=DocumentStatus.choices, required=False, help_text="Only documents with this status on ?date."
    )

    def validate_q(self, value: str) -> str:
        return normalize(value).strip()

    def validate_number(self, value: str) -> str:
        return normalize(value).strip()
