"""Synthetic judgments for the search benchmark (bench/search): realistic shape, length and vocabulary, at scale.

The portal must search 1.4 million published judgments (about 30,000 characters each, 42 GB of text), far
more than any real set we hold. This module makes as many as asked, deterministically: judgment ``i`` of
seed ``s`` is always the same text, whatever else is generated, so a slice (the first N) of a big run is the
same documents as a small run, and SQLite, PostgreSQL and Tantivy can be fed identical text.

Shape (that of a Vietnamese first-instance or appeal judgment): a header (court, "Bản án số: 123/2024/DS-ST",
date, subject), the parties with their roles, NỘI DUNG VỤ ÁN, NHẬN ĐỊNH CỦA TÒA ÁN with citations of real
provisions ("khoản 1 Điều 147 Bộ luật Tố tụng dân sự năm 2015") and QUYẾT ĐỊNH. The sentences are real ones
from the dev judgments of ALQAC 2026 (``Pool.from_judgments``): each judgment takes those of its sections
from one source judgment, with a tenth (``MIXED``) drawn from all of them, shuffled. The vocabulary, word
frequencies and sentence lengths are those of real judgments, and so are the document frequencies: a
judgment about a loan speaks of loans, and "hụi" is in a tenth of them, as in the real ones, not in all
(generator 2 drew every sentence from the whole pool, so nearly every judgment held nearly every topical
word: mean error of the document frequency of 12,144 words and word pairs against the real judgments
0.115, against 0.033 now; tests/test_synthetic.py). The story of each is nonsense.
Lengths are log-normal, mean ~30,000 characters (the dev judgments average 29,300).

Nothing is kept: ``judgments(pool, n)`` yields one corpus document at a time (the dict the corpus
"judgments" of ecourt/judgments/search.py yields), for the index writer to consume.
"""

from __future__ import annotations

import datetime
import json
import math
import random
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ecourt.judgments.search import date_order

MEAN_CHARS = 30_000
SIGMA = 0.45  # log-normal spread: ~90 % of judgments between 14,000 and 56,000 characters
MIN_CHARS = 4_000
MIXED = 0.1  # share of a section's sentences drawn from all the judgments rather than its source's
MAX_CHARS = 250_000

# Real codes and laws, with the articles judgments cite most (numbers as the laws corpus holds them).
LAWS: tuple[tuple[str, str, tuple[int, ...]], ...] = (
    ("Bộ luật Dân sự năm 2015", "91/2015/QH13", (117, 119, 166, 275, 357, 463, 466, 468, 584, 585, 589, 590, 650)),
    ("Bộ luật Tố tụng dân sự năm 2015", "92/2015/QH13", (26, 35, 39, 91, 147, 157, 158, 165, 227, 228, 266, 273)),
    ("Bộ luật Dân sự năm 2005", "33/2005/QH11", (121, 256, 471, 474, 476, 604, 605, 631, 674, 675, 676)),
    ("Luật Đất đai năm 2013", "45/2013/QH13", (100, 101, 166, 167, 170, 188, 202, 203)),
    ("Luật Hôn nhân và gia đình năm 2014", "52/2014/QH13", (33, 51, 55, 56, 58, 59, 81, 82, 83)),
    ("Bộ luật Hình sự năm 2015", "100/2015/QH13", (38, 51, 52, 54, 65, 134, 168, 173, 174, 249, 251, 260)),
    ("Bộ luật Tố tụng hình sự năm 2015", "101/2015/QH13", (106, 135, 136, 292, 298, 299, 326, 331, 333)),
    ("Bộ luật Lao động năm 2019", "45/2019/QH14", (34, 35, 36, 39, 41, 46, 48)),
    ("Luật Thương mại năm 2005", "36/2005/QH11", (24, 50, 55, 300, 301, 302, 306)),
    ("Luật Tố tụng hành chính năm 2015", "93/2015/QH13", (30, 32, 116, 193, 194, 348)),
    ("Nghị quyết số 326/2016/UBTVQH14", "326/2016/UBTVQH14", (12, 14, 15, 24, 26, 27, 29)),
)

# Case type → (code in the number, subjects of such cases, the code the case is tried under).
CASE_TYPES: dict[str, tuple[str, tuple[str, ...], tuple[int, ...]]] = {
    "DS": (
        "DS",
        (
            "Tranh chấp hợp đồng vay tài sản",
            "Tranh chấp quyền sử dụng đất",
            "Tranh chấp về thừa kế tài sản",
            "Đòi bồi thường thiệt hại ngoài hợp đồng về tài sản",
            "Tranh chấp hợp đồng chuyển nhượng quyền sử dụng đất",
            "Tranh chấp về hụi, họ, biêu, phường",
        ),
        (0, 1, 2, 3, 10),
    ),
    "HNGD": ("HNGĐ", ("Ly hôn, tranh chấp nuôi con", "Tranh chấp chia tài sản sau ly hôn"), (4, 1, 0, 10)),
    "KDTM": ("KDTM", ("Tranh chấp hợp đồng tín dụng", "Tranh chấp hợp đồng mua bán hàng hóa"), (8, 0, 1, 10)),
    "LD": ("LĐ", ("Tranh chấp về đơn phương chấm dứt hợp đồng lao động", "Tranh chấp tiền lương"), (7, 1, 10)),
    "HC": ("HC", ("Khiếu kiện quyết định hành chính về quản lý đất đai",), (9, 3, 10)),
    "HS": ("HS", ("Trộm cắp tài sản", "Lừa đảo chiếm đoạt tài sản", "Cố ý gây thương tích"), (5, 6, 10)),
}
# Weights of the case types among published judgments (civil cases dominate the portal).
CASE_WEIGHTS = {"DS": 45, "HNGD": 15, "KDTM": 10, "LD": 3, "HC": 5, "HS": 22}
PROVINCES = (
    "Hà Nội", "Thành phố Hồ Chí Minh", "Hải Phòng", "Đà Nẵng", "Cần Thơ", "Huế", "Lào Cai", "Tuyên Quang",
    "Thái Nguyên", "Phú Thọ", "Bắc Ninh", "Hưng Yên", "Ninh Bình", "Quảng Ninh", "Thanh Hóa", "Nghệ An",
    "Hà Tĩnh", "Quảng Trị", "Quảng Ngãi", "Gia Lai", "Đắk Lắk", "Khánh Hòa", "Lâm Đồng", "Đồng Nai",
    "Tây Ninh", "Vĩnh Long", "Đồng Tháp", "Cà Mau", "An Giang", "Lạng Sơn", "Cao Bằng", "Điện Biên",
    "Lai Châu", "Sơn La",
)  # fmt: skip
# Outcomes (judgments.models.Outcome values) with their weights, by (criminal, appeal).
OUTCOMES: dict[tuple[bool, bool], tuple[tuple[str, int], ...]] = {
    (False, False): (("accepted", 40), ("partly_accepted", 35), ("rejected", 15), ("suspended", 5), ("settled", 5)),
    (False, True): (("upheld", 60), ("amended", 30), ("annulled_remitted", 7), ("appeal_ended", 3)),
    (True, False): (("guilty", 98), ("not_guilty", 2)),
    (True, True): (("upheld", 55), ("amended", 40), ("annulled_remitted", 5)),
}
# Numbers in the form of precedents (án lệ) that judgments cite, for the cited-precedent facet.
PRECEDENTS = ("04/2016/AL", "08/2016/AL", "16/2017/AL", "26/2018/AL", "55/2022/AL")
SURNAMES = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ")
MIDDLES = ("Văn", "Thị", "Hữu", "Đức", "Thanh", "Minh", "Ngọc", "Quang")
INITIALS = "ABCDHKLMNPQSTV"

_SENTENCE = re.compile(r"(?<=[.;:])\s+|\n+")
_HEADER = re.compile(
    r"^TÒA ÁN NHÂN DÂN (?P<court>.+?)\n.*?Bản án số: (?P<number>\d+/\d{4}/[^\s]+)\nNgày (?P<day>\d\d/\d\d/\d{4})", re.S
)


@dataclass(frozen=True)
class Section:
    """The sentences of one judgment's sections."""

    facts: tuple[str, ...]
    reasoning: tuple[str, ...]
    verdict: tuple[str, ...]


@dataclass(frozen=True)
class Pool:
    """Real sentences by section, from which judgments are assembled: those of each source judgment
    (``sources``) and all of them together."""

    facts: tuple[str, ...]
    reasoning: tuple[str, ...]
    verdict: tuple[str, ...]
    sources: tuple[Section, ...] = ()

    @classmethod
    def from_judgments(cls, judgments: Sequence[dict[str, Any]]) -> Pool:
        """From ALQAC-style records (``case_fact``, ``court_reasoning``, ``court_verdict``)."""

        def sentences(records: Sequence[dict[str, Any]], key: str) -> tuple[str, ...]:
            out: dict[str, None] = {}  # ordered and deduplicated: the pool is the same on every run
            for j in records:
                for raw in _SENTENCE.split(str(j.get(key) or "")):
                    sentence = " ".join(raw.split())
                    if 25 <= len(sentence) <= 700:
                        out[sentence] = None
            return tuple(out)

        keys = ("case_fact", "court_reasoning", "court_verdict")
        sources = tuple(Section(*(sentences([j], key) for key in keys)) for j in judgments)
        facts, reasoning, verdict = (sentences(judgments, key) for key in keys)
        pool = cls(facts, reasoning, verdict, sources=sources)
        if not (pool.facts and pool.reasoning and pool.verdict):
            raise ValueError("the judgments give no sentences for one of the sections")
        return pool

    @classmethod
    def from_file(cls, path: Path) -> Pool:
        return cls.from_judgments(json.loads(path.read_text(encoding="utf-8")))


@dataclass(frozen=True)
class Citation:
    text: str  # as written: "khoản 1 Điều 147 Bộ luật Tố tụng dân sự năm 2015"
    number: str  # of the law: "92/2015/QH13"
    article: int


def _person(rng: random.Random) -> str:
    title = rng.choice(("Ông", "Bà", "Anh", "Chị"))
    return f"{title} {rng.choice(SURNAMES)} {rng.choice(MIDDLES)} {rng.choice(INITIALS)}"


def _citation(rng: random.Random, law: int) -> Citation:
    name, number, articles = LAWS[law]
    article = rng.choice(articles)
    roll = rng.random()
    clause = f"khoản {rng.randint(1, 5)} " if roll < 0.6 else ""
    point = f"điểm {rng.choice('abcdđ')} " if roll < 0.2 else ""
    return Citation(f"{point}{clause}Điều {article} {name}", number, article)


def _fill(rng: random.Random, own: Sequence[str], pool: Sequence[str], chars: int) -> list[str]:
    """Sentences up to ``chars``: from the source judgment's section (``own``), a share MIXED from all."""
    out: list[str] = []
    n = 0
    while n < chars:
        s = rng.choice(pool if not own or rng.random() < MIXED else own)
        out.append(s)
        n += len(s) + 1
    return out


def target_length(rng: random.Random) -> int:
    mu = math.log(MEAN_CHARS) - SIGMA * SIGMA / 2  # so that the mean, not the median, is MEAN_CHARS
    return min(MAX_CHARS, max(MIN_CHARS, int(rng.lognormvariate(mu, SIGMA))))


def judgment(pool: Pool, i: int, *, seed: int = 0) -> dict[str, Any]:
    """Judgment ``i`` (0-based; its id is ``i + 1``) as the corpus "judgments" yields it."""
    # Its own generator, so judgment i never depends on the others (test data: no secrecy needed).
    rng = random.Random(seed * 1_000_003 + i)  # noqa: S311
    kind = rng.choices(list(CASE_WEIGHTS), weights=list(CASE_WEIGHTS.values()))[0]
    code, subjects, laws = CASE_TYPES[kind]
    appeal = rng.random() < 0.2
    instance = "PT" if appeal else "ST"
    province = rng.choice(PROVINCES)
    if appeal:
        court, level = f"tỉnh {province}", "provincial"
    else:
        court, level = f"khu vực {rng.randint(1, 12)} - {province}", "regional"
    day = datetime.date(2016, 1, 1) + datetime.timedelta(days=rng.randrange(365 * 10))
    number = f"{rng.randint(1, 400)}/{day.year}/{code}-{instance}"
    subject = rng.choice(subjects)
    length = target_length(rng)

    citations = [_citation(rng, rng.choice(laws)) for _ in range(rng.randint(3, 12))]
    plaintiff, defendant, related = _person(rng), _person(rng), _person(rng)
    roles = ("Bị cáo", "Bị hại") if kind == "HS" else ("Nguyên đơn", "Bị đơn")
    outcome = rng.choices(*zip(*OUTCOMES[(kind == "HS", appeal)], strict=True))[0]
    precedents = [p for p in PRECEDENTS if rng.random() < 0.02]
    # A first-instance court named for a district before 1 July 2025 carries on as a regional court.
    lineage = [f"Tòa án nhân dân {court}"]
    if not appeal and day < datetime.date(2025, 7, 1):
        lineage.insert(0, f"Tòa án nhân dân huyện {rng.choice(INITIALS)} - {province}")
    header = (
        f"TÒA ÁN NHÂN DÂN {court}\n"
        "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập – Tự do – Hạnh phúc\n"
        f"Bản án số: {number}\nNgày {day:%d/%m/%Y}\nV/v: {subject}\n\n"
        "NHÂN DANH\nNƯỚC CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        f"TÒA ÁN NHÂN DÂN {court}\n"
        f"{roles[0]}: {plaintiff}, sinh năm {rng.randint(1950, 2000)}; địa chỉ: xã {rng.choice(INITIALS)}, "
        f"tỉnh {province}.\n"
        f"{roles[1]}: {defendant}, sinh năm {rng.randint(1950, 2000)}; địa chỉ: phường {rng.choice(INITIALS)}, "
        f"tỉnh {province}.\n"
        f"Người có quyền lợi, nghĩa vụ liên quan: {related}.\n"
    )
    body = length - len(header)
    source = rng.choice(pool.sources) if pool.sources else Section((), (), ())
    facts = _fill(rng, source.facts, pool.facts, int(body * 0.45))
    reasoning = _fill(rng, source.reasoning, pool.reasoning, int(body * 0.40))
    # Each citation sits in a sentence of the reasoning, and the verdict cites them again ("Căn cứ …").
    for c in citations:
        at = rng.randrange(len(reasoning) + 1)
        reasoning.insert(at, f"Căn cứ {c.text}, Hội đồng xét xử thấy yêu cầu của đương sự là có cơ sở.")
    verdict = ["Căn cứ " + "; ".join(c.text for c in citations[:4]) + "."]
    reasoning += [f"Áp dụng Án lệ số {p}, Hội đồng xét xử xét thấy vụ án có tình tiết tương tự." for p in precedents]
    verdict += _fill(
        rng, source.verdict, pool.verdict, max(0, length - len(header) - sum(map(len, facts + reasoning)) - 600)
    )
    text = (
        f"{header}\nNỘI DUNG VỤ ÁN:\n{' '.join(facts)}\n\nNHẬN ĐỊNH CỦA TÒA ÁN:\n{' '.join(reasoning)}\n\n"
        f"QUYẾT ĐỊNH:\n{' '.join(verdict)}\n"
    )
    laws_cited = list(dict.fromkeys(c.number for c in citations))
    articles = list(dict.fromkeys(f"{c.number} dieu-{c.article}" for c in citations))
    pk = i + 1
    court_name = f"Tòa án nhân dân {court}"
    return {
        "id": pk,
        "number": number,
        "title": subject,
        "court": court_name,
        "court_name": court_name,
        "level": level,
        "case_type": kind,
        "instance": instance,
        "year": day.year,
        "decided": day,
        "date_order": date_order(day, pk),
        "cited_law": laws_cited,
        "cited": articles,
        "cited_precedent": precedents,
        "precedent": "",
        "kind": "judgment",
        "outcome": outcome,
        "party_role": ["accused", "victim", "related"] if kind == "HS" else ["plaintiff", "defendant", "related"],
        "court_lineage": lineage,
        ("accused" if kind == "HS" else "plaintiff"): plaintiff,
        ("victim" if kind == "HS" else "defendant"): defendant,
        "related": related,
        "text": text,
    }


def judgments(pool: Pool, count: int, *, seed: int = 0, start: int = 0) -> Iterator[dict[str, Any]]:
    """Judgments ``start`` … ``start + count - 1``, one at a time."""
    for i in range(start, start + count):
        yield judgment(pool, i, seed=seed)


def parse_header(text: str) -> tuple[str, str, datetime.date]:
    """The court, number and date of a generated judgment's header (ValueError when it has none)."""
    m = _HEADER.match(text)
    if not m:
        raise ValueError("no judgment header")
    dd, mm, yyyy = (int(part) for part in m["day"].split("/"))
    day = datetime.date(yyyy, mm, dd)
    return f"Tòa án nhân dân {m['court']}", m["number"], day
