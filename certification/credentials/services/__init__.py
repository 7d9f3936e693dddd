"""Every change to certificates and training records: one function per use case, atomic."""

from certification.credentials.services.issuing import (
    CohortIssueSummary,
    certificate_issue_for_enrolment,
    certificate_issue_for_programme,
    certificate_render,
    certificates_issue_for_cohort,
    certificates_master_trainers_recheck,
    certificates_pending_resume,
    certificates_render,
)
from certification.credentials.services.lifecycle import (
    ALLOWED,
    certificate_correct_name,
    certificate_recertify,
    certificate_retry,
    certificate_revoke,
)
from certification.credentials.services.records import training_record_issue

__all__ = [
    "ALLOWED",
    "CohortIssueSummary",
    "certificate_correct_name",
    "certificate_issue_for_enrolment",
    "certificate_issue_for_programme",
    "certificate_recertify",
    "certificate_render",
    "certificate_retry",
    "certificate_revoke",
    "certificates_issue_for_cohort",
    "certificates_master_trainers_recheck",
    "certificates_pending_resume",
    "certificates_render",
    "training_record_issue",
]
