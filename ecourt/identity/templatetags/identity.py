"""The national e-ID button of the sign-in page, shown only when a provider is configured."""

from __future__ import annotations

from typing import Any

from django import template

from ecourt.identity.services import oidc_enabled

register = template.Library()


@register.inclusion_tag("identity/oidc_button.html", takes_context=True)
def oidc_button(context: dict[str, Any]) -> dict[str, Any]:
    return {"enabled": oidc_enabled(), "next": context.get("next", "")}
