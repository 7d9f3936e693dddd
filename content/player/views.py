"""Thin views of the player.

On the LMS origin (signed in): ``play_activity`` opens the trainee's attempt and frames the player.
On the content origin (never signed in, the launch token is the only credential): the player frame,
its launch data and commits, and the package files.
"""

import json
import mimetypes
import posixpath
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils import translation
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from content.lrs.auth import authenticate
from content.lrs.services import launch_token_issue
from content.packages.models import ContentPackage, ContentPackageVersion
from content.runtime.models import Attempt
from content.runtime.queries import launch_payload
from content.runtime.services import CommitBusy, CommitRefused, actor_for, attempt_open, runtime_commit
from courses import api as courses_api

from .origin import content_origin, frameable_by_lms, is_content_host, lms_origin

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
    token = launch_token_issue(
        actor=actor_for(request.user), registration=attempt.registration, activity_id=str(activity.pk)
    )
    query = urlencode({"lang": translation.get_language() or "ar"})
    frame_url = f"{content_origin()}/play/c/run/?{query}#{urlencode({'t': token})}"
    response = render(
        request,
        "content/player/play.html",
        {
            "package": package,
            "activity": activity,
            "attempt": attempt,
            "frame_url": frame_url,
            "token": token,
            "content_origin": content_origin(),
        },
    )
    response._csp_update = {"frame-src": [content_origin()]}
    response["Cache-Control"] = "no-store"
    return response


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
    language = request.GET.get("lang", "ar")
    if language not in {code for code, _name in _languages()}:
        language = "ar"
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


def _languages():
    from django.conf import settings

    return settings.LANGUAGES


@require_GET
def launch_data(request: HttpRequest) -> JsonResponse:
    _only_on_content_host(request)
    attempt = _attempt_for(request)
    if attempt is None:
        return JsonResponse({"error": "unauthorised"}, status=401)
    payload = launch_payload(attempt)
    payload["attempt"] = str(attempt.registration)
    payload["files"] = f"/play/c/files/{_folder(attempt.version)}/"
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
            session=int(data.get("session") or 0),
            is_terminate=bool(data.get("terminate")),
        )
    except CommitBusy:
        return JsonResponse({"result": False, "errorCode": 503}, status=503)
    except (ValueError, TypeError, AttributeError, CommitRefused) as error:
        return JsonResponse({"result": False, "errorCode": 400, "message": str(error)}, status=400)
    return JsonResponse(
        {"result": True, "errorCode": 0, "sequence": stored.sequence, "applied": stored.applied}
    )


def _folder(version: ContentPackageVersion) -> str:
    return version.storage_prefix.rstrip("/").rpartition("/")[2]


@require_GET
def package_file(request: HttpRequest, folder: str, path: str) -> HttpResponse:
    """A file of a package version, by the version's unguessable storage folder."""
    _only_on_content_host(request)
    version = get_object_or_404(ContentPackageVersion, storage_prefix__endswith=f"/{folder}/")
    clean = posixpath.normpath(path)
    if clean.startswith(("/", "..")) or "\\" in clean or clean in (".", ""):
        raise Http404
    name = version.file_path(clean)
    try:
        handle = default_storage.open(name, "rb")
    except (FileNotFoundError, OSError):
        raise Http404 from None
    # The encoding (a ".gz" file) is not announced: the file is served as stored.
    content_type, _encoding = mimetypes.guess_type(clean)
    if content_type is None:
        content_type = "application/octet-stream"
    response = FileResponse(handle, content_type=content_type)
    response["Cache-Control"] = "private, max-age=3600"
    return frameable_by_lms(response)
