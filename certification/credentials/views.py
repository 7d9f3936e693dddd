"""A trainee's own certificates and training records: download, credential, LinkedIn, My learning."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from certification.credentials.models import Certificate, TrainingRecord
from certification.credentials.queries import certificates_of
from certification.credentials.services import training_record_issue
from certification.credentials.verification import verify_url
from lms import api as lms_api
from lms.api import stored_file_response

SHOWN = (Certificate.State.ISSUED, Certificate.State.REVOKED, Certificate.State.REPLACED)


def _own_certificate(request: HttpRequest, serial: str) -> Certificate:
    # Another person's serial is answered exactly like an unknown one.
    certificate = Certificate.objects.filter(serial=serial, user=request.user, state__in=SHOWN).first()
    if certificate is None or not certificate.pdf:
        raise Http404
    return certificate


@login_required
@require_GET
def certificate_pdf(request: HttpRequest, serial: str) -> HttpResponse:
    certificate = _own_certificate(request, serial)
    pdf = certificate.pdf
    return stored_file_response(
        pdf.storage, pdf.name, request=request, as_attachment=True, filename=f"{certificate.serial}.pdf"
    )


@login_required
@require_GET
def certificate_credential(request: HttpRequest, serial: str) -> JsonResponse:
    """The signed Open Badge, to keep in a wallet or hand to an employer."""
    certificate = _own_certificate(request, serial)
    response = JsonResponse(certificate.credential, content_type="application/vc+ld+json")
    response["Content-Disposition"] = f'attachment; filename="{certificate.serial}.json"'
    return response


def linkedin_url(certificate: Certificate) -> str:
    """LinkedIn's "add licence or certification" form, filled in."""
    query = {
        "startTask": "CERTIFICATION_NAME",
        "name": certificate.facts.get("course", ""),
        "organizationName": "Tadrib",
        "issueYear": certificate.issued_at.year,
        "issueMonth": certificate.issued_at.month,
        "certId": certificate.serial,
        "certUrl": verify_url(certificate.serial),
    }
    if certificate.expires_at:
        query |= {
            "expirationYear": certificate.expires_at.year,
            "expirationMonth": certificate.expires_at.month,
        }
    return "https://www.linkedin.com/profile/add?" + urlencode(query)


@login_required
@require_POST
def training_record_new(request: HttpRequest) -> HttpResponse:
    record = training_record_issue(user_id=request.user.pk)
    if record is None:
        messages.error(request, _("You have not completed a course yet."))
        return redirect("courses:my_learning")
    return redirect("certificates:training_record_pdf", serial=record.serial)


@login_required
@require_GET
def training_record_pdf(request: HttpRequest, serial: str) -> HttpResponse:
    record = TrainingRecord.objects.filter(serial=serial, user=request.user).first()
    if record is None or not record.pdf:
        raise Http404
    return stored_file_response(
        record.pdf.storage,
        record.pdf.name,
        request=request,
        as_attachment=True,
        filename=f"{record.serial}.pdf",
    )


def learning_section(request: HttpRequest) -> str:
    """The certificates section of My learning (registered with courses in AppConfig.ready)."""
    certificates = certificates_of(user_id=request.user.pk)
    if not certificates:
        return ""
    # A kept My learning (ADR 0026) is read anew when a certificate it shows expires.
    lms_api.page_cache_depends(request, until=[c.expires_at for c in certificates])
    rows = [
        {"certificate": c, "linkedin": linkedin_url(c), "verify": verify_url(c.serial)} for c in certificates
    ]
    return render_to_string("certification/my_certificates.html", {"rows": rows}, request=request)
