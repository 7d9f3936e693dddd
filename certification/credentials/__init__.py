"""Credentials: certificate templates, issuing rules, certificates (PDF and Open Badge), their
verification, revocation, corrections, expiry, and training records. See certification/README.md."""
