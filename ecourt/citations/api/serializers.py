"""Citations in the API: the text to read, and the shapes of what comes back.

The answers are built by the functions the command line prints (``Resolution.as_dict`` for ``cite extract
--json``, ``CheckReport.as_dict`` for ``cite check --json``), so the API and the command cannot drift
apart; the output serializers below describe those dictionaries for the OpenAPI schema, and the tests
check that both have the same fields.
"""

from __future__ import annotations

import datetime
from typing import Any

from rest_framework import serializers

from ecourt.citations.management.commands.cite import DOMAINS
from ecourt.citations.verification import SEVERITY
from ecourt.laws.models import DocumentType

# What one request may carry: about 20 pages of a judgment or a draft law. Reading and checking the
# citations of that many characters takes up to a second (bench/citations).
MAX_TEXT_CHARS = 64_000
EARLIEST_DAY = datetime.date(1945, 9, 2)
CITATION_KINDS = [("provision", "provision"), ("document", "document")]


def _count(n: int) -> str:
    """64000 → "64.000", as Vietnamese writes numbers."""
    return f"{n:,}".replace(",", ".")


class TextInputSerializer(serializers.Serializer[Any]):
    """A text whose citations are read (or checked) on a day."""

    text = serializers.CharField(
        # Offsets in the answer index the text exactly as sent: no trimming.
        trim_whitespace=False,
        allow_blank=True,
        help_text=f"The text, up to {MAX_TEXT_CHARS:,} characters (Unicode code points). Offsets in the answer "
        "index it exactly as sent.",
    )
    date = serializers.DateField(
        required=False,
        help_text="The text's date (YYYY-MM-DD): citations resolve to the versions in force that day. Default: the "
        "date in the text's header (a judgment's 'ngày … tháng … năm …'), else today.",
    )
    domain = serializers.ChoiceField(
        choices=[(d, d) for d in DOMAINS],
        required=False,
        help_text="civil, criminal or administrative: which code a bare 'Bộ luật' means. Default: from the header.",
    )

    def validate_text(self, value: str) -> str:
        if not value.strip():
            raise serializers.ValidationError("Văn bản trống: không có gì để đọc")
        if len(value) > MAX_TEXT_CHARS:
            raise serializers.ValidationError(
                f"Văn bản dài {_count(len(value))} ký tự; mỗi yêu cầu tối đa {_count(MAX_TEXT_CHARS)} ký tự. "
                "Hãy chia văn bản thành nhiều phần."
            )
        return value

    def validate_date(self, value: datetime.date) -> datetime.date:
        if value < EARLIEST_DAY:
            raise serializers.ValidationError(f"Ngày phải từ {EARLIEST_DAY:%d/%m/%Y} trở đi")
        return value


class CitedDocumentSerializer(serializers.Serializer[Any]):
    """The document a citation names, as the corpus knows it (or as the citation writes it)."""

    number = serializers.CharField(allow_null=True, help_text="Official number, e.g. 91/2015/QH13 (null: unknown).")
    title = serializers.CharField(allow_null=True, help_text="Title, e.g. 'Bộ luật Dân sự' (null: unknown).")
    year = serializers.IntegerField(allow_null=True, help_text="Year of issue (null: unknown).")


class CitedVersionSerializer(serializers.Serializer[Any]):
    """The period of the cited provision's text that covers the text's date."""

    valid_from = serializers.DateField(allow_null=True, help_text="First day of that text (null: unknown).")
    valid_to = serializers.DateField(allow_null=True, help_text="First day it no longer applied (null: still).")
    repealed = serializers.BooleanField(help_text="The period records a repeal.")


class CitationSerializer(serializers.Serializer[Any]):
    """One cited provision, or a document cited as a whole: an object of ``cite extract --json``."""

    text = serializers.CharField(help_text="The citation as written (text[start:end]).")
    start = serializers.IntegerField(help_text="Offset of its first character in the text sent.")
    end = serializers.IntegerField(help_text="Offset just after its last character.")
    document = CitedDocumentSerializer(help_text="The document cited.")
    article = serializers.CharField(allow_null=True, help_text="Article (Điều) number, e.g. '203' (null: none).")
    clause = serializers.CharField(allow_null=True, help_text="Clause (khoản) number (null: none).")
    point = serializers.CharField(allow_null=True, help_text="Point (điểm) letter, e.g. 'a', 'đ' (null: none).")
    resolved = serializers.BooleanField(
        help_text="The document is in the corpus and the article, clause and point cited exist there."
    )
    kind = serializers.ChoiceField(
        choices=CITATION_KINDS,
        help_text="provision, or document (cited as a whole).",
    )
    anchor = serializers.ListField(
        child=serializers.IntegerField(), help_text="[start, end] of the number or letter naming this provision."
    )
    this_article = serializers.BooleanField(help_text="Written 'Điều này' (this article of the citing text).")
    document_from = serializers.CharField(
        help_text="Where its document comes from: written (after it), following, preceding, or none."
    )
    basis = serializers.CharField(
        help_text="How the document was identified: number, number-corrected, name-year, name-date, name, relative, "
        "unknown."
    )
    provision = serializers.CharField(allow_null=True, help_text="Key of the provision found, e.g. dieu-203/khoan-1.")
    version = CitedVersionSerializer(allow_null=True, help_text="The version in force on the date (null: none).")
    reason = serializers.CharField(allow_null=True, help_text="Why it is not resolved (null when resolved).")


class TextReadingSerializer(serializers.Serializer[Any]):
    """The date and domain a text was read with, and its length."""

    day = serializers.DateField(help_text="The day citations were resolved on.")
    day_source = serializers.ChoiceField(
        choices=[("given", "given"), ("header", "header"), ("today", "today")],
        help_text="Where the day comes from: given (the request's date), header (found in the text) or today.",
    )
    domain = serializers.CharField(allow_null=True, help_text="civil, criminal, administrative, or null.")
    characters = serializers.IntegerField(help_text="Length of the text read, in characters.")


class ExtractResultSerializer(TextReadingSerializer):
    """Every citation of the text, in order of position."""

    citations = CitationSerializer(many=True, help_text="The citations, in order of position.")


class CheckedDocumentSerializer(serializers.Serializer[Any]):
    """A document of the corpus, in a verdict."""

    key = serializers.CharField(help_text="Its key, for /laws/documents/{key}/.")
    number = serializers.CharField(help_text="Official number (empty if none).")
    title = serializers.CharField(help_text="Title.")
    doc_type = serializers.ChoiceField(choices=DocumentType.choices, help_text="Kind of document.")
    issued_on = serializers.DateField(allow_null=True, help_text="Day of adoption or signature.")
    effective_from = serializers.DateField(allow_null=True, help_text="Day it entered into force.")
    effective_to = serializers.DateField(allow_null=True, help_text="First day it was no longer in force.")


class ChangeSerializer(serializers.Serializer[Any]):
    """A document that acted on the cited document or provision, and from which day."""

    kind = serializers.CharField(help_text="What it did: amends, supplements, replaces, repeals, renumbers or inserts.")
    document = CheckedDocumentSerializer(help_text="The acting document.")
    effective_on = serializers.DateField(allow_null=True, help_text="Day it took (or takes) effect.")
    provision = serializers.CharField(allow_null=True, help_text="Key of the provision acted on, when known.")


class VerdictSerializer(serializers.Serializer[Any]):
    """One cited provision (or document) with its verdict on the day: an object of ``cite check --json``."""

    code = serializers.ChoiceField(
        choices=[(code, code) for code in SEVERITY],
        help_text="The verdict: valid, not_found, amended, replaced, repealed, expired, not_yet_in_force, "
        "renumbered, unverified (the corpus lacks the text), internal (the text refers to itself).",
    )
    label = serializers.CharField(  # type: ignore[assignment]  # the field's name, not Field.label
        help_text="The verdict, as a label in the client's language."
    )
    start = serializers.IntegerField(help_text="Offset of the citation's first character in the text sent.")
    end = serializers.IntegerField(help_text="Offset just after its last character.")
    text = serializers.CharField(help_text="The citation as written (text[start:end]).")
    anchor = serializers.ListField(
        child=serializers.IntegerField(), help_text="[start, end] of the number or letter naming this provision."
    )
    article = serializers.CharField(allow_null=True, help_text="Article (Điều) number (null: none).")
    clause = serializers.CharField(allow_null=True, help_text="Clause (khoản) number (null: none).")
    point = serializers.CharField(allow_null=True, help_text="Point (điểm) letter (null: none).")
    document = CheckedDocumentSerializer(allow_null=True, help_text="The document cited (null: not in the corpus).")
    provision = serializers.CharField(allow_null=True, help_text="Key of the cited provision, when found.")
    text_in_force = serializers.CharField(
        allow_null=True, help_text="The provision's whole text on the day (renumbered: at its new number)."
    )
    title_in_force = serializers.CharField(allow_null=True, help_text="The article's heading on the day.")
    valid_from = serializers.DateField(allow_null=True, help_text="The day the text in force began.")
    previous_text = serializers.CharField(
        allow_null=True, help_text="Amended, repealed or expired: the text the day before the last change."
    )
    changes = ChangeSerializer(many=True, help_text="What made this verdict: amending, replacing, repealing documents.")
    upcoming = ChangeSerializer(many=True, help_text="Changes adopted that take effect after the day.")
    new_provision = serializers.CharField(allow_null=True, help_text="Renumbered: the key it has now.")
    explanation = serializers.CharField(help_text="The verdict explained in a sentence, in the client's language.")


class CheckResultSerializer(TextReadingSerializer):
    """Every citation of the text with its verdict, in order of position."""

    counts = serializers.DictField(
        child=serializers.IntegerField(),
        help_text="Verdict code → number of citations with it (codes with none left out).",
    )
    verdicts = VerdictSerializer(many=True, help_text="The verdicts, in order of position.")
