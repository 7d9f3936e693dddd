"""Choosing the language of each request.

Tadrib's users are in Iraq, where many phones are set to English while their owners read
Arabic, so the browser's Accept-Language header is not consulted: the language is the signed-in
person's preference, else the language cookie, else Arabic.
"""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers


class PreferredLanguageMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.supported = dict(settings.LANGUAGES)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        language = self.language_for(request)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", language)
        return response

    def language_for(self, request: HttpRequest) -> str:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.preferred_language in self.supported:
            return user.preferred_language
        from_cookie = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if from_cookie in self.supported:
            return from_cookie
        return settings.LANGUAGE_CODE
