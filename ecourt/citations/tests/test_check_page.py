"""The draft checker page: officials only, a file or pasted text, verdicts highlighted in place.

Pages are Vietnamese first; these tests read them in English (the language switch's cookie), so the
words they look for are the source strings and do not change when the catalogue is translated."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ecourt.citations.tests.drafts import docx_bytes, pdf_bytes
from ecourt.citations.tests.test_verification import NEW_1, OLD_1, decrees  # noqa: F401 - the fixture

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("decrees")]

URL = "/citations/check/"
DRAFT = [
    "NGHỊ ĐỊNH (dự thảo)",
    "Căn cứ khoản 1, khoản 2 Điều 5 Nghị định số 12/2026/NĐ-CP;",
    "Điều 1. Phạm vi",
    "Theo Điều 9 Nghị định số 12/2026/NĐ-CP và khoản 1 Điều này.",
]


def test_the_address_is_the_one_documented():
    assert reverse("citations:check") == URL


def test_login_is_required_and_citizens_are_refused(client: Any, citizen: Any):
    response = client.get(URL)
    assert response.status_code == 302
    assert "/login" in response["Location"] or "login" in response["Location"]
    client.force_login(citizen)
    assert client.get(URL).status_code == 403
    assert client.post(URL, {"text": "Điều 5 Nghị định số 12/2026/NĐ-CP"}).status_code == 403


def test_an_uploaded_docx_gets_its_citations_highlighted_with_their_verdicts(client: Any, judge: Any):
    client.force_login(judge)
    assert client.get(URL).status_code == 200
    upload = SimpleUploadedFile("du-thao.docx", docx_bytes(DRAFT))
    response = client.post(URL, {"draft": upload, "day": "01/08/2027"})
    assert response.status_code == 200
    html = response.content.decode()
    # the chain "khoản 1, khoản 2 Điều 5 …" is one highlight, coloured by its worst verdict (repealed),
    # with each clause number marked with its own verdict, and the words beside the colour
    chain = re.search(r'<mark class="cite v-repealed"[^>]*>(.*?)</mark>', html, re.S)
    assert chain is not None
    assert '<span class="cite-n v-amended">1</span>' in chain.group(1)
    assert '<span class="cite-n v-repealed">2</span>' in chain.group(1)
    assert "(Amended since; Repealed)" in chain.group(0)  # the verdicts in words, for screen readers
    assert '<mark class="cite v-not_found"' in html
    assert '<mark class="cite v-internal"' in html
    assert html.count('class="verdict v-') == 4
    assert 'id="verdict-1" class="verdict v-amended"' in html
    assert NEW_1 in html  # the text in force on the day
    assert OLD_1 in html  # and the text before the amendment
    assert "30/2027/NĐ-CP" in html
    assert "01/08/2027" in html


def test_pasted_text_and_a_pdf_work_too(client: Any, judge: Any):
    client.force_login(judge)
    response = client.post(URL, {"text": "\n".join(DRAFT), "day": "2026-08-01"})
    assert response.status_code == 200
    assert response.content.decode().count('class="verdict v-valid"') == 2  # both clauses, before the amendment
    response = client.post(URL, {"draft": SimpleUploadedFile("d.pdf", pdf_bytes(DRAFT)), "day": "01/08/2027"})
    assert response.status_code == 200
    assert 'class="verdict v-repealed"' in response.content.decode()


@pytest.fixture
def client(client: Any) -> Any:
    client.cookies["django_language"] = "en"
    return client


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "Choose a draft file or paste its text."),
        ({"text": "x", "draft": SimpleUploadedFile("a.txt", b"y")}, "not both"),
        ({"draft": SimpleUploadedFile("scan.pdf", pdf_bytes(None))}, "no text layer"),
        ({"draft": SimpleUploadedFile("old.doc", b"\xd0\xcf\x11\xe0")}, "save the draft as DOCX"),
        ({"text": "Điều 5", "day": "31/02/2027"}, "Enter a valid date."),
        ({"text": "x" * 64_001}, "at most 64000 characters"),
    ],
)
def test_bad_input_is_refused_with_a_clear_message(client: Any, judge: Any, data: dict[str, Any], message: str):
    client.force_login(judge)
    response = client.post(URL, data)
    assert response.status_code == 422
    html = response.content.decode()
    assert message in html.replace("&#x27;", "'").replace(",", "")
    assert 'class="check-result"' not in html
