"""The door of ``certification`` for ``analytics``: issued credentials, and the signals sent when
a certificate is issued or revoked (with certificate_id, user_id, enrolment_id, course_id,
programme_id)."""

from certification.credentials.api import certificates_for
from certification.credentials.data import CertificateData
from certification.credentials.signals import certificate_issued, certificate_revoked

__all__ = ["CertificateData", "certificate_issued", "certificate_revoked", "certificates_for"]
