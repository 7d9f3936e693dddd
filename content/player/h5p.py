"""The H5P player frame, on the content origin: h5p-standalone plays the package's folder.

The LMS page frames ``/play/c/h5p/?lang=…#t=<launch token>``. The page's script takes the token
from the address, asks ``/play/c/api/launch/`` for the attempt (package folder, LRS endpoint,
actor, registration, activity IRI), restores the saved state from the LRS's State resource and
sends every xAPI statement H5P makes to the LMS page's outbox (which keeps it in that origin's
storage until the LRS has it: answers given offline survive a closed tab), or, when no outbox
answers (the frame opened alone), to the LRS on this same origin. No cookie is read or set here:
the token is the only credential.
"""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.views.decorators.http import require_GET

from .origin import frame_language, frameable_by_lms, is_content_host, lms_origin


@require_GET
def h5p_frame(request: HttpRequest) -> HttpResponse:
    if not is_content_host(request):
        raise Http404
    language = frame_language(request)
    with translation.override(language):
        response = render(
            request,
            "content/player/h5p.html",
            {
                "language": language,
                "direction": "rtl" if translation.get_language_bidi() else "ltr",
                "lms_origin": lms_origin(),
            },
        )
    response["Cache-Control"] = "no-store"
    # frameable_by_lms replaces the site-wide policy: h5p-standalone writes the player's inner
    # frame with inline scripts, and H5P libraries load their own scripts and styles.
    return frameable_by_lms(response)
