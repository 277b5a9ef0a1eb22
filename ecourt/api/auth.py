"""The signed-in user of an API request, typed."""

from __future__ import annotations

from rest_framework.exceptions import NotAuthenticated
from rest_framework.request import Request

from ecourt.people.models import User


def signed_in_user(request: Request) -> User:
    """``request.user`` on an endpoint that requires authentication (the default permission)."""
    user = request.user
    if not isinstance(user, User) or not user.is_authenticated:
        raise NotAuthenticated
    return user
