"""What the portal's index holds of a judgment's kind, outcome, parties and court history (search.py).

- ``kind``, ``outcome``: keyword facets (JudgmentKind, Outcome values);
- ``party_role``: the roles of its parties (many), a facet: "judgments with an appellant";
- one text field per side, holding the names of the parties in it, so ``plaintiff:"ngân hàng"`` finds the
  judgments a bank brought (``ROLE_FIELDS``: the field names are short English words, their Vietnamese
  meaning in docs/judgments.md);
- ``court_lineage``: the judgment's court and every court that succeeded it (``courts.CourtSuccession``,
  followed to its end), by name, so the filter by the regional court created on 1 July 2025 also finds
  the judgments of the district courts it took over.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable
from typing import Any, NamedTuple

from django.core.cache import cache

from ecourt.courts.models import Court, CourtSuccession

from .models import Judgment, JudgmentParty, JudgmentPartyRole

R = JudgmentPartyRole
# text field → the roles whose names it holds
ROLE_FIELDS: dict[str, tuple[str, ...]] = {
    # nguyên đơn, người khởi kiện, người yêu cầu, nguyên đơn dân sự
    "plaintiff": (R.PLAINTIFF, R.CLAIMANT, R.PETITIONER, R.CIVIL_PLAINTIFF),
    "defendant": (R.DEFENDANT, R.RESPONDENT, R.CIVIL_DEFENDANT),  # bị đơn, người bị kiện
    "related": (R.RELATED,),  # người có quyền lợi, nghĩa vụ liên quan
    "accused": (R.ACCUSED,),  # bị cáo
    "victim": (R.VICTIM,),  # bị hại
}
FIELD_OF_ROLE = {role: name for name, roles in ROLE_FIELDS.items() for role in roles}


def successions() -> dict[int, list[int]]:
    """Every court's successors' ids (primary links first), from the whole succession table (small)."""
    graph: dict[int, list[int]] = defaultdict(list)
    rows = CourtSuccession.objects.order_by("-primary", "effective_on", "successor_id").values_list(
        "predecessor_id", "successor_id"
    )
    for predecessor, successor in rows:
        graph[predecessor].append(successor)
    return graph


def successors(court_id: int, graph: dict[int, list[int]]) -> list[int]:
    """Every court that succeeded ``court_id``, directly or through others, nearest first (once each)."""
    out: dict[int, None] = {}
    queue = list(graph.get(court_id, []))
    while queue:
        court = queue.pop(0)
        if court in out or court == court_id:
            continue
        out[court] = None
        queue.extend(graph.get(court, []))
    return list(out)


NOW_CACHE_KEY = "judgments:court-now"
NOW_CACHE_SECONDS = 600  # saves of courts and successions clear it at once (apps.py); bulk loads within this


class NowCourt(NamedTuple):
    """The court that carries on a succeeded court today."""

    code: str
    name: str


def _succeeded() -> dict[str, dict[Any, NowCourt]]:
    everything: dict[str, dict[Any, NowCourt]] | None = cache.get(NOW_CACHE_KEY)
    if everything is None:
        everything = succeeded_courts()
        cache.set(NOW_CACHE_KEY, everything, NOW_CACHE_SECONDS)
    return everything


def now_names(names: Iterable[str]) -> dict[str, str]:
    """For court names (facet values), the name of the court that carries each on today, where one does.

    Read from a map of every succeeded court kept in the cache, so the portal's page, which otherwise
    reads only the index, does not query the database for its facet labels."""
    by_name = _succeeded()["by_name"]
    return {name: by_name[name].name for name in names if name in by_name}


def now_court(court_id: int | None) -> NowCourt | None:
    """The court that carries on the court ``court_id`` today (from the cached map); None if never succeeded."""
    return _succeeded()["by_id"].get(court_id) if court_id else None


def succeeded_courts() -> dict[str, dict[Any, NowCourt]]:
    """Every court that was succeeded, by id and by name → the court that carries it on today."""
    graph = successions()
    ends: dict[int, int] = {}
    for court_id in graph:
        current, seen = court_id, {court_id}
        while graph.get(current) and graph[current][0] not in seen:
            current = graph[current][0]  # the primary link comes first
            seen.add(current)
        ends[court_id] = current
    courts = {
        pk: (code, name)
        for pk, code, name in Court.objects.filter(pk__in=set(ends) | set(ends.values())).values_list(
            "pk", "code", "name"
        )
    }
    by_id = {pk: NowCourt(*courts[end]) for pk, end in ends.items() if pk in courts and end in courts}
    return {"by_id": by_id, "by_name": {courts[pk][1]: now for pk, now in by_id.items()}}


def forget_courts(**kwargs: Any) -> None:
    """Signal receiver: a court or a succession changed, the cached map is stale."""
    cache.delete(NOW_CACHE_KEY)


def index_fields(ids: Collection[int]) -> dict[int, dict[str, Any]]:
    """The fields above for the judgments ``ids`` (three queries however many)."""
    rows = Judgment.objects.filter(pk__in=ids).values_list(
        "pk", "kind", "outcome", "court_id", "court__name", "court_name"
    )
    parties: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for judgment_id, role, name in (
        JudgmentParty.objects.filter(judgment_id__in=ids)
        .order_by("judgment_id", "position", "id")
        .values_list("judgment_id", "role", "name")
    ):
        parties[judgment_id].append((role, name))
    graph = successions()
    wanted = {s for _, _, _, court, _, _ in rows if court for s in successors(court, graph)}
    names = dict(Court.objects.filter(pk__in=wanted).values_list("pk", "name")) if wanted else {}
    out: dict[int, dict[str, Any]] = {}
    for pk, kind, outcome, court_id, court_name, written in rows:
        own = court_name or written
        lineage = [own] if own else []
        if court_id:
            lineage += [names[s] for s in successors(court_id, graph) if s in names]
        fields: dict[str, Any] = {
            "kind": kind,
            "outcome": outcome,
            "party_role": list(dict.fromkeys(role for role, _ in parties[pk])),
            "court_lineage": list(dict.fromkeys(lineage)),
        }
        for field, roles in ROLE_FIELDS.items():
            fields[field] = " | ".join(name for role, name in parties[pk] if role in roles)
        out[pk] = fields
    return out
