"""The server-error page, rendered when anything may be broken — the database included.

Django's own ``server_error`` renders ``500.html`` in whatever language happens to be active.
When the database is down, the language middleware fails before it has chosen one (it reads the
signed-in person's preference), so this handler chooses again from what needs no database: the
language already chosen for this request, else the language cookie, else the site's default.
The 403 and 404 pages are Django's own handlers with our templates (``templates/40x.html``).
"""

from django.conf import settings
from django.http import HttpRequest, HttpResponseServerError
from django.template import loader
from django.utils import translation


def language_without_database(request: HttpRequest) -> str:
    supported = dict(settings.LANGUAGES)
    for language in (
        getattr(request, "LANGUAGE_CODE", None),
        request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME),
    ):
        if language in supported:
            return language
    return settings.LANGUAGE_CODE


def server_error(request: HttpRequest, template_name: str = "500.html") -> HttpResponseServerError:
    language = language_without_database(request)
    with translation.override(language):
        # Rendered without the request, so that no context processor runs (they read the database).
        body = loader.get_template(template_name).render({"retry_url": request.get_full_path()})
    return HttpResponseServerError(body, headers={"Content-Language": language})
