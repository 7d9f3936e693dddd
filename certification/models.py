"""The models of ``certification``, kept in its feature packages."""

from certification.credentials.models import (
    Certificate,
    CertificateChange,
    CertificateTemplate,
    IssuingRule,
    TemplateSignature,
    TrainingRecord,
)

__all__ = [
    "Certificate",
    "CertificateChange",
    "CertificateTemplate",
    "IssuingRule",
    "TemplateSignature",
    "TrainingRecord",
]
