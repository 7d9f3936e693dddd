"""Public views, no sign-in: the verification page, the status list, the issuer's DID document."""

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from certification.credentials.badges import did_document, status_list_credential
from certification.credentials.badges.statuslist import STATUS_LIST_SIZE
from certification.credentials.models import Certificate, IssuingRule
from certification.credentials.verification import absolute
from certification.credentials.verification.lookup import code_clean, verdict_for
from certification.credentials.verification.throttle import lookup_allowed, miss_record


@require_GET
def verify(request: HttpRequest) -> HttpResponse:
    """The form for a typed code; a code given goes to its own address (the one in the QR code)."""
    typed = request.GET.get("code", "")
    if typed:
        code = code_clean(typed)
        if code is not None:
            return redirect("certificates:verify_code", code=code)
        return render(
            request, "certification/verify.html", {"typed": typed[:40], "unknown": True}, status=404
        )
    return render(request, "certification/verify.html", {})


@require_GET
def verify_code(request: HttpRequest, code: str) -> HttpResponse:
    if not lookup_allowed(request):
        return render(request, "certification/verify.html", {"throttled": True}, status=429)
    clean = code_clean(code)
    verdict = verdict_for(clean) if clean else None
    if verdict is None:
        miss_record(request)
        # The same answer whatever was wrong with the code: nothing to learn by guessing.
        return render(request, "certification/verify.html", {"typed": code[:40], "unknown": True}, status=404)
    return render(request, "certification/verify.html", {"verdict": verdict})


@require_GET
@cache_control(max_age=300, public=True)
def status_list(request: HttpRequest, number: int) -> JsonResponse:
    """The signed Bitstring Status List credential of revoked certificates ``number``."""
    first = number * STATUS_LIST_SIZE
    revoked = Certificate.objects.filter(
        state=Certificate.State.REVOKED, pk__gte=first, pk__lt=first + STATUS_LIST_SIZE
    ).values_list("pk", flat=True)
    url = absolute(reverse("certificates:status_list", args=[number]))
    credential = status_list_credential(url=url, revoked_indexes={pk - first for pk in revoked})
    return JsonResponse(credential, content_type="application/vc+ld+json")


@require_GET
def did_json(request: HttpRequest) -> JsonResponse:
    return JsonResponse(did_document(), content_type="application/did+ld+json")


@require_GET
def achievement(request: HttpRequest, rule_id: int) -> JsonResponse:
    """The public description of what a certificate attests (an OB 3.0 Achievement)."""
    rule = IssuingRule.objects.filter(pk=rule_id).select_related("course", "programme").first()
    if rule is None:
        raise Http404
    name = str(rule.course or rule.programme)
    return JsonResponse(
        {
            "@context": [
                "https://www.w3.org/ns/credentials/v2",
                "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
            ],
            "id": request.build_absolute_uri(),
            "type": ["Achievement"],
            "name": name,
            "description": name,
            "criteria": {"narrative": name},
        }
    )
