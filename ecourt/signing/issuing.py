"""Issuing court documents from a case's steps: order (in the step), render, sign, store (after commit).

``order_for_step`` runs inside the step's transaction (called by ``cases.services.documents``): it
decides from ``STEP_DOCUMENTS`` whether the step issues a document, gives it its number and writes the
``IssuedDocument`` as pending, with the job ``signing.issue_document`` queued for after the commit. The
job (``issue``) renders the document's template (``court_documents/<kind>.html``, Django template →
HTML → ``CourtDocument`` → PDF by ``rendering.render_pdf``), signs it PAdES with the court's certificate
(plus an RFC 3161 timestamp when ``EVIDENCE_TSA_URL`` is set) and receives the signed PDF into the case
file (``evidence.services.receive``: hashed, in the chain of custody). A failure leaves the document
*failed* with its reason; ``retry`` (a staff action) and the job ``signing.issue_pending`` try again.

Nothing is ordered while no court certificate is configured (``SIGNING_KEY_FILE``/``SIGNING_CERT_FILE``):
the case page says so, rather than piling up documents that cannot be signed.
"""

from __future__ import annotations

import datetime
import io
import re
from html.parser import HTMLParser
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from pyhanko.sign.timestamps.api import TimeStamper

from ecourt.cases.access import CasePermission, access_case_for_user
from ecourt.cases.models import Case, CaseEvent, CaseType, EventKind, Instance, Outcome, Party, PartyRole
from ecourt.cases.services.documents import document_number
from ecourt.jobs.services import enqueue
from ecourt.vietnamese import normalize

from .models import DocumentKind, IssuedDocument, IssueStatus
from .rendering import CourtDocument, render_pdf
from .services import sign_pdf

ISSUE_JOB = "signing.issue_document"
# A document left "signing" this long was interrupted (a worker killed mid-way): it may be tried again.
STALE_AFTER = datetime.timedelta(minutes=15)
MAX_ATTEMPTS = 5  # the periodic retry gives up after this many; a clerk's retry still works

# The step that issues each document (ecourt/cases/workflow.py names the steps).
STEP_DOCUMENTS: dict[str, DocumentKind] = {
    "issue_fee_notice": DocumentKind.FEE_NOTICE,
    "accept_case": DocumentKind.ACCEPTANCE_NOTICE,
    "return_petition": DocumentKind.PETITION_RETURN,
    "bring_to_trial": DocumentKind.TRIAL_DECISION,
    "issue_judgment": DocumentKind.JUDGMENT_COPY,
    "suspend_case": DocumentKind.SUSPENSION_DECISION,
    "resume_case": DocumentKind.RESUME_DECISION,
    "terminate_proceedings": DocumentKind.TERMINATION_DECISION,
    "recognise_settlement": DocumentKind.SETTLEMENT_DECISION,
    "lodge_appeal": DocumentKind.APPEAL_NOTICE,  # a party's appeal in time only (``_issues``)
    "issue_appeal_fee_notice": DocumentKind.APPEAL_FEE_NOTICE,
    "exempt_from_fee": DocumentKind.EXEMPTION_NOTICE,
}
# Registers of the notices, whose numbers the steps do not give (the decisions carry the step's number).
NOTICE_SERIES = {
    DocumentKind.FEE_NOTICE: "TB-TA",
    DocumentKind.ACCEPTANCE_NOTICE: "TB-TLVA",
    DocumentKind.PETITION_RETURN: "TB-TA",
    DocumentKind.APPEAL_NOTICE: "TB-TA",
    DocumentKind.APPEAL_FEE_NOTICE: "TB-TA",
    DocumentKind.EXEMPTION_NOTICE: "TB-TA",
}
FILE_NAMES = {
    DocumentKind.FEE_NOTICE: "thong-bao-nop-tam-ung-an-phi",
    DocumentKind.ACCEPTANCE_NOTICE: "thong-bao-thu-ly-vu-an",
    DocumentKind.PETITION_RETURN: "thong-bao-tra-lai-don-khoi-kien",
    DocumentKind.TRIAL_DECISION: "quyet-dinh-dua-vu-an-ra-xet-xu",
    DocumentKind.JUDGMENT_COPY: "ban-an",
    DocumentKind.SUSPENSION_DECISION: "quyet-dinh-tam-dinh-chi-giai-quyet-vu-an",
    DocumentKind.RESUME_DECISION: "quyet-dinh-tiep-tuc-giai-quyet-vu-an",
    DocumentKind.TERMINATION_DECISION: "quyet-dinh-dinh-chi-giai-quyet-vu-an",
    DocumentKind.SETTLEMENT_DECISION: "quyet-dinh-cong-nhan-su-thoa-thuan",
    DocumentKind.APPEAL_NOTICE: "thong-bao-ve-viec-khang-cao",
    DocumentKind.APPEAL_FEE_NOTICE: "thong-bao-nop-tam-ung-an-phi-phuc-tham",
    DocumentKind.EXEMPTION_NOTICE: "thong-bao-mien-nop-tam-ung-an-phi",
}

# The name of each document as the court writes it (the title of a service, the signature's reason).
TITLES = {
    DocumentKind.FEE_NOTICE: "Thông báo nộp tiền tạm ứng án phí",
    DocumentKind.ACCEPTANCE_NOTICE: "Thông báo về việc thụ lý vụ án",
    DocumentKind.PETITION_RETURN: "Thông báo trả lại đơn khởi kiện",
    DocumentKind.TRIAL_DECISION: "Quyết định đưa vụ án ra xét xử",
    DocumentKind.JUDGMENT_COPY: "Bản án",
    DocumentKind.SUSPENSION_DECISION: "Quyết định tạm đình chỉ giải quyết vụ án",
    DocumentKind.RESUME_DECISION: "Quyết định tiếp tục giải quyết vụ án",
    DocumentKind.TERMINATION_DECISION: "Quyết định đình chỉ giải quyết vụ án",
    DocumentKind.SETTLEMENT_DECISION: "Quyết định công nhận sự thỏa thuận của các đương sự",
    DocumentKind.APPEAL_NOTICE: "Thông báo về việc kháng cáo",
    DocumentKind.APPEAL_FEE_NOTICE: "Thông báo nộp tiền tạm ứng án phí phúc thẩm",
    DocumentKind.EXEMPTION_NOTICE: "Thông báo về việc miễn nộp tiền tạm ứng án phí",
}


def document_title(document: IssuedDocument) -> str:
    title = TITLES[DocumentKind(document.kind)]
    if document.kind == DocumentKind.RESUME_DECISION and document.case.case_type == CaseType.HS:
        title = "Quyết định phục hồi vụ án"  # what the criminal procedure calls it
    return f"{title} số {document.number}" if document.number else title


class IssueError(RuntimeError):
    """The document could not be rendered, signed or stored; it stays *failed* with this reason."""


def signing_configured() -> bool:
    return bool(getattr(settings, "SIGNING_KEY_FILE", None) and getattr(settings, "SIGNING_CERT_FILE", None))


def judgment_text(case: Case) -> str:
    """The judgment's text as the judgments app holds it for the case (as signed, before anonymization),
    or '' when it has none."""
    from ecourt.judgments.models import JudgmentPublication

    publication = JudgmentPublication.objects.filter(case=case).select_related("judgment").order_by("-pk").first()
    if publication is None:
        return ""
    return publication.source_text or publication.judgment.text or ""


def order_for_step(step: str, case: Case, event: CaseEvent, actor: Any) -> IssuedDocument | None:
    """Inside the step's transaction: the document ``step`` issues, numbered and queued; None when the
    step issues none, no court certificate is configured, or (the judgment) no text is held yet."""
    kind = STEP_DOCUMENTS.get(step)
    if kind is None or not signing_configured():
        return None
    if kind == DocumentKind.APPEAL_NOTICE and (event.data.get("kind") != "appeal" or event.data.get("late")):
        # A protest is notified by the procuracy itself; a late appeal waits for the appellate court's review.
        return None
    if kind == DocumentKind.JUDGMENT_COPY and not judgment_text(case):
        return None  # issued later from the case page, once the judgments app has the text
    return _order(case, kind, actor, event=event)


def _order(case: Case, kind: DocumentKind, actor: Any, *, event: CaseEvent | None) -> IssuedDocument:
    day = event.occurred_on if event is not None else timezone.localdate()
    series = NOTICE_SERIES.get(kind)
    if series:
        number = document_number(case, day, series)
    elif event is not None and event.document_number:
        number = event.document_number
    else:
        number = case.judgment_number
    document = IssuedDocument.objects.create(
        case=case, event=event, kind=kind, number=number, issued_on=day, issued_by=actor
    )
    enqueue(ISSUE_JOB, {"document_id": document.pk}, user=actor)
    return document


def issue_judgment_copy(actor: Any, case_id: int) -> IssuedDocument:
    """The judge in charge issues the judgment's copy once the judgments app holds its text (when the
    step 'Record the judgment' was taken before the text was there)."""
    with transaction.atomic():
        case = access_case_for_user(actor, case_id, CasePermission.DECIDE, for_update=True)
        if not case.judgment_number:
            raise IssueError(_("The case has no judgment yet."))
        if not signing_configured():
            raise IssueError(_("No court certificate is configured (SIGNING_KEY_FILE and SIGNING_CERT_FILE)."))
        if not judgment_text(case):
            raise IssueError(_("The judgments app holds no text of this case's judgment yet."))
        live = IssuedDocument.objects.filter(case=case, kind=DocumentKind.JUDGMENT_COPY).exclude(
            status=IssueStatus.FAILED
        )
        if live.exists():
            raise IssueError(_("The judgment's copy is already issued or being signed."))
        return _order(case, DocumentKind.JUDGMENT_COPY, actor, event=None)


# Rendering: the context of each template, then Django template → HTML → CourtDocument.


def _date(day: datetime.date | None) -> str:
    return f"{day:%d/%m/%Y}" if day else ""


def _money(amount: Any) -> str:
    return f"{int(amount):,}".replace(",", ".") if amount not in (None, "") else ""


def _place(case: Case) -> str:
    province = case.court.province or ""
    return re.sub(r"^(Thành phố|Tỉnh)\s+", "", province, flags=re.IGNORECASE) or case.court.short_name


def _names(parties: list[Party], roles: set[str]) -> str:
    return ", ".join(p.name for p in parties if p.role in roles and p.represents_id is None)


def _law(case_type: str) -> dict[str, str]:
    """The procedure code a case follows, and the articles each document applies (civil cases: BLTTDS
    2015; administrative: LTTHC 2015, both checked against the shared corpus's text by
    tests/test_cited_articles.py; criminal: BLTTHS 2015, not in the corpus, unchecked). ``*_pt``: the
    appellate court's article, where it differs from the first instance's."""
    if case_type == CaseType.HC:
        return {
            "code": "Luật Tố tụng hành chính năm 2015",
            "fee": "khoản 1 Điều 125",
            "fee_days": "10 ngày",
            "exemption": "khoản 2 Điều 125",
            "acceptance": "Điều 126",
            "answer": "khoản 1 Điều 128",
            "answer_days": "10 ngày",
            "return": "Điều 123",
            "complaint": "khoản 1 Điều 124",
            "complaint_days": "07 ngày",
            "trial": "Điều 130 và Điều 146",
            "suspend": "Điều 141, Điều 142 và Điều 145",
            "resume": "khoản 2 Điều 142 và Điều 145",
            "terminate": "Điều 143, Điều 144 và Điều 145",
            "decision_appeal": "khoản 2 Điều 206",
            "decision_appeal_days": "07 ngày",
            "appeal_notice": "Điều 210",
            "appeal_fee": "Điều 209",
            "appeal_fee_days": "10 ngày",
            "suspend_pt": "Điều 228",
            "resume_pt": "khoản 1 Điều 228 và khoản 2 Điều 142",
            "terminate_pt": "Điều 229",
        }
    if case_type == CaseType.HS:
        return {
            "code": "Bộ luật Tố tụng hình sự năm 2015",
            "trial": "Điều 255",
            "suspend": "Điều 281",
            "resume": "Điều 283",  # phục hồi vụ án
            "terminate": "Điều 282",
            "decision_appeal": "khoản 1 Điều 333",
            "decision_appeal_days": "07 ngày",
            "appeal_notice": "Điều 338",
        }
    return {
        "code": "Bộ luật Tố tụng dân sự năm 2015",
        "fee": "khoản 2 Điều 195",
        "fee_days": "07 ngày",
        "exemption": "khoản 4 Điều 195",
        "acceptance": "Điều 196",
        "answer": "khoản 1 Điều 199",
        "answer_days": "15 ngày",
        "return": "Điều 192",
        "complaint": "khoản 1 Điều 194",
        "complaint_days": "10 ngày",
        "trial": "Điều 48 và Điều 220",
        "suspend": "Điều 48, Điều 214, Điều 215 và Điều 219",
        "resume": "Điều 48, Điều 216 và Điều 219",
        "terminate": "Điều 48, Điều 217, Điều 218 và Điều 219",
        "settlement": "Điều 212 và Điều 213",
        "decision_appeal": "khoản 2 Điều 273",
        "decision_appeal_days": "07 ngày",
        "appeal_notice": "Điều 277",
        "appeal_fee": "Điều 276",
        "appeal_fee_days": "10 ngày",
        "suspend_pt": "Điều 288",
        "resume_pt": "khoản 1 Điều 288 và Điều 216",
        "terminate_pt": "Điều 289",
    }


def document_context(document: IssuedDocument) -> dict[str, Any]:
    case = document.case
    parties = list(case.parties.all())
    event_data = document.event.data if document.event is not None else {}
    context: dict[str, Any] = {
        "document": document,
        "case": case,
        "court_name": case.court.name,
        "number": document.number,
        "place": _place(case),
        "issued_on": document.issued_on,
        "issued_on_text": f"ngày {document.issued_on:%d} tháng {document.issued_on:%m} năm {document.issued_on:%Y}",
        "law": _law(case.case_type),
        "parties": [p for p in parties if p.represents_id is None],
        "plaintiffs": _names(parties, {PartyRole.PLAINTIFF, PartyRole.PETITIONER}),
        "defendants": _names(parties, {PartyRole.DEFENDANT, PartyRole.ACCUSED}),
        "related": _names(parties, {PartyRole.RELATED}),
        "received_on": _date(case.received_on),
        "accepted_on": _date(case.accepted_on),
        "judge_name": case.judge.full_name if case.judge else "",
        "clerk_name": case.clerk.full_name if case.clerk else "",
        "data": event_data,
        "signer_title": "Thẩm phán",
        "signer_name": case.judge.full_name if case.judge else str(document.issued_by),
    }
    with translation.override("vi"):  # the case type's name as the document writes it
        context["case_type"] = str(CaseType(case.case_type).label).lower()
    if document.kind == DocumentKind.FEE_NOTICE:
        context.update(_fee_notice_context(document, event_data))
    elif document.kind == DocumentKind.APPEAL_FEE_NOTICE:
        context.update(_appeal_context(case, event_data))
        appeal_id = event_data.get("appeal")
        notices = case.fee_notices.filter(appeal_id=appeal_id) if appeal_id else case.fee_notices.none()
        context.update(_notice_fields(notices.order_by("-pk").first(), event_data))
    elif document.kind == DocumentKind.EXEMPTION_NOTICE:
        context.update(_exemption_context(document, event_data))
    elif document.kind == DocumentKind.TRIAL_DECISION:
        hearing = event_data.get("hearing_on")
        context["hearing_on"] = _date(datetime.date.fromisoformat(hearing)) if hearing else ""
    elif document.kind in (DocumentKind.SUSPENSION_DECISION, DocumentKind.TERMINATION_DECISION):
        context["appellate"] = case.instance != Instance.ST
    elif document.kind == DocumentKind.RESUME_DECISION:
        context["appellate"] = case.instance != Instance.ST
        # The decision it ends: the case's last suspension before this step (its number, date and ground).
        suspensions = case.events.filter(kind=EventKind.CASE_SUSPENDED)
        if document.event is not None:
            suspensions = suspensions.filter(seq__lt=document.event.seq)
        suspension = suspensions.order_by("-seq").first()
        context["suspension"] = suspension
        context["suspension_number"] = suspension.document_number if suspension else ""
        context["suspended_on"] = _date(suspension.occurred_on) if suspension else ""
        context["suspension_ground"] = str(suspension.data.get("ground") or "") if suspension else ""
    elif document.kind == DocumentKind.SETTLEMENT_DECISION:
        terms = str(event_data.get("terms") or "")
        context["terms"] = [line.strip() for line in terms.splitlines() if line.strip()]
    elif document.kind == DocumentKind.APPEAL_NOTICE:
        context.update(_appeal_context(case, event_data))
    elif document.kind == DocumentKind.JUDGMENT_COPY:
        text = judgment_text(case)
        context["judgment_paragraphs"] = [line.strip() for line in text.splitlines() if line.strip()]
        context["signer_title"] = "TM. Hội đồng xét xử - Thẩm phán - Chủ tọa phiên tòa"
    return context


def _fee_notice_context(document: IssuedDocument, event_data: dict[str, Any]) -> dict[str, Any]:
    """The first-instance advance-fee notice the step issued: its amount, reference and due date."""
    notice = document.case.fee_notices.filter(issued_on=document.issued_on, appeal__isnull=True).order_by("-pk").first()
    return _notice_fields(notice, event_data)


def _notice_fields(notice: Any, event_data: dict[str, Any]) -> dict[str, Any]:
    """A fee notice's amount, reference and due date as a notice prints them (the step's amount without one)."""
    return {
        "fee_notice": notice,
        "amount": _money(notice.amount if notice else event_data.get("amount")),
        "due_on": _date(notice.due_on) if notice else "",
    }


def _appeal_context(case: Case, event_data: dict[str, Any]) -> dict[str, Any]:
    """The appeal a notice is about (the step's ``appeal``) and the judgment or decision it appeals."""
    appeal_id = event_data.get("appeal")
    appeal = case.appeals.filter(pk=int(appeal_id)).select_related("appellant").first() if appeal_id else None
    return {
        "appeal": appeal,
        "lodged_on": _date(appeal.lodged_on) if appeal else "",
        "decided_on": _date(case.decided_on),
        "decision_is_judgment": case.outcome not in (Outcome.TERMINATED, Outcome.SETTLED),
    }


def _exemption_context(document: IssuedDocument, event_data: dict[str, Any]) -> dict[str, Any]:
    """The exemption's ground in the words of Điều 12 khoản 1 NQ 326/2016/UBTVQH14 (the fee schedule's
    text of the event's ground code) and the advance-fee notice it waived, if one had been issued: the
    case's first-instance notice waived (status *waived*), with the number of its signed notice."""
    from ecourt.fees.models import NoticeStatus
    from ecourt.fees.schedule import load_schedule

    case = document.case
    grounds = {e.code: e for e in load_schedule().exemptions}
    ground = grounds.get(str(event_data.get("ground") or ""))
    notice = (
        case.fee_notices.filter(status=NoticeStatus.WAIVED, appeal__isnull=True, issued_on__lte=document.issued_on)
        .order_by("-pk")
        .first()
    )
    waived_number = ""
    if notice is not None:
        signed = (
            IssuedDocument.objects.filter(
                case=case, kind=DocumentKind.FEE_NOTICE, issued_on=notice.issued_on, pk__lt=document.pk
            )
            .order_by("-pk")
            .first()
        )
        waived_number = signed.number if signed else ""
    return {
        "ground_text": ground.text_vi if ground else "",
        "basis": str(event_data.get("basis") or (ground.basis if ground else "")),
        "note": str(event_data.get("note") or "").strip().rstrip("."),
        "waived_notice": notice,
        "waived_number": waived_number,
        "waived_issued_on": _date(notice.issued_on) if notice else "",
        "waived_amount": _money(notice.amount) if notice else "",
        "waived_paid": _money(notice.paid_amount) if notice and notice.paid_amount else "",
    }


def render_html(document: IssuedDocument) -> str:
    return render_to_string(f"court_documents/{document.kind}.html", document_context(document))


class _Fields(HTMLParser):
    """The ``data-field`` elements of a rendered document: one value each, ``paragraph`` repeated."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.values: dict[str, str] = {}
        self.paragraphs: list[str] = []
        self._field: str | None = None
        self._depth = 0
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self._field is not None:
            self._depth += 1
            if tag == "br":
                self._depth -= 1
                self._text.append(" ")
            return
        field = dict(attrs).get("data-field")
        if field:
            self._field, self._depth, self._text = field, 0, []

    def handle_endtag(self, tag: str) -> None:
        if self._field is None:
            return
        if self._depth:
            self._depth -= 1
            return
        text = normalize(" ".join("".join(self._text).split()))
        if self._field == "paragraph":
            if text:
                self.paragraphs.append(text)
        else:
            self.values[self._field] = text
        self._field = None

    def handle_data(self, data: str) -> None:
        if self._field is not None:
            self._text.append(data)


def court_document(document: IssuedDocument) -> CourtDocument:
    """The rendered template read back as the data the PDF prints."""
    parser = _Fields()
    parser.feed(render_html(document))
    parser.close()
    values = parser.values
    missing = [name for name in ("court", "kind", "subject") if not values.get(name)]
    if missing:
        raise IssueError(f"court_documents/{document.kind}.html lacks {', '.join(missing)}")
    return CourtDocument(
        court=values["court"],
        kind=values["kind"],
        number=values.get("number", ""),
        place=values.get("place", ""),
        issued_on=document.issued_on,
        subject=values["subject"],
        paragraphs=parser.paragraphs,
        signer_title=values.get("signer-title", ""),
        signer_name=values.get("signer-name", ""),
    )


def file_name(document: IssuedDocument) -> str:
    number = re.sub(r"[^0-9A-Za-z]+", "-", normalize(document.number)).strip("-")
    stem = FILE_NAMES[DocumentKind(document.kind)]
    return f"{stem}-{number}.pdf" if number else f"{stem}-{document.pk}.pdf"


# Signing (the job) and retrying.


def issue(document_id: int, *, timestamper: TimeStamper | None = None) -> IssuedDocument:
    """Render, sign and store the document; raises IssueError (document *failed*) when that fails.
    A document already issued, or being signed by another worker, is returned as it is."""
    now = timezone.now()
    claimed = IssuedDocument.objects.filter(
        Q(status__in=[IssueStatus.PENDING, IssueStatus.FAILED])
        | Q(status=IssueStatus.SIGNING, started_at__lt=now - STALE_AFTER),
        pk=document_id,
    ).update(status=IssueStatus.SIGNING, attempts=F("attempts") + 1, started_at=now, error="")
    document = IssuedDocument.objects.select_related(
        "case__court", "case__judge", "case__clerk", "event", "issued_by"
    ).get(pk=document_id)
    if not claimed:
        return document
    from ecourt.evidence import services as evidence
    from ecourt.evidence.models import FileKind

    try:
        reason = document_title(document)
        with translation.override("vi"):
            pdf = sign_pdf(render_pdf(court_document(document)), timestamper=timestamper, reason=reason)
        # The case file's new item and the document's "issued" commit together: a worker killed between
        # the two would otherwise leave a signed copy in the case file and sign a second one on retry.
        with transaction.atomic():
            item = evidence.receive(
                document.issued_by, document.case_id, io.BytesIO(pdf), file_name(document), kind=FileKind.RECORD
            )
            IssuedDocument.objects.filter(pk=document_id).update(
                status=IssueStatus.ISSUED, case_file=item, signed_at=timezone.now(), error=""
            )
    except Exception as exc:
        message = f"{type(exc).__name__}: {exc}"[:500]
        IssuedDocument.objects.filter(pk=document_id).update(status=IssueStatus.FAILED, error=message)
        raise IssueError(message) from exc
    document.refresh_from_db()
    return document


def retry(actor: Any, document_id: int) -> IssuedDocument:
    """A person on the case asks for a failed (or interrupted) signature to be made again."""
    document = IssuedDocument.objects.filter(pk=document_id).first()
    if document is None:
        raise IssuedDocument.DoesNotExist(_("No such document."))
    case = access_case_for_user(actor, document.case_id, CasePermission.RECORD)
    if not may_manage(actor, case):
        raise PermissionDenied(_("Only the people on the case may sign its documents again."))
    stale = (
        document.status == IssueStatus.SIGNING
        and document.started_at
        and document.started_at < timezone.now() - STALE_AFTER
    )
    if document.status != IssueStatus.FAILED and not stale:
        raise IssueError(_("Only a document whose signing failed can be signed again."))
    with transaction.atomic():
        enqueue(ISSUE_JOB, {"document_id": document.pk}, user=actor)
    return document


def may_manage(actor: Any, case: Case) -> bool:
    """People assigned to the case (its judge, clerk …) manage its issued documents."""
    from ecourt.cases.access import checked_access

    return bool(checked_access(actor, case, timezone.localdate()).assigned_roles)


def issue_pending(limit: int = 100) -> dict[str, int]:
    """Try again the documents still pending (their job lost), failed (fewer than MAX_ATTEMPTS) or
    interrupted while signing. Returns how many were issued and how many failed again."""
    stale = timezone.now() - STALE_AFTER
    ids = list(
        IssuedDocument.objects.filter(
            Q(status=IssueStatus.PENDING, created_at__lt=stale)
            | Q(status=IssueStatus.FAILED, attempts__lt=MAX_ATTEMPTS)
            | Q(status=IssueStatus.SIGNING, started_at__lt=stale)
        )
        .order_by("pk")
        .values_list("pk", flat=True)[:limit]
    )
    issued = failed = 0
    for document_id in ids:
        try:
            document = issue(document_id)
        except IssueError:
            failed += 1
            continue
        issued += document.status == IssueStatus.ISSUED
    return {"tried": len(ids), "issued": issued, "failed": failed}


def documents_of(case: Case) -> list[IssuedDocument]:
    return list(
        IssuedDocument.objects.filter(case=case)
        .select_related("case_file")
        .prefetch_related("services__party")
        .order_by("created_at", "pk")
    )
