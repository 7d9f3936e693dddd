"""In-person sessions and attendance: the register and rotating-QR self check-in (ADR 0003)."""
