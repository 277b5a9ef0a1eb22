"""Template context: the signed-in user's roles today, so the menu shows what they may use."""

from __future__ import annotations

from django.http import HttpRequest

from .selectors import roles_summary


def roles(request: HttpRequest) -> dict[str, object]:
    if not request.user.is_authenticated:
        return {}
    return {"my_roles": roles_summary(request.user)}
