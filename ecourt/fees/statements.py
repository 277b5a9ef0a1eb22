"""Importing the bank's statement (CSV) and matching its credits to fee notices.

The file has a header row with at least ``transaction_id,date,amount,description`` (UTF-8, comma
separated; dates YYYY-MM-DD or DD/MM/YYYY; amounts in whole đồng, '.' or ',' as thousands separators).
The whole file is checked before anything is written and imported in one transaction, so a malformed
file or a crash leaves nothing behind; a line already imported (same SHA-256 of its fields) is skipped,
so importing a file twice, or overlapping statements, is harmless.
"""

from __future__ import annotations

import csv
import datetime
import hashlib
import io
import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from django.db import transaction

from ecourt.cases.services.steps import TransitionError

from .models import BankStatement, FeeNotice, LineStatus, NoticeStatus, StatementLine
from .references import find_references, is_valid
from .services import apply_payment

REQUIRED_COLUMNS = ("transaction_id", "date", "amount", "description")
AMOUNT_RE = re.compile(r"^\d{1,3}([.,]\d{3})*$|^\d+$")


class StatementError(ValueError):
    """The file is refused whole; the message names the line."""


@dataclass(frozen=True)
class ParsedLine:
    line_number: int
    transaction_id: str
    booked_on: datetime.date
    amount: Decimal
    description: str
    line_hash: str


@dataclass(frozen=True)
class ImportResult:
    statement: BankStatement
    matched: int
    partial: int
    overpaid: int
    unmatched: int
    seen: int


def _date(text: str) -> datetime.date:
    text = text.strip()
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.datetime.strptime(text, fmt).date()  # noqa: DTZ007 - a calendar day, no time
        except ValueError:
            continue
    raise ValueError(f"date '{text}' is neither YYYY-MM-DD nor DD/MM/YYYY")


def _amount(text: str) -> Decimal:
    text = text.strip()
    if not AMOUNT_RE.match(text):
        raise ValueError(f"amount '{text}' is not a whole number of đồng")
    amount = Decimal(re.sub(r"[.,]", "", text))
    if amount <= 0:
        raise ValueError("amount must be a credit above 0")
    return amount


def parse_statement(data: bytes, name: str = "statement") -> list[ParsedLine]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise StatementError(f"{name}: not UTF-8 (byte {exc.start})") from exc
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [h.strip().lower() for h in next(reader)]
    except StopIteration as exc:
        raise StatementError(f"{name}: empty file") from exc
    except csv.Error as exc:
        raise StatementError(f"{name}, line 1: {exc}") from exc
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        raise StatementError(f"{name}, line 1: missing column(s) {', '.join(missing)}")
    index = {c: header.index(c) for c in REQUIRED_COLUMNS}
    lines: list[ParsedLine] = []
    ids: set[str] = set()
    try:
        for row in reader:
            number = reader.line_num
            if not any(cell.strip() for cell in row):
                continue
            if len(row) != len(header):
                raise StatementError(f"{name}, line {number}: {len(row)} fields, the header has {len(header)}")
            try:
                booked_on = _date(row[index["date"]])
                amount = _amount(row[index["amount"]])
            except ValueError as exc:
                raise StatementError(f"{name}, line {number}: {exc}") from exc
            transaction_id = row[index["transaction_id"]].strip()
            if not transaction_id:
                raise StatementError(f"{name}, line {number}: empty transaction_id")
            if transaction_id in ids:
                raise StatementError(f"{name}, line {number}: transaction_id {transaction_id} appears twice")
            ids.add(transaction_id)
            # The hash covers the fields as the bank wrote them, not the file or the line number, so
            # the same credit in the next day's overlapping statement is recognised.
            digest = hashlib.sha256("\x1f".join(cell.strip() for cell in row).encode()).hexdigest()
            lines.append(
                ParsedLine(number, transaction_id, booked_on, amount, row[index["description"]].strip(), digest)
            )
    except csv.Error as exc:
        raise StatementError(f"{name}, line {reader.line_num}: {exc}") from exc
    return lines


def _match(line: ParsedLine) -> tuple[FeeNotice | None, str, str]:  # noqa: PLR0911 - one return per outcome
    """The notice a line pays, its status and, for a clerk, the problem."""
    references = set(find_references(line.description))
    valid = [r for r in references if is_valid(r)]
    if not references:
        return None, LineStatus.UNMATCHED, "no payment reference in the description"
    if not valid:
        return None, LineStatus.UNMATCHED, "payment reference with wrong check digits"
    if len(valid) > 1:
        return None, LineStatus.UNMATCHED, "several payment references in one transfer"
    notice = FeeNotice.objects.select_for_update().filter(reference=valid[0]).first()
    if notice is None:
        return None, LineStatus.UNMATCHED, f"no notice with reference {valid[0]}"
    if notice.status not in (NoticeStatus.OPEN, NoticeStatus.PARTIALLY_PAID):
        return notice, LineStatus.UNMATCHED, f"notice {notice.reference} is {notice.get_status_display()}"
    try:
        with transaction.atomic():  # a savepoint: a refused case step leaves the notice as it was
            missing = apply_payment(notice, line.amount, line.booked_on, line.transaction_id)
    except TransitionError as exc:
        # The case moved on without this payment (a receipt lodged by hand, the petition returned): the
        # money is there, but a clerk decides what to do with it (record it, or refund it).
        return notice, LineStatus.UNMATCHED, f"notice {notice.reference}: the case's step was refused: {exc}"
    if missing > 0:
        return notice, LineStatus.PARTIAL, f"{missing} đồng still to pay"
    if missing < 0:
        return notice, LineStatus.OVERPAID, f"{-missing} đồng paid above the notice"
    return notice, LineStatus.MATCHED, ""


def import_statement(path: Path) -> ImportResult:
    return import_statement_data(path.read_bytes(), path.name)


def import_statement_data(data: bytes, name: str) -> ImportResult:
    """Import a statement's bytes (an uploaded file); ``name`` is the file's name, kept with it."""
    lines = parse_statement(data, name)
    counts = dict.fromkeys(LineStatus.values, 0)
    with transaction.atomic():
        known = set(
            StatementLine.objects.filter(line_hash__in=[line.line_hash for line in lines]).values_list(
                "line_hash", flat=True
            )
        )
        statement = BankStatement.objects.create(
            file_name=name[:255], file_sha256=hashlib.sha256(data).hexdigest(), lines_seen=len(known)
        )
        for line in lines:
            if line.line_hash in known:
                continue
            notice, status, problem = _match(line)
            StatementLine.objects.create(
                statement=statement,
                line_number=line.line_number,
                line_hash=line.line_hash,
                transaction_id=line.transaction_id,
                booked_on=line.booked_on,
                amount=line.amount,
                description=line.description,
                notice=notice,
                status=status,
                problem=problem,
            )
            counts[status] += 1
        statement.lines_new = sum(counts.values())
        statement.save(update_fields=["lines_new"])
    return ImportResult(
        statement,
        counts[LineStatus.MATCHED],
        counts[LineStatus.PARTIAL],
        counts[LineStatus.OVERPAID],
        counts[LineStatus.UNMATCHED],
        len(known),
    )
