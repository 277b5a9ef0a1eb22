"""Receiving a petition or a case file: the first step in the life of a case."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from ecourt.audit.models import Action
from ecourt.audit.services import record
from ecourt.courts.models import Court, Department
from ecourt.deadlines import services as deadlines
from ecourt.people.models import Membership
from ecourt.vietnamese import normalize

from ..access import REGISTRY
from ..models import (
    REPRESENTING_ROLES,
    Case,
    CaseType,
    EventKind,
    Gravity,
    Instance,
    Party,
    PartyKind,
    PartyRole,
    Procedure,
    Status,
)
from . import numbering
from .steps import TransitionError, write_event

_ID = re.compile(r"^(\d{9}|\d{10}|\d{12}|\d{13})$")  # old ID card, enterprise code, CCCD, branch code
CLAIMANT_ROLES = frozenset({PartyRole.PLAINTIFF, PartyRole.PETITIONER})


@dataclass
class PartyInput:
    name: str
    role: str
    kind: str = PartyKind.PERSON
    birth_year: int | None = None
    national_id: str = ""
    address: str = ""
    represents: int | None = None  # index, in the same list, of the party represented


def check_party(party: PartyInput, where: str) -> None:
    """Raise ``TransitionError`` naming what is wrong with one party."""
    if not normalize(party.name).strip():
        raise TransitionError(f"{where}: thiếu họ tên hoặc tên tổ chức")
    if party.role not in PartyRole.values:
        raise TransitionError(f"{where}: vai trò '{party.role}' không hợp lệ")
    if party.kind not in PartyKind.values:
        raise TransitionError(f"{where}: loại '{party.kind}' không hợp lệ")
    if party.national_id and not _ID.match(party.national_id):
        raise TransitionError(f"{where}: số định danh '{party.national_id}' phải gồm 9, 10, 12 hoặc 13 chữ số")
    if party.birth_year is not None and not 1900 <= party.birth_year <= timezone.localdate().year:
        raise TransitionError(f"{where}: năm sinh {party.birth_year} không hợp lệ")


def validate_parties(parties: list[PartyInput], *, case_type: str) -> None:
    """Check a new case's party list: each party, who represents whom, and the roles it needs."""
    for i, party in enumerate(parties):
        where = f"Đương sự thứ {i + 1}"
        check_party(party, where)
        if party.role in REPRESENTING_ROLES:
            if party.represents is None or not 0 <= party.represents < len(parties) or party.represents == i:
                raise TransitionError(f"{where}: người đại diện hoặc luật sư phải gắn với một đương sự")
        elif party.represents is not None:
            raise TransitionError(f"{where}: chỉ người đại diện hoặc luật sư mới đại diện cho đương sự khác")
    roles = {p.role for p in parties}
    if case_type == CaseType.HS:
        if PartyRole.ACCUSED not in roles:
            raise TransitionError("Vụ án hình sự phải có ít nhất một bị cáo")
    elif not roles & CLAIMANT_ROLES:
        raise TransitionError("Đơn phải có ít nhất một nguyên đơn hoặc người yêu cầu")


def create_parties(case: Case, parties: list[PartyInput], *, start: int = 0) -> list[Party]:
    created: list[Party] = []
    for i, party in enumerate(parties):
        created.append(
            Party.objects.create(
                case=case,
                kind=party.kind,
                role=party.role,
                name=party.name.strip(),
                birth_year=party.birth_year,
                national_id=party.national_id,
                address=party.address.strip(),
                position=start + i,
            )
        )
    for party, row in zip(parties, created, strict=True):
        if party.represents is not None:
            row.represents = created[party.represents]
            row.save(update_fields=["represents"])
    return created


def party_summary(party: Party) -> dict[str, Any]:
    return {"id": party.pk, "name": party.name, "role": party.role, "kind": party.kind}


def _check_registry_role(actor: Any, court: Court, day: datetime.date) -> None:
    if actor is None or not actor.is_authenticated:
        raise TransitionError("Cần đăng nhập")
    roles = set(Membership.objects.active_on(day).filter(user=actor, court=court).values_list("role", flat=True))
    if not roles & REGISTRY:
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied(f"Bạn không nhận đơn cho {court.short_name}")


def _open_case(
    *,
    actor: Any,
    court: Court,
    case_type: str,
    instance: str,
    status: Status,
    event: EventKind,
    subject: str,
    parties: list[PartyInput],
    received_on: datetime.date,
    check_role: bool,
    extra: dict[str, Any],
    data: dict[str, Any] | None = None,
) -> Case:
    today = timezone.localdate()
    if check_role:
        # Who may record here is decided before the input is looked at (403 before 400).
        _check_registry_role(actor, court, today)
    if case_type not in CaseType.values:
        raise TransitionError(f"Loại vụ án '{case_type}' không hợp lệ")
    if not normalize(subject).strip():
        raise TransitionError("Thiếu quan hệ tranh chấp hoặc tội danh")
    if received_on > today:
        raise TransitionError(f"Ngày nhận {received_on:%d/%m/%Y} ở tương lai")
    if not court.is_active_on(received_on):
        raise TransitionError(f"{court.short_name} không hoạt động vào ngày {received_on:%d/%m/%Y}")
    validate_parties(parties, case_type=case_type)
    department = extra.get("department")
    if department is not None and department.court_id != court.pk:
        raise TransitionError("Tòa chuyên trách không thuộc Tòa án nhận đơn")
    with transaction.atomic():
        case = Case.objects.create(
            uid=numbering.new_uid(court, case_type, received_on),
            case_type=case_type,
            instance=instance,
            status=status,
            court=court,
            origin_court=court,
            subject=normalize(subject).strip(),
            received_on=received_on,
            **extra,
        )
        created = create_parties(case, parties)
        event_row = write_event(
            case,
            event,
            actor=actor,
            on=received_on,
            status_before="",
            data={**(data or {}), "parties": [party_summary(p) for p in created]},
        )
        deadlines.apply_event(case, event_row)
        record(actor, Action.CREATE, "case", case.pk, case_id=case.pk, detail={"uid": case.uid})
    return case


def receive_petition(
    *,
    actor: Any,
    court: Court,
    case_type: str,
    subject: str,
    parties: list[PartyInput],
    received_on: datetime.date | None = None,
    summary: str = "",
    value_in_dispute: Decimal | None = None,
    department: Department | None = None,
    sealed: bool = False,
    in_camera: bool = False,
    fee_exempt: bool = False,
    channel: str = "in_person",
) -> Case:
    """A clerk records a petition (đơn khởi kiện) received in person, by post or online."""
    if case_type == CaseType.HS:
        raise TransitionError("Vụ án hình sự được nhận qua hồ sơ do Viện kiểm sát chuyển, không qua đơn khởi kiện")
    if channel not in ("in_person", "post", "online"):
        raise TransitionError(f"Phương thức nhận đơn '{channel}' không hợp lệ")
    if value_in_dispute is not None and value_in_dispute < 0:
        raise TransitionError("Giá trị tranh chấp không thể âm")
    return _open_case(
        actor=actor,
        court=court,
        case_type=case_type,
        instance=Instance.ST,
        status=Status.PETITION_RECEIVED,
        event=EventKind.PETITION_RECEIVED,
        subject=subject,
        parties=parties,
        received_on=received_on or timezone.localdate(),
        check_role=True,
        extra={
            "summary": summary,
            "value_in_dispute": value_in_dispute,
            "department": department,
            "sealed": sealed,
            "in_camera": in_camera,
            "fee_exempt": fee_exempt,
        },
        data={"channel": channel},
    )


def receive_case_file(
    *,
    actor: Any,
    court: Court,
    subject: str,
    gravity: str,
    parties: list[PartyInput],
    received_on: datetime.date | None = None,
    summary: str = "",
    indictment_number: str = "",
    department: Department | None = None,
    sealed: bool = False,
    in_camera: bool = False,
) -> Case:
    """A clerk records a criminal case file sent by the procuracy with its indictment."""
    if gravity not in Gravity.values:
        raise TransitionError("Phải xác định loại tội phạm (ít nghiêm trọng … đặc biệt nghiêm trọng)")
    return _open_case(
        actor=actor,
        court=court,
        case_type=CaseType.HS,
        instance=Instance.ST,
        status=Status.FILE_RECEIVED,
        event=EventKind.FILE_RECEIVED,
        subject=subject,
        parties=parties,
        received_on=received_on or timezone.localdate(),
        check_role=True,
        extra={
            "summary": summary,
            "gravity": gravity,
            "department": department,
            "sealed": sealed,
            "in_camera": in_camera,
            "procedure": Procedure.ORDINARY,
        },
        data={"indictment_number": indictment_number},
    )


def open_related_case(
    *,
    source: Case,
    court: Court,
    instance: str,
    status: Status,
    event: EventKind,
    on: datetime.date,
    actor: Any,
    parent: Case | None = None,
    transferred_from: Case | None = None,
) -> Case:
    """A new case built from an existing one: the appeal at the higher court, or a transfer.

    Runs inside the caller's transaction; the parties are copied with their representatives.
    """
    parties = list(source.parties.order_by("position", "id"))
    index = {party.pk: i for i, party in enumerate(parties)}
    inputs = [
        PartyInput(
            name=p.name,
            role=p.role,
            kind=p.kind,
            birth_year=p.birth_year,
            national_id=p.national_id,
            address=p.address,
            represents=index.get(p.represents_id) if p.represents_id else None,
        )
        for p in parties
    ]
    case = Case.objects.create(
        uid=numbering.new_uid(court, source.case_type, on),
        case_type=source.case_type,
        instance=instance,
        status=status,
        procedure=source.procedure,
        gravity=source.gravity,
        court=court,
        origin_court=court,
        subject=source.subject,
        summary=source.summary,
        value_in_dispute=source.value_in_dispute,
        sealed=source.sealed,
        in_camera=source.in_camera,
        fee_exempt=source.fee_exempt,
        received_on=on,
        parent=parent,
        transferred_from=transferred_from,
    )
    created = create_parties(case, inputs)
    for old, new in zip(parties, created, strict=True):
        if old.user_id:
            new.user_id = old.user_id
            new.save(update_fields=["user"])
    event_row = write_event(
        case,
        event,
        actor=actor,
        on=on,
        status_before="",
        data={"from_case": {"id": source.pk, "uid": source.uid, "court": source.court.short_name}},
    )
    deadlines.apply_event(case, event_row)
    record(actor, Action.CREATE, "case", case.pk, case_id=case.pk, detail={"uid": case.uid, "from": source.uid})
    return case
