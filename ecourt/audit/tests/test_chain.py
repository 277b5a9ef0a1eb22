"""The audit log is append-only and hash-chained; the verifier names the first broken link."""

from __future__ import annotations

import itertools

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction

from ecourt.audit.models import Action, AuditEntry
from ecourt.audit.services import record, verify_chain

pytestmark = pytest.mark.django_db


def _entries(user, n: int = 5) -> list[AuditEntry]:
    return [record(user, Action.VIEW, "case", i, case_id=i, detail={"i": i}) for i in range(1, n + 1)]


def _bypass_triggers(sql: str, params: list[str | int]) -> None:
    """What an attacker with database access could do: drop the guard and edit rows."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("DROP TRIGGER audit_entry_no_update")
            cursor.execute("DROP TRIGGER audit_entry_no_delete")
        else:
            cursor.execute("ALTER TABLE audit_auditentry DISABLE TRIGGER USER")
        cursor.execute(sql, params)


def test_entries_form_a_chain(judge):
    entries = _entries(judge)
    assert [e.seq for e in entries] == [1, 2, 3, 4, 5]
    assert all(later.prev_hash == earlier.hash for earlier, later in itertools.pairwise(entries))
    report = verify_chain()
    assert report.ok
    assert report.checked == 5


def test_the_database_refuses_to_change_or_delete_entries(judge):
    _entries(judge, 2)
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEntry.objects.filter(seq=1).update(action=Action.CHANGE)
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEntry.objects.filter(seq=1).delete()
    with pytest.raises(ValueError, match="append-only"):
        AuditEntry.objects.get(seq=1).save()


def test_a_changed_entry_is_named(judge):
    _entries(judge)
    _bypass_triggers("UPDATE audit_auditentry SET object_id = %s WHERE seq = %s", ["999", 3])
    report = verify_chain()
    assert report.broken_at == 3
    assert "changed" in report.reason


def test_a_deleted_entry_is_named(judge):
    _entries(judge)
    _bypass_triggers("DELETE FROM audit_auditentry WHERE seq = %s", [2])
    report = verify_chain()
    assert report.broken_at == 2
    assert "missing" in report.reason


def test_a_truncated_tail_is_detected(judge):
    _entries(judge)
    _bypass_triggers("DELETE FROM audit_auditentry WHERE seq = %s", [5])
    report = verify_chain()
    assert report.broken_at == 5
    assert "head" in report.reason


def test_the_command_reports_the_break(judge, capsys):
    _entries(judge)
    call_command("audit", "verify")
    assert "5 entries verified" in capsys.readouterr().out
    _bypass_triggers("UPDATE audit_auditentry SET detail = %s WHERE seq = %s", ['{"i": 0}', 4])
    with pytest.raises(CommandError, match="broken at entry #4"):
        call_command("audit", "verify")
