"""Open Badges 3.0: each certificate as a signed ``OpenBadgeCredential`` (VC data model 2.0) with
an ``eddsa-rdfc-2022`` Data Integrity proof, and the Bitstring Status List that revokes them."""

from certification.credentials.badges.credential import credential_for, credential_sign
from certification.credentials.badges.keys import did_document, issuer_did, verification_method
from certification.credentials.badges.proof import proof_add, proof_verify
from certification.credentials.badges.statuslist import STATUS_LIST_SIZE, status_list_credential

__all__ = [
    "STATUS_LIST_SIZE",
    "credential_for",
    "credential_sign",
    "did_document",
    "issuer_did",
    "proof_add",
    "proof_verify",
    "status_list_credential",
    "verification_method",
]
