"""Thin views of the player.

On the LMS origin (signed in): ``play_activity`` opens the trainee's attempt and frames the player.
On the content origin (never signed in, the launch token is the only credential): the player frame,
its launch data and commits, and the package files.
"""

import json
import mimetypes
import posixpath
import re
import uuid
from urllib.parse import quote, urlencode, urlsplit

from django.contrib.auth.decorators import login_required
from django.core.files.storage import default_storage
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import translation
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from content import conf
from content.handlers import XAPI_KINDS, XapiHandler, xapi_handler_for
from content.lrs.auth import authenticate
from content.lrs.conf import setting as lrs_setting
from content.lrs.services import launch_token_issue
from content.packages.access import packages_in_reach
from content.packages.models import ContentItem, ContentPackage, ContentPackageVersion
from content.runtime.cmi5 import token_fetch
from content.runtime.models import Attempt
from content.runtime.navigation import attempt_navigate
from content.runtime.queries import item_start_data, launch_payload
from content.runtime.services import (
    CommitBusy,
    CommitRefused,
    actor_for,
    attempt_open,
    preview_open,
    runtime_commit,
)
from content.runtime.structure import Node, item_tree
from content.runtime.xapi import XapiLaunch, xapi_item_done, xapi_launch
from courses import api as courses_api
from lms.api import storage_out_of_reach, stored_file_response

from .origin import content_origin, frame_language, frameable_by_lms, is_content_host, lms_origin

MAX_COMMIT_BYTES = 512 * 1024


def _not_on_content_host(request: HttpRequest) -> None:
    if is_content_host(request):
        raise Http404


def _only_on_content_host(request: HttpRequest) -> None:
    if not is_content_host(request):
        raise Http404


# --- LMS origin ---------------------------------------------------------------------------------


@login_required
@require_GET
def play_activity(request: HttpRequest, activity_id: int) -> HttpResponse:
    _not_on_content_host(request)
    package = ContentPackage.objects.filter(activity_id=activity_id).order_by("-updated_at").first()
    if package is None or package.current_version is None:
        raise Http404
    activity = package.activity
    # Only trainees enrolled in the course, once the activity's release conditions hold.
    locked = courses_api.activity_locked_reason(user_id=request.user.pk, activity_id=activity.pk)
    if locked:
        return render(
            request, "content/player/locked.html", {"activity": activity, "reason": locked}, status=403
        )
    attempt = attempt_open(user=request.user, activity=activity)
    return _player(request, package, attempt, title=activity.title)


@login_required
@require_GET
def preview_package(request: HttpRequest, package_id: int) -> HttpResponse:
    """An instructor tries the package's newest version: nothing it sends is kept."""
    _not_on_content_host(request)
    package = get_object_or_404(packages_in_reach(request.user), pk=package_id)
    try:
        attempt = preview_open(user=request.user, package=package)
    except ContentPackage.DoesNotExist:
        raise Http404 from None
    return _player(request, package, attempt, title=package.title)


def _player(request: HttpRequest, package: ContentPackage, attempt: Attempt, *, title: str) -> HttpResponse:
    if attempt.version.kind in XAPI_KINDS:
        return _play_xapi(request, package, attempt, title=title)
    token = launch_token_issue(
        actor=actor_for(request.user),
        registration=attempt.registration,
        activity_id=str(attempt.activity_id or ""),
        is_preview=attempt.is_preview,
    )
    query = urlencode({"lang": translation.get_language() or "ar"})
    frame_url = f"{content_origin()}/play/c/run/?{query}#{urlencode({'t': token})}"
    context = {
        "package": package,
        "title": title,
        "attempt": attempt,
        "frame_url": frame_url,
        "token": token,
        # The outbox renews the token ahead of its end (an exam-time outage, ADR 0025).
        "token_seconds": lrs_setting("LRS_LAUNCH_TOKEN_SECONDS"),
        "content_origin": content_origin(),
    }
    return _framing(render(request, "content/player/play.html", context))


def _framing(response: HttpResponse) -> HttpResponse:
    response._csp_update = {"frame-src": [content_origin()]}
    response["Cache-Control"] = "no-store"
    return response


def _play_xapi(
    request: HttpRequest, package: ContentPackage, attempt: Attempt, *, title: str
) -> HttpResponse:
    """cmi5 AUs, Tin Can activities and H5P content: one item at a time, chosen from the contents."""
    every_item = list(attempt.version.items.all())
    items = [item for item in every_item if item.is_launchable]
    if not items:
        raise Http404
    chosen = request.GET.get("item", "")
    item = next((i for i in items if str(i.position) == chosen), None) or next(
        (i for i in items if not xapi_item_done(attempt, i)), items[0]
    )
    language = translation.get_language() or "ar"
    files = f"{content_origin()}/play/c/files/{_folder(attempt.version)}/"
    handler = xapi_handler_for(attempt.version.kind)
    descriptor = handler.launch(
        {"identifier": item.identifier, "launch_path": item.launch_url, "data": item.data or {}}
    )
    if descriptor.runtime == "h5p":
        # Played by h5p-standalone in a frame page of ours, which reads its launch from the token.
        launch = xapi_launch(
            attempt=attempt, item=item, launch_url=files + item.launch_url, language=language
        )
        frame_url = (
            f"{content_origin()}{reverse('content:h5p_frame')}?{urlencode({'lang': language})}"
            f"#{urlencode({'t': launch.token})}"
        )
    else:
        address = item.launch_url if urlsplit(item.launch_url).scheme else files + item.launch_url
        closed = f"{content_origin()}{reverse('content:lesson_closed')}?{urlencode({'lang': language})}"
        launch = xapi_launch(
            attempt=attempt, item=item, launch_url=address, return_url=closed, language=language
        )
        frame_url = with_query(address, _launch_parameters(attempt, launch, handler))
    own_window = descriptor.method == "own_window"
    context = {
        "package": package,
        "title": title,
        "attempt": attempt,
        "parts": _parts(attempt, item_tree(every_item), current=item) if len(items) > 1 else [],
        "frame_url": frame_url,
        "own_window": own_window,
        # Asked again when the lesson says it ended (its returnURL page), so the line stops saying "Started".
        "status_url": "" if attempt.is_preview else _status_url(attempt, item),
        # H5P hands its statements to this page's outbox, kept until sent (nothing to keep in a preview).
        "outbox": {"token": launch.token} if descriptor.runtime == "h5p" and not attempt.is_preview else None,
        "content_origin": content_origin(),
    }
    return _framing(render(request, "content/player/play_xapi.html", context))


def _status_url(attempt: Attempt, item: ContentItem) -> str:
    query = urlencode({"item": item.position})
    return f"{reverse('content:lesson_status', args=[attempt.activity_id])}?{query}"


@login_required
@require_GET
def lesson_status(request: HttpRequest, activity_id: int) -> HttpResponse:
    """The status line and contents of the trainee's current attempt, after its lesson ended.

    Reads only: no session is opened (that would abandon the one that just ended, cmi5 9.3.6).
    """
    _not_on_content_host(request)
    attempt = (
        Attempt.objects.select_related("version")
        .filter(user=request.user, activity_id=activity_id, is_reset=False, is_preview=False)
        .order_by("-updated_at")
        .first()
    )
    if attempt is None or attempt.version.kind not in XAPI_KINDS:
        raise Http404
    every_item = list(attempt.version.items.all())
    current = next((i for i in every_item if str(i.position) == request.GET.get("item", "")), None)
    context = {
        "attempt": attempt,
        "ended": True,
        "parts": _parts(attempt, item_tree(every_item), current=current)
        if sum(i.is_launchable for i in every_item) > 1
        else [],
    }
    response = render(request, "content/player/lesson_status.html", context)
    response["Cache-Control"] = "no-store"
    return response


def _parts(attempt: Attempt, nodes: list[Node], *, current: ContentItem | None) -> list[dict]:
    """The contents, nested as the package has them: the items to open, and the blocks with their
    titles, done when everything in them is (a cmi5 block is then satisfied, 9.3.9)."""
    parts = []
    for node in nodes:
        children = _parts(attempt, node.children, current=current)
        if node.item.is_launchable:
            done = xapi_item_done(attempt, node.item)
        elif children:
            done = all(child["done"] for child in children)
        else:
            continue  # a Tin Can activity that does not launch (a question of the course) is no part
        parts.append({"item": node.item, "done": done, "current": node.item == current, "children": children})
    return parts


def _launch_parameters(attempt: Attempt, launch: XapiLaunch, handler: XapiHandler) -> dict[str, str]:
    """The launch address's parameters, as the format wants them (cmi5 8.1, Tin Can's convention)."""
    fetch = (
        f"{content_origin()}{reverse('content:cmi5_fetch', args=[launch.fetch_code])}"
        if launch.fetch_code
        else ""
    )
    return handler.launch_parameters(
        endpoint=f"{content_origin()}/xapi/",
        actor=json.dumps(actor_for(attempt.user), separators=(",", ":")),
        registration=str(attempt.registration),
        activity_id=launch.activity_id,
        token=launch.token,
        fetch=fetch,
    )


def with_query(address: str, parameters: dict[str, str]) -> str:
    """The address with the parameters added to its query string, before any fragment."""
    base, hash_mark, fragment = address.partition("#")
    joined = base + ("&" if "?" in base else "?") + urlencode(parameters, quote_via=quote)
    return joined + hash_mark + fragment


# --- Content origin -----------------------------------------------------------------------------


def _attempt_for(request: HttpRequest) -> Attempt | None:
    credential = authenticate(request.headers.get("Authorization", ""))
    if credential is None or credential.registration is None:
        return None
    return (
        Attempt.objects.select_related("version", "user")
        .filter(registration=credential.registration, is_reset=False)
        .first()
    )


@require_GET
def player_frame(request: HttpRequest) -> HttpResponse:
    _only_on_content_host(request)
    language = frame_language(request)
    with translation.override(language):
        response = render(
            request,
            "content/player/frame.html",
            {
                "language": language,
                "direction": "rtl" if translation.get_language_bidi() else "ltr",
                "lms_origin": lms_origin(),
            },
        )
    response["Cache-Control"] = "no-store"
    return frameable_by_lms(response)


@csrf_exempt
@require_http_methods(["POST"])
def cmi5_fetch(request: HttpRequest, code: str) -> JsonResponse:
    """The cmi5 one-time fetch URL: the session's auth token the first time, an error after (8.2)."""
    _only_on_content_host(request)
    token = token_fetch(code=code)
    if token is None:
        # cmi5 8.2.1: errors are answered with 200 too, in the body.
        body = {
            "error-code": "1",
            "error-text": "The authorization token has already been returned or expired.",
        }
        return JsonResponse(body, headers={"Cache-Control": "no-store"})
    return JsonResponse({"auth-token": token}, headers={"Cache-Control": "no-store"})


@require_GET
def lesson_closed(request: HttpRequest) -> HttpResponse:
    """Where a cmi5 AU sends the trainee when it ends (its returnURL), inside the player frame."""
    _only_on_content_host(request)
    with translation.override(frame_language(request)):
        response = render(request, "content/player/closed.html", {"lms_origin": lms_origin()})
    return frameable_by_lms(response)


@require_GET
def launch_data(request: HttpRequest) -> JsonResponse:
    _only_on_content_host(request)
    attempt = _attempt_for(request)
    if attempt is None:
        return JsonResponse({"error": "unauthorised"}, status=401)
    payload = launch_payload(attempt)
    payload["attempt"] = str(attempt.registration)
    payload["files"] = f"/play/c/files/{_folder(attempt.version)}/"
    payload["endpoint"] = f"{content_origin()}/xapi/"
    response = JsonResponse(payload)
    response["Cache-Control"] = "no-store"
    return response


@csrf_exempt
@require_http_methods(["POST"])
def commit(request: HttpRequest) -> JsonResponse:
    """One commit of the runtime. Authorised by the launch token alone (no cookie is trusted here)."""
    _only_on_content_host(request)
    return _commit(request)


@csrf_exempt
@require_http_methods(["POST"])
def commit_outbox(request: HttpRequest) -> JsonResponse:
    """The same commit, sent by the LMS page's outbox (its durable queue) to its own origin.

    The launch token is the only credential, as on the content origin: the session cookie is
    neither needed nor consulted, so no CSRF token is either (a cross-site form cannot set the
    Authorization header).
    """
    _not_on_content_host(request)
    return _commit(request)


@require_POST
def launch_token_renew(request: HttpRequest) -> JsonResponse:
    """A fresh launch token for the outbox of a SCORM lesson whose token ran out while it was open
    (an exam-time outage of hours, ADR 0025): the trainee's session on the LMS origin, and CSRF,
    vouch for it; only for the trainee's own attempt, not reset. The outbox hands it on to the
    player frame (SCORM 2004 navigation, the closing commit), which never sees the session."""
    _not_on_content_host(request)
    if not request.user.is_authenticated:
        # A session gone during the outage is a refusal the outbox must see as one (it stops
        # asking, the commits stay queued), not a redirect to the sign-in page that fetch follows.
        return JsonResponse({"error": "signed out"}, status=401, headers={"Cache-Control": "no-store"})
    try:
        registration = uuid.UUID(str(request.POST.get("registration", "")))
    except ValueError:
        return JsonResponse({"error": "bad registration"}, status=400)
    attempt = Attempt.objects.filter(registration=registration, user=request.user, is_reset=False).first()
    if attempt is None:
        return JsonResponse({"error": "no such attempt"}, status=404)
    token = launch_token_issue(
        actor=actor_for(request.user),
        registration=attempt.registration,
        activity_id=str(attempt.activity_id or ""),
        is_preview=attempt.is_preview,
    )
    return JsonResponse({"token": token}, headers={"Cache-Control": "no-store"})


def _commit(request: HttpRequest) -> JsonResponse:
    attempt = _attempt_for(request)
    if attempt is None:
        return JsonResponse({"result": False, "errorCode": 403}, status=401)
    if len(request.body) > MAX_COMMIT_BYTES:
        return JsonResponse({"result": False, "errorCode": 413}, status=413)
    try:
        data = json.loads(request.body)
        stored = runtime_commit(
            attempt=attempt,
            sequence=data.get("sequence"),
            item_identifier=str(data.get("item", "")),
            cmi=data.get("cmi"),
            session=data.get("session"),
            is_terminate=bool(data.get("terminate")),
        )
    except CommitBusy:
        return JsonResponse({"result": False, "errorCode": 503}, status=503)
    # RecursionError: JSON nested thousands of levels deep.
    except (ValueError, TypeError, AttributeError, RecursionError, CommitRefused) as error:
        return JsonResponse({"result": False, "errorCode": 400, "message": str(error)}, status=400)
    return JsonResponse(
        {"result": True, "errorCode": 0, "sequence": stored.sequence, "applied": stored.applied}
    )


@csrf_exempt
@require_http_methods(["POST"])
def navigate(request: HttpRequest) -> JsonResponse:
    """A SCORM 2004 navigation request of the player, after the commit that ends the current part.

    The server's sequencing engine decides what is shown next (ADR 0018); the answer also says what
    the player may offer now and, for the part to show, the data its new session starts from.
    """
    _only_on_content_host(request)
    attempt = _attempt_for(request)
    if attempt is None:
        return JsonResponse({"error": "unauthorised"}, status=401)
    if len(request.body) > MAX_COMMIT_BYTES:
        return JsonResponse({"error": "too large"}, status=413)
    try:
        data = json.loads(request.body)
        if not isinstance(data, dict):
            raise ValueError("A navigation request is a JSON object.")
        result = attempt_navigate(
            attempt=attempt,
            request=str(data.get("request", "")),
            target=str(data.get("target", ""))[:2000],
            commit=data.get("commit"),
        )
    except CommitBusy:
        return JsonResponse({"error": "busy"}, status=503)
    except (ValueError, TypeError, AttributeError, RecursionError, CommitRefused) as error:
        return JsonResponse({"error": str(error) or "malformed request"}, status=400)
    attempt.refresh_from_db()
    payload = {
        "deliver": result.deliver,
        "ended": result.ended,
        "reason": result.reason,
        "refused": result.refused,
        "offer": result.offer,
        "start": None,
    }
    if result.deliver:
        item = attempt.version.items.filter(identifier=result.deliver, is_launchable=True).first()
        if item is not None:
            payload["start"] = item_start_data(attempt, item)
    response = JsonResponse(payload)
    response["Cache-Control"] = "no-store"
    return response


def _folder(version: ContentPackageVersion) -> str:
    return version.storage_prefix.rstrip("/").rpartition("/")[2]


# A version's storage folder is ``uuid4().hex`` (content.packages.services._new_prefix).
FOLDER = re.compile(r"[0-9a-f]{32}")
# The only uploads served to anyone: Wagtail's images (originals and renditions). Bulk lists,
# documents and package files are never served from storage by their name.
PUBLIC_MEDIA_FOLDERS = ("images", "original_images")


def _safe_relative(path: str) -> str | None:
    """``path`` normalised, or None when it climbs out, is absolute or holds control characters."""
    if any(ord(c) < 32 or ord(c) == 127 for c in path) or "\\" in path:
        return None
    clean = posixpath.normpath(path)
    if clean.startswith(("/", "..")) or clean in (".", ""):
        return None
    return clean


def _stored_file(request: HttpRequest, name: str, relative: str) -> HttpResponse:
    # The encoding (a ".gz" file) is not announced: the file is served as stored.
    content_type, _encoding = mimetypes.guess_type(relative)
    try:
        # Local disk or object storage alike, streamed through this view (ADR 0021).
        return stored_file_response(
            default_storage, name, request=request, content_type=content_type or "application/octet-stream"
        )
    except (OSError, ValueError) as error:  # a name the disk refuses (too long, a NUL byte)
        if storage_out_of_reach(error):
            # botocore's timeouts are OSErrors too: an outage, answered 503 (ADR 0024), not 404.
            raise
        raise Http404 from None


@require_GET
def package_file(request: HttpRequest, folder: str, path: str) -> HttpResponse:
    """A file of a package version, by the version's unguessable storage folder."""
    _only_on_content_host(request)
    clean = _safe_relative(path)
    if not FOLDER.fullmatch(folder) or clean is None:
        raise Http404
    root = conf.get("CONTENT_STORAGE_PREFIX").strip("/")
    version = get_object_or_404(ContentPackageVersion, storage_prefix=f"{root}/{folder}/")
    response = _stored_file(request, version.file_path(clean), clean)
    response["Cache-Control"] = "private, max-age=3600"
    return frameable_by_lms(response)


@require_GET
def public_media(request: HttpRequest, path: str) -> HttpResponse:
    """An uploaded image (MEDIA_URL), on the content origin only, and nothing else of the media."""
    _only_on_content_host(request)
    clean = _safe_relative(path)
    if clean is None or clean.split("/", 1)[0] not in PUBLIC_MEDIA_FOLDERS:
        raise Http404
    response = _stored_file(request, clean, clean)
    # Even an image that is really a page could not run: no script, no plugin, its own origin.
    response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; sandbox"
    response["Cache-Control"] = "public, max-age=86400"
    return response
