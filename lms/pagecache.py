"""Whole pages kept per person in the shared cache, until what they show changes (ADR 0026).

A view opts in by calling ``page_cache_keep`` before it reads anything, naming the namespaces
(``lms.caching``) its page is computed from and, later, the moments at which it would change by
itself (a release date, a session starting). The middleware keeps the page under those
namespaces' versions and the person's own namespace, which the apps forget whenever the person's
enrolments, results, attendance, certificates, name or roles change
(``person_pages_forget``). A request for the same address by the same person, in the same
language, is then answered from one cache read, without the view.

What makes a kept page safe to serve again:
- it is kept per person (signed-out visitors share one), language, host, scheme and address, and
  under the code's version, so a deployment never serves pages of the previous code;
- only a GET or HEAD without a query string (keys nobody can invent), for a view marked
  ``page_cache_may_keep``, answered 200 with HTML by it having opted in, with no cookie set and no
  message to show, is kept (and only those are looked up);
- the CSRF tokens in it are taken out and each answer gets the current session's own;
- it is forgotten by version (any change), by time (``MAX_AGE``, midnight, the moments named), and
  a value from before a change is never read after the change commits (``lms.caching``).
"""

import datetime
import hashlib
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import _unmask_cipher_token, get_token
from django.urls import Resolver404, resolve
from django.utils import timezone
from django.utils.translation import get_language

from lms.caching import cached_forget_many, version_key, versions_read

# What no name or role change is announced for (hubs', governorates' and people's names shown
# to others) is at most this old.
MAX_AGE = 10 * 60
# The tokens of Django's {% csrf_token %} and get_token(): 64 letters and digits.
_CSRF_TOKEN = re.compile(rb"(?<![A-Za-z0-9])[A-Za-z0-9]{64}(?![A-Za-z0-9])")
# Stands for the CSRF token in a kept page; a NUL never comes out of a template.
_TOKEN_PLACE = b"\x00csrf\x00"
_CODE_DIRS = ("lms", "courses", "content", "certification", "analytics")
_CODE_SUFFIXES = (".py", ".html", ".mo", ".js", ".css")


def _person_namespace(person_id: int | str) -> str:
    return f"lms:pages:person:{person_id}"


def person_pages_forget(*, person_ids) -> None:
    """Every kept page of these people is read anew: call it after a change of what their pages
    show that the signals do not announce (bulk writes)."""
    cached_forget_many(_person_namespace(pk) for pk in person_ids)


def on_person_saved(sender, instance, **kwargs) -> None:
    """A person's name, language or account changed (the header, every page of theirs)."""
    person_pages_forget(person_ids=[instance.pk])


def on_person_roles_changed(sender, instance, action: str, pk_set, reverse: bool, **kwargs) -> None:
    """A person's roles (groups) changed, from the person's side or the group's."""
    if action.startswith("post_"):
        person_pages_forget(person_ids=list(pk_set or []) if reverse else [instance.pk])


_always: list[str] = []


def page_cache_depends_always(namespace: str) -> None:
    """Every kept page shows what ``namespace`` holds (the site's header and footer): higher apps
    register theirs in ``AppConfig.ready``."""
    if namespace not in _always:
        _always.append(namespace)


@dataclass
class _Keeping:
    """What a request's page depends on, once its view opted in."""

    versions: dict[str, str]
    until: datetime.datetime | None = None
    opted_in: bool = False


def page_cache_keep(request: HttpRequest, *, namespaces=(), until=()) -> None:
    """The page this view answers may be kept: it is computed from ``namespaces`` (call before
    reading them) and changes by itself at the moments ``until`` (datetimes; past ones and
    ``None`` are ignored). May be called again to add namespaces and moments."""
    keeping: _Keeping | None = getattr(request, "_page_cache", None)
    if keeping is None:
        return  # a request the middleware does not keep (a query string, a message to show, …)
    keeping.opted_in = True
    page_cache_depends(request, namespaces=namespaces, until=until)


def page_cache_depends(request: HttpRequest, *, namespaces=(), until=()) -> None:
    """What ``page_cache_keep`` adds, without opting the page in: for code that serves many
    views (Wagtail's routing), whose pages opt in themselves."""
    keeping: _Keeping | None = getattr(request, "_page_cache", None)
    if keeping is None:
        return
    missing = [namespace for namespace in namespaces if namespace not in keeping.versions]
    if missing:
        keeping.versions.update(versions_read(missing))
    now = timezone.now()
    for moment in until:
        if moment is not None and moment > now and (keeping.until is None or moment < keeping.until):
            keeping.until = moment


def page_cache_may_keep(view):
    """Marks a view that may keep its page (it calls ``page_cache_keep``): only requests for such
    views are looked up in the cache, so that a package file, the LRS or the admin pay nothing."""
    view.page_cache_may_keep = True
    return view


def _may_keep(request: HttpRequest) -> bool:
    try:
        match = resolve(request.path_info, getattr(request, "urlconf", None))
    except Resolver404:
        return False
    return getattr(match.func, "page_cache_may_keep", False)


def page_cache_refuse(request: HttpRequest) -> None:
    """This request's page must not be kept, whatever its view says."""
    request._page_cache = None


@lru_cache(maxsize=1)
def code_version() -> str:
    """A digest of the code, templates, translations and static files' manifest, read once per
    process: a deployment starts with none of the previous code's pages."""
    digest = hashlib.sha256()
    base = Path(settings.BASE_DIR)
    files = sorted(
        path
        for directory in _CODE_DIRS
        for path in (base / directory).rglob("*")
        if path.suffix in _CODE_SUFFIXES and "__pycache__" not in path.parts
    )
    manifest = Path(settings.STATIC_ROOT or base / "static") / "staticfiles.json"
    for path in [*files, manifest]:
        if path.is_file():
            digest.update(str(path.relative_to(base) if path.is_relative_to(base) else path).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _key(request: HttpRequest) -> str:
    person = request.user.pk if request.user.is_authenticated else "anonymous"
    address = f"{request.scheme}://{request.get_host()}{request.path}"
    digest = hashlib.sha256(address.encode()).hexdigest()[:32]
    return f"lms:page:{code_version()}:{person}:{get_language()}:{digest}"


def _pending_messages(request: HttpRequest) -> bool:
    storage = getattr(request, "_messages", None)
    return storage is not None and len(storage) > 0


def _eligible(request: HttpRequest) -> bool:
    return (
        request.method in ("GET", "HEAD")
        and not request.META.get("QUERY_STRING")
        and hasattr(request, "user")
        and _may_keep(request)
        and not _pending_messages(request)
    )


def _seconds_left(until: datetime.datetime | None) -> int:
    now = timezone.now()
    midnight = datetime.datetime.combine(
        timezone.localdate(now) + datetime.timedelta(days=1), datetime.time(), timezone.get_current_timezone()
    )
    ends = min(moment for moment in (until, midnight, now + datetime.timedelta(seconds=MAX_AGE)) if moment)
    return int((ends - now).total_seconds())


def _without_tokens(request: HttpRequest, body: bytes) -> bytes:
    secret = request.META.get("CSRF_COOKIE")
    if not secret:
        return body
    return _CSRF_TOKEN.sub(
        lambda m: _TOKEN_PLACE if _unmask_cipher_token(m.group().decode()) == secret else m.group(), body
    )


class PageCacheMiddleware:
    """Answers a person's request for a page they were answered before, while nothing it shows
    has changed. Last in ``MIDDLEWARE``: it needs the person and the language, and every other
    middleware still handles what it answers (headers, the CSRF cookie, the session)."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not _eligible(request):
            return self.get_response(request)
        key = _key(request)
        person = _person_namespace(request.user.pk) if request.user.is_authenticated else None
        base = [*_always, *([person] if person else [])]
        # The kept page and the versions every page depends on, in one round trip.
        found = cache.get_many([key, *map(version_key, base)])
        kept = found.pop(key, None)
        if kept is not None and self._current(kept[0], found):
            return self._answer(request, kept)
        request._page_cache = _Keeping(versions=versions_read(base, found=found))
        response = self.get_response(request)
        if request._page_cache is not None:
            self._keep(request, key, response)
        return response

    @staticmethod
    def _current(versions: dict[str, str], found: dict[str, str]) -> bool:
        """Whether every namespace the page was kept under still has the same version."""
        others = [version_key(namespace) for namespace in versions if version_key(namespace) not in found]
        if others:
            found = {**found, **cache.get_many(others)}
        return all(found.get(version_key(namespace)) == version for namespace, version in versions.items())

    @staticmethod
    def _answer(request: HttpRequest, kept: tuple) -> HttpResponse:
        _versions, headers, body = kept
        if _TOKEN_PLACE in body:
            body = body.replace(_TOKEN_PLACE, get_token(request).encode())
        return HttpResponse(body, headers=headers)

    @staticmethod
    def _keep(request: HttpRequest, key: str, response: HttpResponse) -> None:
        keeping: _Keeping = request._page_cache
        if not (
            keeping.opted_in
            and response.status_code == 200
            and not response.streaming
            and not response.cookies
            and response.get("Content-Type", "").startswith("text/html")
            and not _pending_messages(request)
        ):
            return
        seconds = _seconds_left(keeping.until)
        if seconds < 1:
            return
        headers = {name: value for name, value in response.items() if name.lower() != "content-length"}
        cache.set(key, (keeping.versions, headers, _without_tokens(request, response.content)), seconds)
