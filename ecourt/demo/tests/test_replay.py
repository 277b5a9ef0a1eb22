"""The bulk path writes what the service path writes: generated cases, replayed act by act through the
real service functions, come out identical (events, statuses, deadlines, assignments, parties, appeals,
the judge/clerk and next-deadline fields, the forms of the numbers)."""

from __future__ import annotations

import pytest

from ecourt.cases.models import Case, CaseEvent
from ecourt.demo.loader import LoadOptions, load_demo

from .replay import family_of, replay_family, snapshot

pytestmark = pytest.mark.django_db


def _sample(limit: int) -> list[Case]:
    """Families that between them take every kind of step the generator writes, in every case type."""
    roots = Case.objects.filter(parent__isnull=True, transferred_from__isnull=True).order_by("id")
    kinds_of: dict[int, set[str]] = {}
    for case_id, kind in CaseEvent.objects.values_list("case_id", "kind"):
        kinds_of.setdefault(case_id, set()).add(kind)
    seen: set[tuple[str, str]] = set()
    chosen: list[Case] = []
    scored = []
    for root in roots:
        family = family_of(root)
        features = {(root.case_type, kind) for c in family for kind in kinds_of.get(c.pk, set())}
        features |= {("status", c.status) for c in family} | {("instance", c.instance) for c in family}
        scored.append((root, features))
    while scored and len(chosen) < limit:
        scored.sort(key=lambda item: -len(item[1] - seen))
        root, features = scored.pop(0)
        if not features - seen:
            break
        seen |= features
        chosen.append(root)
    return chosen


def test_generated_cases_equal_their_replay_through_the_services(court_map):
    load_demo(LoadOptions(cases=350, seed=11, spread=2, batch_cases=1000, load_courts=False))
    sample = _sample(limit=40)
    assert len(sample) >= 15
    kinds = set()
    for root in sample:
        family = family_of(root)
        twin = replay_family(root)
        assert set(twin) == {c.pk for c in family}
        for case in family:
            kinds |= set(case.events.values_list("kind", flat=True))
            generated, replayed = snapshot(case.pk), snapshot(twin[case.pk])
            for part in generated:
                assert generated[part] == replayed[part], f"case {case.pk} ({case.uid}): {part} differ"
    assert {"court_succeeded", "file_sent_to_appeal", "case_resumed", "preparation_extended",
            "petition_transferred", "amendment_requested", "legal_effect", "judgment_published"} <= kinds  # fmt: skip
