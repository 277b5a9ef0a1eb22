"""Template context: the signed-in user's roles today, so the menu shows what they may use."""

from __future__ import annotations

from dataclasses import dataclass
from typing import cast

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from ecourt.cases.access import REGISTRY

from .models import Role
from .selectors import RolesSummary, roles_summary


@dataclass(frozen=True)
class Menu:
    """The entries of the main menu the user's roles open today."""

    docket: bool
    intake: bool
    assignments: bool
    overview: bool
    positions: list[str]  # "Judge, TAND khu vực 1 - Hà Nội" for each court the user serves in


def menu_for(summary: RolesSummary) -> Menu:
    order = {role: i for i, role in enumerate(Role.values)}
    positions = [
        f"{', '.join(str(Role(r).label) for r in sorted(roles, key=order.__getitem__))} · {summary.court_names[court]}"
        for court, roles in summary.by_court.items()
    ]
    return Menu(
        docket=summary.is_judge or summary.is_clerk,
        intake=any(roles & REGISTRY for roles in summary.by_court.values()),
        assignments=summary.presides_somewhere,
        overview=summary.presides_somewhere,
        positions=positions,
    )


def roles(request: HttpRequest) -> dict[str, object]:
    """``my_roles`` and ``menu``, computed only when a template uses them (partials do not)."""
    if not request.user.is_authenticated:
        return {}
    user = request.user
    summary = SimpleLazyObject(lambda: roles_summary(user))
    return {"my_roles": summary, "menu": SimpleLazyObject(lambda: menu_for(cast(RolesSummary, summary)))}
