"""Territorial jurisdiction of the court chosen for an online petition.

The rule applied (to be confirmed against the Civil Procedure Code and the Law on Administrative
Procedure as amended in 2025, Law 85/2025/QH15):

- civil, marriage and family, business and commercial, labour disputes: the court where the defendant
  resides, works or has its head office (Civil Procedure Code 2015, Art. 39(1)(a)); with several
  defendants living in different places the plaintiff may choose the court of any one of them
  (Art. 40(1)(h));
- administrative cases: the court where the plaintiff resides, works or has its head office.

First instance belongs to the regional courts since 1 July 2025; which regional court covers an address
comes from ``territory.courts_for_commune``. Choices the law also allows (where the contract is
performed, where real estate lies, the parties' written agreement, …) are not offered online: such a
petition is filed at the court by hand.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from ecourt.cases.models import CaseType, PartyRole
from ecourt.courts.models import Court, CourtLevel

from . import territory


@dataclass
class Verdict:
    ok: bool
    errors: list[str] = field(default_factory=list)
    competent: list[Court] = field(default_factory=list)
    ambiguous: bool = False  # a commune formed from territories of several regional courts

    @property
    def message(self) -> str:
        return " ".join(self.errors)


def determining_role(case_type: str) -> str:
    """Whose address decides: the plaintiff's in an administrative case, the defendant's otherwise."""
    return PartyRole.PLAINTIFF if case_type == CaseType.HC else PartyRole.DEFENDANT


def check(court: Court | None, case_type: str, parties: list[dict[str, Any]], day: datetime.date) -> Verdict:
    """Whether ``court`` has territorial jurisdiction; if not, why, naming the competent court(s)."""
    role = determining_role(case_type)
    deciding = [(i, p) for i, p in enumerate(parties) if p.get("role") == role]
    if court is None:
        return Verdict(False, [_("Choose the court.")])
    if court.level != CourtLevel.REGIONAL or not court.is_active_on(day):
        return Verdict(False, [_("Petitions are filed online at a regional People's Court operating today.")])
    if not deciding:
        who = _("a plaintiff") if role == PartyRole.PLAINTIFF else _("a defendant")
        return Verdict(False, [_("The petition needs %(who)s.") % {"who": who}])
    errors: list[str] = []
    found: dict[int, Court] = {}
    ambiguous = False
    for index, party in deciding:
        commune = str(party.get("commune") or "")
        if territory.commune(commune) is None:
            errors.append(
                _(
                    "Party no. %(n)s: choose the province and the commune or ward of the address; the court's "
                    "jurisdiction is decided by it."
                )
                % {"n": index + 1}
            )
            continue
        courts = territory.courts_for_commune(commune, day)
        if not courts:
            errors.append(
                _(
                    "The court map has no court for %(place)s (the former district courts and their successors "
                    "are not loaded), so the jurisdiction cannot be checked. Please file at the court in person."
                )
                % {"place": territory.place_label(commune)}
            )
            continue
        ambiguous = ambiguous or len(courts) > 1
        for item in courts:
            found.setdefault(item.pk, item)
    competent = sorted(found.values(), key=lambda c: c.code)
    if errors:
        return Verdict(False, errors, competent, ambiguous)
    if court.pk in found:
        return Verdict(True, [], competent, ambiguous)
    names = "; ".join(c.name for c in competent)
    if role == PartyRole.PLAINTIFF:
        reason = _(
            "%(court)s has no jurisdiction: an administrative case goes to the court where the plaintiff "
            "resides or has its head office, that is: %(names)s."
        )
    else:
        reason = _(
            "%(court)s has no jurisdiction: the case goes to the court where the defendant resides or has "
            "its head office, that is: %(names)s."
        )
    return Verdict(False, [reason % {"court": court.name, "names": names}], competent, ambiguous)
