"""Reading a judgment's kind, outcome and parties from its text (pure functions: nothing is written here).

- Kind: a decision (quyết định) when its heading says "QUYẾT ĐỊNH GIÁM ĐỐC THẨM / TÁI THẨM / … số" or its
  number's code has "QĐ" ("05/2019/QĐ-PT"); a judgment (bản án) when the heading says "Bản án số" or the
  number has a code; unknown otherwise.
- Outcome: from the operative part, after the heading "QUYẾT ĐỊNH" that follows the reasoning ("Vì các lẽ
  trên"), by its wording — appeal and review outcomes first (they restate the lower court's orders
  after them), then a settlement recognised or a stay, a conviction, the claim's fate, a suspension.
- Parties: the list of participants between the court's composition and "NỘI DUNG VỤ ÁN": each heading
  ("Nguyên đơn:", "Bị đơn:", "Người có quyền lợi, nghĩa vụ liên quan:", "Bị cáo:" …) and the persons
  (after Ông, Bà, Anh, Chị …) and organisations (Công ty, Ngân hàng, Ủy ban nhân dân …) named under it.
  Representatives, lawyers and witnesses are not parties: what follows "Người đại diện …", "Người bảo vệ
  …" is skipped up to the next numbered entry or heading.

The texts are matched on the folded copy of ``ecourt.citations.prepare`` (lower case, no diacritics,
PDF artefacts repaired), which keeps offsets, and names are cut from its repaired Unicode copy.

``READER_VERSION`` is stored with what was read (``Judgment.reading``): raising it makes the next import
read the judgments again even where their source records are unchanged.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ecourt.citations.prepare import Prepared, prepare
from ecourt.vietnamese import fold

from .models import JudgmentKind, JudgmentPartyRole, Outcome

READER_VERSION = 1

# --- kind ---------------------------------------------------------------------------------------------

_DECISION_HEADING = re.compile(
    r"quyet\s+dinh\s+(?:giam\s+doc\s+tham|tai\s+tham|cong\s+nhan\s+su\s+thoa\s+thuan|(?:tam\s+)?dinh\s+chi|so\s*:?\s*\d)"
)
_JUDGMENT_HEADING = re.compile(r"ban\s+an\s+(?:[a-z]+\s+){0,4}so\s*:?\s*\d")


def kind_of(number: str, head: str) -> str:
    """``JudgmentKind`` from the number and the folded first lines of the text (``""`` when neither says)."""
    code = fold(number.rsplit("/", 1)[-1]).upper() if number.count("/") >= 2 else ""
    judgment_at = _first(_JUDGMENT_HEADING, head)
    decision_at = _first(_DECISION_HEADING, head)
    # A judgment's header may name the decision that brought the case to trial after its own number;
    # whichever heading comes first is the document's own.
    if decision_at is not None and (judgment_at is None or decision_at < judgment_at):
        return JudgmentKind.DECISION
    if judgment_at is not None:
        return JudgmentKind.JUDGMENT
    if code:
        return JudgmentKind.DECISION if "QD" in re.sub(r"[^A-Z]", "", code) else JudgmentKind.JUDGMENT
    return ""


def _first(pattern: re.Pattern[str], text: str) -> int | None:
    match = pattern.search(text)
    return match.start() if match else None


# --- outcome ------------------------------------------------------------------------------------------

# "QUYẾT ĐỊNH" (or "QUYẾT ĐỊNH:") alone on its line, the heading of the operative part
_OPERATIVE = re.compile(r"(?:^|[\n\f])[ \t\f]*(?:quyet\s*dinh|xu)[ \t]*:?[ \t]*(?=\r?\n)")
_REASONS_END = re.compile(r"vi\s+(?:cac|nhung)\s+le\s+tren|vi\s+le\s+do")
OPERATIVE_CHARS = 6000  # the orders on the merits come first; costs and rights of appeal follow

_LOWER = r"(?:ban\s+an|quyet\s+dinh)\s+(?:[a-z]+\s+){0,6}?(?:so\s+tham|phuc\s+tham)"
_UPHELD = re.compile(r"giu\s+nguyen\s+(?:toan\s+bo\s+)?" + _LOWER)
_AMENDED = re.compile(r"(?<![a-z])sua\s+(?:toan\s+bo\s+|mot\s+phan\s+)?" + _LOWER)
_ANNULLED = re.compile(r"(?<![a-z])huy\s+(?:toan\s+bo\s+|mot\s+phan\s+)?" + _LOWER)
_ANNULLED_APPEAL = re.compile(r"(?<![a-z])huy\s+(?:toan\s+bo\s+)?ban\s+an\s+(?:[a-z]+\s+){0,6}?phuc\s+tham")
_UPHELD_FIRST = re.compile(r"giu\s+nguyen\s+(?:toan\s+bo\s+)?ban\s+an\s+(?:[a-z]+\s+){0,6}?so\s+tham")
_APPEAL_ENDED = re.compile(r"dinh\s+chi\s+(?:viec\s+)?xet\s+xu\s+phuc\s+tham")
_SUSPENDED = re.compile(r"(?<!tam\s)dinh\s+chi\s+(?:viec\s+)?giai\s+quyet\s+(?:vu\s+an|vu\s+viec|yeu\s+cau)")
_STAYED = re.compile(r"tam\s+dinh\s+chi\s+(?:viec\s+)?giai\s+quyet\s+(?:vu\s+an|vu\s+viec)")
_SETTLED = re.compile(r"cong\s+nhan\s+(?:su\s+)?(?:thoa\s+thuan|thuan\s+tinh\s+ly\s+hon)")
_NOT_GUILTY = re.compile(r"(?:khong\s+pham\s+toi|vo\s+toi)")
_GUILTY = re.compile(r"(?:bi\s+cao|bi\s+can)\s[^.;]{0,200}?(?<!khong\s)pham\s+(?:cac\s+)?toi")
# the claim: "Chấp nhận (toàn bộ | một phần) yêu cầu khởi kiện / đơn khởi kiện / yêu cầu của nguyên đơn";
# a counterclaim, an independent claim or the defendant's request decides no more than itself
_CLAIM = (
    r"(?:cac\s+)?[\"']?\s*(?:yeu\s+cau|don\s+khoi\s+kien|don\s+yeu\s+cau)"
    r"(?!\s+(?:phan\s+to|doc\s+lap|cua\s+(?:nguoi\s+co\s+quyen\s+loi|bi\s+don)))"
)
_ACCEPT = re.compile(r"(?<!khong\s)chap\s+nhan\s+(?:toan\s+bo\s+)?" + _CLAIM)
_PARTLY = re.compile(r"(?<!khong\s)chap\s+nhan\s+(?:mot\s+phan|1\s+phan)\s+(?:cua\s+)?" + _CLAIM)
# refusing the plaintiff's claim: named as such, or as a request of a plaintiff named in the judgment
_PLAINTIFFS_CLAIM = (
    r"(?:toan\s+bo\s+|mot\s+phan\s+|phan\s+|cac\s+)?(?:yeu\s+cau\s+khoi\s+kien|don\s+khoi\s+kien"
    r"|(?:cac\s+)?yeu\s+cau\s+(?:con\s+lai\s+)?cua\s+(?:cac\s+)?nguyen\s+don{names})"
)
_REJECT = r"(?:khong\s+chap\s+nhan|bac)\s+"
_APPEALS = ((_AMENDED, Outcome.AMENDED), (_UPHELD, Outcome.UPHELD), (_APPEAL_ENDED, Outcome.APPEAL_ENDED))
_DIVORCE = re.compile(r"(?:xu\s+)?cho\s+(?:[a-z]+\s+){0,6}?(?:duoc\s+)?ly\s+hon|duoc\s+ly\s+hon")
_ENDINGS = ((_SETTLED, Outcome.SETTLED), (_SUSPENDED, Outcome.SUSPENDED))


def operative_part(folded: str, body_start: int = 0) -> tuple[int, int]:
    """Offsets of the operative part in the folded text: from the heading "QUYẾT ĐỊNH" after the
    reasoning (the last such heading) for ``OPERATIVE_CHARS``; (0, 0) when it has none."""
    reasons = None
    for match in _REASONS_END.finditer(folded, body_start):
        reasons = match  # the last one: the reasoning may quote the words earlier
    start = reasons.end() if reasons is not None else body_start + (len(folded) - body_start) // 2
    heading = _OPERATIVE.search(folded, start)
    if heading is None and reasons is None:
        return 0, 0
    begin = heading.end() if heading is not None else start
    return begin, min(len(folded), begin + OPERATIVE_CHARS)


def outcome_in(operative: str, *, instance: str = "", plaintiffs: tuple[str, ...] = ()) -> str:
    """``Outcome`` from the folded operative part by its wording (``Outcome.UNKNOWN`` when none fits).

    ``instance``: a first-instance judgment ("ST") has no appeal outcome, so "Hủy Quyết định số …" (an
    administrative act annulled) is not read as annulling a judgment. ``plaintiffs``: the plaintiffs'
    names as the judgment writes them, so "Không chấp nhận yêu cầu của ông X" counts as refusing the
    claim when X is a plaintiff."""
    text = " ".join(operative.split())
    if instance != "ST":
        appeal = _appeal_outcome(text)
        if appeal:
            return appeal
    criminal = _criminal_outcome(text)
    if criminal:
        return criminal
    names = "".join(
        rf"|(?:cac\s+)?yeu\s+cau\s+(?:[a-z]+\s+){{0,8}}?cua\s+(?:{_TITLE}\s+)?{re.escape(n)}(?![a-z0-9])"
        for n in plaintiffs
        if n
    )
    reject = re.search(_REJECT + _PLAINTIFFS_CLAIM.format(names=names), text)
    partly, accept = _PARTLY.search(text), _ACCEPT.search(text)
    if partly or (accept and reject):
        return Outcome.PARTLY_ACCEPTED
    if accept or _DIVORCE.search(text):
        return Outcome.ACCEPTED
    if reject:
        return Outcome.REJECTED
    # with no word on the claim: the settlement recognised, or the proceedings ended
    return next((outcome for pattern, outcome in _ENDINGS if pattern.search(text)), Outcome.UNKNOWN)


def _criminal_outcome(text: str) -> str:
    if _STAYED.search(text):
        return Outcome.STAYED
    guilty = _GUILTY.search(text)
    if _NOT_GUILTY.search(text) and not guilty:
        return Outcome.NOT_GUILTY
    return Outcome.GUILTY if guilty else ""


def _appeal_outcome(text: str) -> str:
    if _ANNULLED_APPEAL.search(text) and _UPHELD_FIRST.search(text):
        return Outcome.ANNULLED_LOWER_UPHELD
    annulled = _ANNULLED.search(text)
    if annulled is not None:
        after = text[annulled.end() : annulled.end() + 800]
        # "giao hồ sơ … xét xử lại", or annulled and nothing more said: the case goes back
        return Outcome.ANNULLED_DISMISSED if _SUSPENDED.search(after) else Outcome.ANNULLED_REMITTED
    return next((outcome for pattern, outcome in _APPEALS if pattern.search(text)), "")


# --- parties ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FoundParty:
    role: str  # JudgmentPartyRole
    name: str  # as written (an anonymized text gives its encoding: "Lê Thị T", "Công ty TNHH H")
    organization: bool


_BULLET = r"[ \t\f]*(?:(?:\d{1,2}(?:\.\d{1,2})*\s*[.)/]?|[-–+•*])[ \t]*)?"
# headings of the participants, each at the start of a line (after a number or dash), before a colon,
# "là" or the line's end; the longest first
_ROLE_HEADINGS: tuple[tuple[str, str | None], ...] = (
    (r"nguyen\s+don\s+dan\s+su", JudgmentPartyRole.CIVIL_PLAINTIFF),
    (r"bi\s+don\s+dan\s+su", JudgmentPartyRole.CIVIL_DEFENDANT),
    (r"(?:nhung\s+|cac\s+)?nguyen\s+don", JudgmentPartyRole.PLAINTIFF),
    (r"(?:nhung\s+|cac\s+)?bi\s+don", JudgmentPartyRole.DEFENDANT),
    (
        r"(?:nhung\s+|cac\s+)?nguoi\s+co\s+quyen\s+loi\s*,?\s*(?:va\s+)?nghia\s+vu\s+lien\s+quan"
        r"(?:\s+co\s+yeu\s+cau\s+doc\s+lap)?",
        JudgmentPartyRole.RELATED,
    ),
    (r"(?:nhung\s+|cac\s+)?nguoi\s+khoi\s+kien", JudgmentPartyRole.CLAIMANT),
    (r"(?:nhung\s+|cac\s+)?nguoi\s+bi\s+kien", JudgmentPartyRole.RESPONDENT),
    (
        r"(?:nhung\s+|cac\s+)?nguoi\s+yeu\s+cau(?:\s+giai\s+quyet\s+viec\s+[a-z\s]{2,30}?)?",
        JudgmentPartyRole.PETITIONER,
    ),
    (r"(?:nhung\s+|cac\s+)?bi\s+cao", JudgmentPartyRole.ACCUSED),
    (r"(?:nhung\s+|cac\s+)?(?:nguoi\s+)?bi\s+hai", JudgmentPartyRole.VICTIM),
    (r"(?:nhung\s+|cac\s+)?nguoi\s+khang\s+cao", JudgmentPartyRole.APPELLANT),
    (r"vien\s+kiem\s+sat\s+(?:nhan\s+dan\s+)?[^\n:]{0,80}?\s+khang\s+nghi", JudgmentPartyRole.PROTESTING_PROCURACY),
    # other participants: not parties, their names are skipped
    (r"(?:nhung\s+|cac\s+)?nguoi\s+(?:lam\s+chung|giam\s+dinh|phien\s+dich|tham\s+gia\s+to\s+tung\s+khac)", None),
)
_HEADING = re.compile(
    r"(?:^|[\n\f])"
    + _BULLET
    + r"(?P<h>"
    + "|".join(f"(?:{p})" for p, _ in _ROLE_HEADINGS)
    + r")[ \t]*(?::|\bla\b|(?=\r?\n))"
)
_HEADING_ROLES = tuple((re.compile(p + r"\Z"), role) for p, role in _ROLE_HEADINGS)
# what opens a representative's or a lawyer's part: skipped up to the next numbered entry or heading
_REPRESENTATIVE = re.compile(
    r"(?:nguoi\s+)?dai\s+dien|nguoi\s+bao\s+ve|nguoi\s+duoc\s+[^\n:]{0,60}?uy\s+quyen|uy\s+quyen\s+cho"
    r"|theo\s+uy\s+quyen|luat\s+su|tro\s+giup\s+vien|nguoi\s+giam\s+ho|nguoi\s+ke\s+thua"
)
_ENTRY = re.compile(r"(?:^|[\n\f])" + r"[ \t\f]*(?:\d{1,2}(?:\.\d{1,2})*\s*[.)/]|[-–+•*])")
_END = re.compile(
    r"noi\s+dung\s+vu\s+(?:an|viec)|nhan\s+thay\s*:|xet\s+thay\s*:|nhan\s+dinh\s+cua\s+toa\s+an"
    r"|vu\s+an\s+co\s+noi\s+dung"
)
_LIST_START = re.compile(r"giua\s+cac\s+duong\s+su|nguoi\s+tham\s+gia\s+to\s+tung")
PARTY_CHARS = 8000  # the list of participants is within this many characters of its first heading

_TITLE = r"(?:ong|ba|anh|chi|cu|chau|em)"
_ORG = (
    r"(?:tong\s+cong\s+ty|cong\s+ty|ngan\s+hang|quy\s+tin\s+dung|uy\s+ban\s+nhan\s+dan|ubnd|hop\s+tac\s+xa"
    r"|doanh\s+nghiep\s+tu\s+nhan|dntn|van\s+phong\s+cong\s+chung|tap\s+doan|truong\s+(?:dai\s+hoc|trung\s+hoc|tieu\s+hoc|mam\s+non)"
    r"|benh\s+vien|so\s+tai\s+nguyen|cuc\s+thue|chi\s+cuc|phong\s+tai\s+nguyen|vien\s+kiem\s+sat)"
)
# a name begins at the start of an entry, or after "và", a comma or a semicolon; never after "của",
# "vợ", "con" … (someone named to describe the party)
_NAME_START = re.compile(r"(?<![a-z0-9])(?:(?P<org>" + _ORG + r")(?![a-z0-9])|(?P<title>" + _TITLE + r")\s+(?=\S))")
_AFTER_SEPARATOR = re.compile(r"(?:[:;,]|(?<![a-z])va|\A|[\n\f]" + _BULLET + r")[ \t]*\Z")
# capitalised words that follow a name and are not part of it (the labels of the lines under it)
_NOT_NAMES = frozenset(
    [
        "dia",
        "cu",
        "tru",
        "cung",
        "deu",
        "noi",
        "sinh",
        "nam",
        "co",
        "vang",
        "ho",
        "quoc",
        "nghe",
        "chuc",
        "ngay",
        "theo",
        "tai",
        "va",
        "la",
        "hien",
        "sn",
        "sđt",
        "dt",
        "cccd",
        "cmnd",
        "sdt",
        "can",
        "tong",
        "nguoi",
        "dai",
        "dien",
        "giam",
        "doc",
        "chu",
        "tich",
        "tu",
        "thuong",
    ]
)
_NAME_WORD = re.compile(r"\w[\w'’]*(?:-\w+)*")
_ORG_STOP = re.compile(
    r"\s*(?:[,;:(\n]|\s-\s|\s–\s|dia\s+chi|tru\s+so|do\s+(?:ong|ba)|co\s+mat|vang\s+mat|\bla\b|nguoi\s+dai\s+dien)"
)


def party_list(folded: str, body_start: int = 0) -> tuple[int, int]:
    """Offsets of the list of participants in the folded text; (0, 0) when no heading of a party is found."""
    listed = _LIST_START.search(folded, body_start, body_start + 12000)
    first = _HEADING.search(folded, listed.end() if listed else body_start)
    if first is None:
        return 0, 0
    end_limit = min(len(folded), first.start() + PARTY_CHARS)
    end = _END.search(folded, first.start(), end_limit)
    return first.start(), end.start() if end else end_limit


def _role(heading: str) -> str | None:
    words = " ".join(heading.split())
    for pattern, role in _HEADING_ROLES:
        if pattern.match(words):
            return role
    return None


def parties_in(unicode: str, folded: str, start: int, end: int) -> list[FoundParty]:
    """The parties named in ``[start, end)`` of a text (its repaired copy and its folded copy, offsets
    alike), in the order of the text, each once per role."""
    found: list[FoundParty] = []
    seen: set[tuple[str, str]] = set()
    headings = list(_HEADING.finditer(folded, start, end))
    for index, heading in enumerate(headings):
        role = _role(heading.group("h"))
        stop = headings[index + 1].start() if index + 1 < len(headings) else end
        if role is None:
            continue
        for a, b in _own_parts(folded, heading.end(), stop):
            for party in _names(unicode, folded, a, b, role, at_heading=a == heading.end()):
                key = (party.role, fold(party.name))
                if key not in seen:
                    seen.add(key)
                    found.append(party)
    return found


def _own_parts(folded: str, start: int, end: int) -> list[tuple[int, int]]:
    """The spans of a heading's part that name its parties: without what a representative's mention
    opens, up to the next numbered entry."""
    entries = [m.start() for m in _ENTRY.finditer(folded, start, end)]
    parts: list[tuple[int, int]] = []
    a = start
    while a < end:
        rep = _REPRESENTATIVE.search(folded, a, end)
        if rep is None:
            parts.append((a, end))
            break
        parts.append((a, rep.start()))
        following = [e for e in entries if e > rep.start()]
        a = following[0] if following else end
    return parts


def _names(unicode: str, folded: str, start: int, end: int, role: str, *, at_heading: bool) -> list[FoundParty]:
    out: list[FoundParty] = []
    for match in _NAME_START.finditer(folded, start, end):
        line_start = max(folded.rfind("\n", start, match.start()), folded.rfind("\f", start, match.start()))
        # from the part's start or the line's (both boundaries, so "\A" in the pattern means one)
        before = _AFTER_SEPARATOR.search(folded[max(start, line_start) : match.start()])
        if before is None:
            continue
        if match.group("org"):
            if before.group().lstrip().startswith(","):
                continue  # "Ngân hàng N, Chi nhánh …", "Ông A, Giám đốc Công ty …": the same party, described
            name = _organisation(unicode, folded, match.start("org"), end)
            if name:
                out.append(FoundParty(role, name, True))
        else:
            # at the head of an entry a one-letter name is the party's ("Nguyên đơn: Ông A."); after a
            # comma or "và" it is mostly one named again by its given name ("ông Võ N, bà H")
            entry = not re.search(r"[,;]|va", before.group())
            name = _person(unicode, match.end(), end, single=entry)
            if name:
                out.append(FoundParty(role, name, False))
    if not out and at_heading:
        # "Bị cáo: Nguyễn Văn A, sinh năm …": a criminal judgment names the accused without a title
        region = folded[start:end]
        lead = len(region) - len(region.lstrip(" \t"))
        name = _person(unicode, start + lead, end, words_min=2)
        if name and not re.match(_TITLE + r"(?![a-z0-9])", fold(name).lower()):
            out.append(FoundParty(role, name, False))
    return out


def _person(unicode: str, start: int, end: int, *, words_min: int = 1, single: bool = False) -> str:
    """The capitalised words of a name from ``start`` ("Chử Lương D", "NVP", "Bùi Văn T1")."""
    words: list[str] = []
    pos = start
    while pos < end and len(words) < 7:
        match = _NAME_WORD.match(unicode, pos)
        if match is None or match.end() > end or not match.group()[0].isupper():
            break
        if words and fold(match.group()).lower() in _NOT_NAMES:
            break
        words.append(match.group())
        gap = re.match(r"[ \t]*(?P<nl>\n)?[ \t]*", unicode[match.end() : end])
        if gap is None or not gap.group():
            break
        if gap.group("nl") and len(words) >= 2 and len(words[-1]) <= 3:
            break  # "Lê Thị T" ends its line; the next line is an address, not more of the name
        pos = match.end() + gap.end()
    if len(words) == 1 and not single and not (len(words[0]) >= 2 and words[0].isupper()):
        return ""  # "ông T": a party mentioned again by its given name, or a surname cut from its name
    return " ".join(words) if len(words) >= words_min else ""


def _organisation(unicode: str, folded: str, start: int, end: int) -> str:
    stop = _ORG_STOP.search(folded, start + 3, min(end, start + 160))
    name = " ".join(unicode[start : stop.start() if stop else min(end, start + 160)].split()).rstrip(" .,-–")
    return name if len(name) >= 3 else ""


# --- all together ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Metadata:
    kind: str
    outcome: str
    parties: list[FoundParty] = field(default_factory=list)


_CLAIMING = frozenset({JudgmentPartyRole.PLAINTIFF, JudgmentPartyRole.CLAIMANT, JudgmentPartyRole.PETITIONER})


def read_metadata(text: str, number: str = "", instance: str = "", prepared: Prepared | None = None) -> Metadata:
    """Kind, outcome and parties of a judgment's text (``instance``: its Instance value when known, e.g.
    from its number; ``prepared``: its ``prepare(text)`` when at hand)."""
    prepared = prepared or prepare(text)
    folded, body = prepared.folded, prepared.body_start
    kind = kind_of(number, folded[body : body + 3000])
    a, b = party_list(folded, body)
    parties = parties_in(prepared.unicode, folded, a, b) if b else []
    plaintiffs = tuple(" ".join(fold(p.name).lower().split()) for p in parties if p.role in _CLAIMING)
    begin, finish = operative_part(folded, body)
    outcome = outcome_in(folded[begin:finish], instance=instance, plaintiffs=plaintiffs) if finish else Outcome.UNKNOWN
    return Metadata(kind, outcome, parties)
