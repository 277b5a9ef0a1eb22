"""Project-wide middleware that belongs to no single app."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

API_PREFIX = "/api/"


class VietnameseFirstMiddleware:
    """Pages are Vietnamese unless the user chose English with the language switch.

    Django's LocaleMiddleware would otherwise follow the browser's Accept-Language, and many officials'
    browsers are set to English; the choice made on the switch (the language cookie) still wins. The
    API keeps HTTP's negotiation: a program asks for the language of its labels with Accept-Language.
    Placed just before LocaleMiddleware.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path_info.startswith(API_PREFIX):
            request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)
