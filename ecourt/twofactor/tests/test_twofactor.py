"""Two-factor authentication of password accounts: enrolment, the code after the password, replay,
lockout, backup codes, enforcement on pages and on the API, administrators' reset, citizens unaffected."""

from __future__ import annotations

import datetime
import re

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from ecourt.audit.models import AuditEntry
from ecourt.people.factories import UserFactory, staff
from ecourt.people.models import Role, UserKind
from ecourt.twofactor import codes, services
from ecourt.twofactor.models import BackupCode, SecondFactorState
from ecourt.twofactor.testing import code_for, enrol
from ecourt.twofactor.tests.conftest import signed_in

pytestmark = pytest.mark.django_db

DOCKET = reverse("cases:docket")
VERIFY = reverse("twofactor:verify")
SETUP = reverse("twofactor:setup")
LOGIN = reverse("people:login")


def wrong_code(device: TOTPDevice) -> str:
    right = code_for(device)
    return f"{(int(right) + 1) % 1_000_000:06d}"


def actions(user_id: int) -> list[str]:
    return [
        entry.detail["event"]
        for entry in AuditEntry.objects.filter(object_type="twofactor", object_id=str(user_id)).order_by("seq")
    ]


def enrolled_with_backup(client: Client, user: object) -> list[str]:
    """Enrol ``user`` through the set-up page; return the backup codes it showed."""
    page = client.get(SETUP)
    secret = re.search(r'data-secret="([A-Z2-7 ]+)"', page.content.decode())
    assert secret is not None
    from ecourt.twofactor.demo import code_for_secret

    done = client.post(SETUP, {"code": code_for_secret(secret.group(1)), "next": DOCKET})
    assert done.status_code == 302, done.content.decode()
    shown = client.get(done["Location"]).content.decode()
    return re.findall(r"<li>([0-9A-Z]{5}-[0-9A-Z]{5})</li>", shown)


# --- who needs it ------------------------------------------------------------------------------------


def test_password_accounts_need_a_second_factor_and_e_id_accounts_do_not(judge, citizen):
    lawyer = UserFactory(kind=UserKind.LAWYER)
    procurator = UserFactory(kind=UserKind.PROCURATOR)
    admin_citizen = UserFactory(kind=UserKind.CITIZEN, is_staff=True)
    assert services.requires_second_factor(judge)
    assert services.requires_second_factor(procurator)
    assert services.requires_second_factor(admin_citizen)  # can open Django's admin
    assert not services.requires_second_factor(citizen)
    assert not services.requires_second_factor(lawyer)


# --- enrolment ---------------------------------------------------------------------------------------


def test_a_staff_member_without_a_second_factor_is_sent_to_set_it_up(browser_client, judge):
    login = browser_client.post(LOGIN, {"username": judge.username, "password": "mat-khau-thu-nghiem"})
    assert login.status_code == 302
    page = browser_client.get(DOCKET)
    assert page.status_code == 302
    assert page["Location"] == f"{SETUP}?next=%2Fdocket%2F"


def test_enrolment_shows_a_qr_code_and_the_secret_and_needs_a_right_code(judge):
    client = signed_in(judge)
    page = client.get(SETUP)
    html = page.content.decode()
    assert page.status_code == 200
    assert "<svg" in html
    assert "<script" not in html.split("<main", 1)[1]  # the QR code is made here, no script
    device = TOTPDevice.objects.get(user=judge, confirmed=False)
    secret = services.secret_of(device)
    assert f'data-secret="{secret}"' in html
    assert page["Cache-Control"].startswith("max-age=0")
    # Reloading shows the same secret (a scan stays valid).
    assert f'data-secret="{secret}"' in client.get(SETUP).content.decode()

    wrong = client.post(SETUP, {"code": wrong_code(device), "next": DOCKET})
    assert wrong.status_code == 200
    assert "The code is not right" in wrong.content.decode()
    assert not services.is_enrolled(judge)
    assert client.get(DOCKET).status_code == 302

    done = client.post(SETUP, {"code": code_for(device), "next": DOCKET})
    assert done.status_code == 302
    assert done["Location"] == reverse("twofactor:backup-codes")
    assert services.is_enrolled(judge)
    assert "enrolled" in actions(judge.pk)
    shown = client.get(done["Location"]).content.decode()
    backup = re.findall(r"<li>([0-9A-Z]{5}-[0-9A-Z]{5})</li>", shown)
    assert len(backup) == 10
    assert f'href="{DOCKET}"' in shown
    # Shown once; stored only as keyed hashes.
    assert client.get(reverse("twofactor:backup-codes")).status_code == 302
    stored = set(BackupCode.objects.filter(user=judge).values_list("digest", flat=True))
    assert len(stored) == 10
    assert not {codes.normalize(c) for c in backup} & stored
    assert {codes.digest(c) for c in backup} == stored
    # The session that enrolled has passed the second factor.
    assert client.get(DOCKET).status_code == 200


def test_an_enrolled_account_cannot_replace_its_authenticator_with_the_password_alone(judge):
    enrol(judge)
    client = signed_in(judge)
    response = client.get(SETUP)
    assert response.status_code == 302
    assert response["Location"].startswith(VERIFY)
    assert client.post(SETUP, {"code": "000000"}).status_code == 302
    assert TOTPDevice.objects.filter(user=judge).count() == 1


def test_re_enrolment_replaces_the_old_authenticator_and_backup_codes(judge):
    client = signed_in(judge)
    old_backup = enrolled_with_backup(client, judge)
    old = TOTPDevice.objects.get(user=judge, confirmed=True)
    new_backup = enrolled_with_backup(client, judge)
    assert not TOTPDevice.objects.filter(pk=old.pk).exists()
    assert TOTPDevice.objects.filter(user=judge, confirmed=True).count() == 1
    assert actions(judge.pk).count("reenrolled") == 1
    other = signed_in(judge)
    refused = other.post(VERIFY, {"code": old_backup[0]})
    assert "The code is not right" in refused.content.decode()
    assert other.post(VERIFY, {"code": new_backup[0], "next": DOCKET})["Location"] == DOCKET


# --- verification ------------------------------------------------------------------------------------


def test_the_code_after_the_password_opens_the_platform(browser_client, judge):
    device = enrol(judge)
    browser_client.post(LOGIN, {"username": judge.username, "password": "mat-khau-thu-nghiem"})
    sent = browser_client.get(DOCKET)
    assert sent["Location"] == f"{VERIFY}?next=%2Fdocket%2F"
    key_before = browser_client.session.session_key
    done = browser_client.post(VERIFY, {"code": code_for(device), "next": DOCKET})
    assert done.status_code == 302
    assert done["Location"] == DOCKET
    assert browser_client.session.session_key != key_before  # a new session key once verified
    assert browser_client.get(DOCKET).status_code == 200


def test_a_wrong_code_is_refused_counted_and_logged(judge):
    device = enrol(judge)
    client = signed_in(judge)
    response = client.post(VERIFY, {"code": wrong_code(device), "next": DOCKET})
    assert response.status_code == 200
    assert "before the account is locked for a while: 4." in response.content.decode()
    assert DEVICE_ID_SESSION_KEY not in client.session
    assert client.get(DOCKET).status_code == 302
    assert SecondFactorState.objects.get(user=judge).failures == 1
    assert actions(judge.pk) == ["wrong code"]
    blank = client.post(VERIFY, {"code": "  "})
    assert "Enter the code" in blank.content.decode()


def test_a_code_cannot_be_used_twice(judge):
    device = enrol(judge)
    code = code_for(device)
    first = signed_in(judge)
    assert first.post(VERIFY, {"code": code, "next": DOCKET})["Location"] == DOCKET
    second = signed_in(judge)
    replay = second.post(VERIFY, {"code": code, "next": DOCKET})
    assert replay.status_code == 200
    assert "The code is not right" in replay.content.decode()
    assert second.get(DOCKET).status_code == 302


def test_too_many_wrong_codes_lock_the_second_factor(judge, settings):
    settings.TWOFACTOR_MAX_FAILURES = 3
    settings.TWOFACTOR_LOCKOUT_MINUTES = 15
    device = enrol(judge)
    client = signed_in(judge)
    for _ in range(2):
        assert "The code is not right" in client.post(VERIFY, {"code": wrong_code(device)}).content.decode()
    locked = client.post(VERIFY, {"code": wrong_code(device)})
    assert "Too many wrong codes" in locked.content.decode()
    state = SecondFactorState.objects.get(user=judge)
    assert state.locked_until is not None
    assert state.locked_until > timezone.now() + datetime.timedelta(minutes=14)
    assert actions(judge.pk) == ["wrong code"] * 3 + ["locked"]
    # Even the right code is refused while locked, and not counted.
    still = client.post(VERIFY, {"code": code_for(device)})
    assert "Too many wrong codes" in still.content.decode()
    assert client.get(DOCKET).status_code == 302
    # When the lock has run out, the right code works again.
    SecondFactorState.objects.filter(user=judge).update(locked_until=timezone.now() - datetime.timedelta(seconds=1))
    assert client.post(VERIFY, {"code": code_for(device), "next": DOCKET})["Location"] == DOCKET
    assert SecondFactorState.objects.get(user=judge).failures == 0


def test_a_backup_code_works_once(judge):
    backup = enrolled_with_backup(signed_in(judge), judge)
    first = signed_in(judge)
    used = first.post(VERIFY, {"code": backup[3].lower().replace("-", " "), "next": DOCKET})
    assert used["Location"] == DOCKET
    assert first.get(DOCKET).status_code == 200
    assert services.backup_codes_left(judge) == 9
    assert "backup code used" in actions(judge.pk)
    second = signed_in(judge)
    again = second.post(VERIFY, {"code": backup[3], "next": DOCKET})
    assert again.status_code == 200
    assert "The code is not right" in again.content.decode()


def test_new_backup_codes_replace_the_old_ones(judge):
    client = signed_in(judge)
    old = enrolled_with_backup(client, judge)
    made = client.post(reverse("twofactor:backup-codes"))
    assert made["Location"] == reverse("twofactor:backup-codes")
    new = re.findall(r"<li>([0-9A-Z]{5}-[0-9A-Z]{5})</li>", client.get(made["Location"]).content.decode())
    assert len(new) == 10
    assert not set(new) & set(old)
    assert "The code is not right" in signed_in(judge).post(VERIFY, {"code": old[0]}).content.decode()
    # Without the second factor no new codes are made.
    outsider_session = signed_in(judge)
    assert outsider_session.post(reverse("twofactor:backup-codes")).status_code == 302
    assert set(BackupCode.objects.filter(user=judge).values_list("digest", flat=True)) == {codes.digest(c) for c in new}


def test_the_next_address_stays_on_this_site(judge):
    device = enrol(judge)
    client = signed_in(judge)
    done = client.post(VERIFY, {"code": code_for(device), "next": "https://example.org/steal"})
    assert done["Location"] == DOCKET


# --- enforcement -------------------------------------------------------------------------------------


def test_before_the_code_only_the_two_factor_pages_and_sign_out_are_open(judge, court):
    enrol(judge)
    client = signed_in(judge)
    for path in (DOCKET, reverse("people:home"), f"/courts/{court.pk}/", "/admin/"):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"].startswith(VERIFY), path
    htmx = client.get(DOCKET, headers={"HX-Request": "true"})
    assert htmx.status_code == 204
    assert htmx["HX-Redirect"].startswith(VERIFY)
    assert client.post(reverse("cases:intake"), {}).status_code == 302
    assert client.get(VERIFY).status_code == 200
    assert client.post(reverse("people:logout")).status_code == 302
    assert "_auth_user_id" not in client.session


def test_the_api_refuses_a_session_that_has_not_passed_the_second_factor(judge):
    device = enrol(judge)
    client = signed_in(judge)
    refused = client.get("/api/v1/people/me/")
    assert refused.status_code == 403
    assert refused.json()["error"]["code"] == "second_factor_required"
    assert client.post(VERIFY, {"code": code_for(device)}).status_code == 302
    assert client.get("/api/v1/people/me/").json()["user"]["id"] == judge.pk


def test_the_test_clients_login_passes_the_second_factor(client, judge):
    """The helper every other test relies on (ecourt/conftest.py): a real device, in the session."""
    client.force_login(judge)
    assert client.get(DOCKET).status_code == 200
    device = TOTPDevice.objects.get(user=judge)
    assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id


def test_a_grace_period_lets_an_account_work_before_enrolling(judge, settings):
    settings.TWOFACTOR_GRACE_DAYS = 7
    client = signed_in(judge)
    assert client.get(DOCKET).status_code == 200
    page = client.get(SETUP).content.decode()
    assert "You may still work without it until" in page
    SecondFactorState.objects.filter(user=judge).update(grace_started_at=timezone.now() - datetime.timedelta(days=8))
    assert client.get(DOCKET)["Location"].startswith(SETUP)


def test_when_not_required_an_unenrolled_account_works_but_an_enrolled_one_passes_its_code(judge, colleague, settings):
    settings.TWOFACTOR_REQUIRED = False
    assert signed_in(colleague).get(DOCKET).status_code == 200
    enrol(judge)
    assert signed_in(judge).get(DOCKET)["Location"].startswith(VERIFY)


def test_a_citizen_is_not_asked_for_a_second_factor(citizen):
    client = signed_in(citizen)
    response = client.get(reverse("people:home"))
    assert "/twofactor/" not in response.get("Location", "")
    assert client.get(SETUP).status_code == 403
    assert client.get(reverse("twofactor:reset")).status_code == 403
    assert not TOTPDevice.objects.filter(user=citizen).exists()


# --- administrators' reset ---------------------------------------------------------------------------


def test_an_administrator_resets_a_lost_second_factor(judge, court, other_court):
    enrol(judge)
    admin = staff(court, Role.ADMIN)
    page = Client()
    page.cookies["django_language"] = "en"
    page.force_login(admin)  # passed the second factor (the test helper)
    form = page.get(reverse("twofactor:reset"))
    assert form.status_code == 200
    no_reason = page.post(reverse("twofactor:reset"), {"username": judge.username, "reason": " "})
    assert "This field is required" in no_reason.content.decode()
    assert services.is_enrolled(judge)
    done = page.post(reverse("twofactor:reset"), {"username": judge.username, "reason": "phone lost"})
    assert done.status_code == 302
    assert not TOTPDevice.objects.filter(user=judge).exists()
    assert not BackupCode.objects.filter(user=judge).exists()
    entry = AuditEntry.objects.get(object_type="twofactor", detail__event="reset")
    assert entry.actor_id == admin.pk
    assert entry.detail["reason"] == "phone lost"
    assert signed_in(judge).get(DOCKET)["Location"].startswith(SETUP)

    # The administrator of another court may not; a judge may not open the page.
    stranger = staff(other_court, Role.ADMIN)
    foreign = staff(other_court, Role.JUDGE)
    enrol(foreign)
    enrol(judge)
    other = Client()
    other.cookies["django_language"] = "en"
    other.force_login(stranger)
    refused = other.post(reverse("twofactor:reset"), {"username": judge.username, "reason": "asked by phone"})
    assert "You may not reset" in refused.content.decode()
    assert services.is_enrolled(judge)
    judge_client = Client()
    judge_client.force_login(foreign)
    assert judge_client.get(reverse("twofactor:reset")).status_code == 403
    # An administrator who has not passed their own second factor may not either.
    enrol(admin)
    assert signed_in(admin).get(reverse("twofactor:reset"))["Location"].startswith(VERIFY)


def test_the_reset_command_is_audit_logged(judge):
    enrol(judge)
    superuser = UserFactory(is_superuser=True, is_staff=True)
    call_command("twofactor", "reset", judge.username, "--reason", "left the court", "--by", superuser.username)
    assert not services.is_enrolled(judge)
    entry = AuditEntry.objects.get(object_type="twofactor", detail__event="reset")
    assert entry.actor_id == superuser.pk
    assert entry.detail["username"] == judge.username


def test_the_django_admin_does_not_show_totp_secrets(judge):
    superuser = UserFactory(is_superuser=True, is_staff=True)
    client = Client()
    client.force_login(superuser)
    assert client.get("/admin/otp_totp/totpdevice/").status_code == 404


# --- the demo ----------------------------------------------------------------------------------------


def test_the_demo_logins_get_the_published_secret(judge, citizen, settings):
    from ecourt.demo.loader import JOB_KIND
    from ecourt.jobs.models import Job, JobStatus
    from ecourt.twofactor import demo

    Job.objects.create(
        kind=JOB_KIND,
        status=JobStatus.SUCCEEDED,
        result={"logins": [{"username": judge.username}, {"username": citizen.username}]},
    )
    call_command("twofactor", "demo")
    call_command("twofactor", "demo")  # idempotent
    device = TOTPDevice.objects.get(user=judge)
    totp = TOTP(device.bin_key)
    assert f"{totp.token():06d}" == demo.current_demo_code()
    assert not TOTPDevice.objects.filter(user=citizen).exists()
    client = signed_in(judge)
    assert client.post(VERIFY, {"code": demo.current_demo_code(), "next": DOCKET})["Location"] == DOCKET

    settings.PRODUCTION = True
    with pytest.raises(demo.DemoError):
        demo.enrol_demo_logins()


# --- HTTP Basic on the API ---------------------------------------------------------------------------


def test_http_basic_is_refused_for_a_court_account_unless_allowed(judge, citizen, settings):
    import base64

    def me(user):
        token = base64.b64encode(f"{user.username}:mat-khau-thu-nghiem".encode()).decode()
        return Client().get("/api/v1/people/me/", HTTP_AUTHORIZATION=f"Basic {token}")

    settings.TWOFACTOR_API_BASIC = False
    refused = me(judge)
    assert refused.status_code == 401
    assert refused.json()["error"]["code"] == "authentication_failed"
    assert me(citizen).json()["user"]["id"] == citizen.pk
    settings.TWOFACTOR_API_BASIC = True
    assert me(judge).json()["user"]["id"] == judge.pk


@pytest.mark.django_db
def test_court_accounts_find_their_two_factor_page_in_the_header_and_citizens_do_not(client, judge, citizen):
    client.force_login(judge)
    assert f'href="{reverse("twofactor:status")}"' in client.get(reverse("cases:docket")).content.decode()
    client.force_login(citizen)
    assert reverse("twofactor:status") not in client.get(reverse("filing:index")).content.decode()
