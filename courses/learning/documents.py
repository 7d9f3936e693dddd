"""Who may download a course document (a Wagtail document attached to a "file" activity).

Wagtail serves every document through its own view (``WAGTAILDOCS_SERVE_METHOD = "serve_view"``)
and asks the ``before_serve_document`` hooks first. Here: staff who manage documents in the admin
may download any; anyone else only a document of an activity they may open now (enrolled in its
course, its release conditions met — the rule of ``rules.activity_locked_reason``). Signed-out
visitors are sent to sign in; everyone else is refused.
"""

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from wagtail import hooks
from wagtail.documents import get_document_model
from wagtail.permissions import policy_registry

from courses.learning import completion
from courses.models import Activity
from courses.rules import activity_locked_reason

DOCUMENT_STAFF_ACTIONS = ["add", "change", "choose"]


def document_may_download(*, user, document_id: int) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    if policy_registry.get_by_type(get_document_model()).user_has_any_permission(
        user, DOCUMENT_STAFF_ACTIONS
    ):
        return True
    for activity in Activity.objects.filter(document_id=document_id).select_related(
        "module", "released_after"
    ):
        enrolment = completion.current_enrolment(user_id=user.pk, course_id=activity.module.course_id)
        if enrolment is not None and activity_locked_reason(enrolment=enrolment, activity=activity) is None:
            return True
    return False


@hooks.register("before_serve_document")
def document_serve_check(document, request: HttpRequest) -> HttpResponse | None:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not document_may_download(user=request.user, document_id=document.pk):
        raise PermissionDenied
    return None
