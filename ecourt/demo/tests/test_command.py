"""`python -m ecourt demo load|users|check` as a newcomer runs them."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from .conftest import AS_OF

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("demo", *args, stdout=out)
    return out.getvalue()


def test_load_prints_the_counts_and_the_logins_then_users_and_check_agree(court_map):
    with pytest.raises(CommandError, match="demo load"):
        run("users")
    output = run("load", "--cases", "150", "--spread", "1", "--no-courts", "--as-of", AS_OF.isoformat())
    assert "Demo data loaded" in output
    assert "By type:" in output
    assert "By status:" in output
    assert "chanhan.kv1hn" in output
    assert "ecourt-demo" in output
    users = run("users")
    for username in ("chanhan.kv1hn", "thamphan1.kv1hn", "thuky1.kv1hn", "congdan1", "luatsu1", "kiemsat1.kv1hn"):
        assert username in users
    assert "The case history is consistent" in run("check")
    again = run("load", "--cases", "150", "--spread", "1", "--no-courts", "--as-of", AS_OF.isoformat())
    assert "already loaded" in again


def test_bad_input_is_refused_with_a_message(court_map):
    with pytest.raises(CommandError, match="--as-of"):
        run("load", "--as-of", "31/12/2025")
    with pytest.raises(CommandError, match="at least 1"):
        run("load", "--cases", "0", "--no-courts")
