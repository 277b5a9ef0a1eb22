"""The end of a document and the sentences about its own effect.

After the last article come the closing formula ("Luật này đã được Quốc hội … thông qua ngày 24 tháng
11 năm 2015"), the signature block and sometimes annexes. JSON sources leave all of it inside the last
article's text, sometimes run into its last sentence. ``split_trailer`` cuts it off and reads the day
of adoption and the signer; ``effect_dates`` reads "… này có hiệu lực thi hành từ ngày …" and the
documents the text says expire ("Bộ luật dân sự số 33/2005/QH11 hết hiệu lực kể từ ngày Bộ luật này có
hiệu lực").
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field

from .structure import Node, ParsedBody, is_upper_text

_DAY = r"ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})"
_DOC_WORD = r"(?:Hiến pháp|Bộ luật|Luật|Pháp lệnh|Nghị quyết|Nghị định|Thông tư|Quyết định|Lệnh|Chỉ thị)"
_CLOSING = re.compile(rf"{_DOC_WORD} này (?:đã )?được [^.]{{0,200}}?thông qua {_DAY}", re.IGNORECASE)
_SEPARATOR = re.compile(r"^[_\-–—=*.]{3,}$")
_SIGNATURE_TITLES = (
    "CHỦ TỊCH",
    "PHÓ CHỦ TỊCH",
    "THỦ TƯỚNG",
    "PHÓ THỦ TƯỚNG",
    "BỘ TRƯỞNG",
    "THỨ TRƯỞNG",
    "CHÁNH ÁN",
    "PHÓ CHÁNH ÁN",
    "VIỆN TRƯỞNG",
    "TỔNG KIỂM TOÁN",
    "THỐNG ĐỐC",
    "TỔNG THƯ KÝ",
    "CHỦ NHIỆM",
    "TM.",
    "KT.",
    "Q.",
    "TL.",
    "TUQ.",
)
_NOT_NAME = re.compile(r"\d|:|Đã ký|Epas|Nơi nhận|PHỤ LỤC", re.IGNORECASE)


def day_from(match: re.Match[str], start: int = 1) -> datetime.date | None:
    try:
        day, month, year = (int(match.group(start + i)) for i in range(3))
        return datetime.date(year, month, day)
    except ValueError:
        return None


def is_signature_title(line: str) -> bool:
    return is_upper_text(line) and line.startswith(_SIGNATURE_TITLES)


def _name(line: str, *, after_title: bool) -> str:
    """The person's name on a signature line, or ""."""
    line = re.sub(r"^\(?\s*Đã ký\s*\)?\s*:?\s*", "", line).strip()
    words = line.split()
    if not 2 <= len(words) <= 6 or _NOT_NAME.search(line) or is_signature_title(line):
        return ""
    if all(w[0].isupper() and (w[1:].islower() or len(w) == 1) for w in words):
        return line
    if after_title and is_upper_text(line):
        return " ".join(w.capitalize() for w in words)
    return ""


def _starts_trailer(line: str) -> int | None:
    """Where the trailer starts in ``line`` (0 for the whole line), or None."""
    if _SEPARATOR.match(line) or line.startswith("Nơi nhận") or is_signature_title(line):
        return 0
    match = _CLOSING.search(line)
    return match.start() if match else None


@dataclass
class Trailer:
    lines: list[str] = field(default_factory=list)
    adopted_on: datetime.date | None = None
    signer: str = ""


def _render(node: Node) -> list[str]:
    marker = {"khoan": f"{node.number}. ", "diem": f"{node.number}) "}.get(node.kind, "")
    lines = [f"{marker}{node.lines[0]}" if node.lines else marker.strip(), *node.lines[1:]]
    for child in node.children:
        lines += _render(child)
    return [line for line in lines if line]


def split_trailer(body: ParsedBody) -> Trailer:
    """Cut the closing formula, signature and annexes off the last article; read date and signer."""
    articles = body.articles()
    trailer = Trailer()
    if not articles:
        return trailer
    chain = list(articles[-1].walk())
    for index, node in enumerate(chain):
        for i, line in enumerate(node.lines):
            start = _starts_trailer(line)
            if start is None:
                continue
            kept, cut = line[:start].strip(), line[start:].strip()
            trailer.lines = [cut, *node.lines[i + 1 :]]
            node.lines[i:] = [kept] if kept else []
            for later in chain[index + 1 :]:
                trailer.lines += _render(later)
            _drop_after(articles[-1], node)
            _read_trailer(trailer)
            return trailer
    return trailer


def _drop_after(article: Node, cut_node: Node) -> None:
    """Remove every node that comes after ``cut_node`` in the article (they are in the trailer)."""
    found = False

    def prune(node: Node) -> None:
        nonlocal found
        keep = []
        for child in node.children:
            if found:
                continue
            keep.append(child)
            if child is cut_node:
                found = True
                child.children = []
                continue
            prune(child)
        node.children = keep

    if article is cut_node:
        article.children = []
    else:
        prune(article)


def _read_trailer(trailer: Trailer) -> None:
    text = " ".join(trailer.lines)
    match = _CLOSING.search(text)
    if match:
        trailer.adopted_on = day_from(match, 1)
    after_title = False
    for line in trailer.lines:
        if line.startswith("PHỤ LỤC"):
            break
        if is_signature_title(line):
            after_title = True
            continue
        name = _name(line, after_title=after_title)
        if name:
            trailer.signer = name
            if after_title:
                break


_EFFECT = re.compile(
    rf"{_DOC_WORD} này có hiệu lực(?: thi hành)?(?: kể)? từ {_DAY}",
    re.IGNORECASE,
)
_EFFECT_ON_SIGNING = re.compile(rf"{_DOC_WORD} này có hiệu lực(?: thi hành)?(?: kể)? từ ngày ký", re.IGNORECASE)
_NUMBER = r"\d+[\w.]*/(?:\d{4}/)?[\w\-Đđ]+"
_EXPIRES = re.compile(
    rf"(?P<name>{_DOC_WORD}[^.;]{{0,160}}?)\s+số\s+(?P<number>{_NUMBER})[^.;]{{0,200}}?"
    rf"hết hiệu lực(?: thi hành)?(?: kể)? từ ngày {_DOC_WORD} này có hiệu lực",
    re.IGNORECASE,
)


@dataclass
class Effect:
    effective_from: datetime.date | None = None
    on_signing: bool = False
    expires: list[tuple[str, str]] = field(default_factory=list)  # (number, name) the text says expire


def effect_dates(body: ParsedBody) -> Effect:
    """The day the text says it enters into force (from its own sentence, in the last articles first)
    and the documents it says expire on that day."""
    effect = Effect()
    for article in reversed(body.articles()):
        for node in article.walk():
            for line in node.lines:
                if effect.effective_from is None and not effect.on_signing:
                    match = _EFFECT.search(line)
                    if match:
                        effect.effective_from = day_from(match, 1)
                    elif _EFFECT_ON_SIGNING.search(line):
                        effect.on_signing = True
                for match in _EXPIRES.finditer(line):
                    effect.expires.append((match.group("number").rstrip("."), match.group("name").strip()))
    return effect
