"""PDFs of certificates and training records (reportlab, Amiri, bidi-ordered and shaped text)."""

from certification.credentials.pdf.certificate import certificate_pdf, certificate_pdf_bytes
from certification.credentials.pdf.transcript import training_record_pdf

__all__ = ["certificate_pdf", "certificate_pdf_bytes", "training_record_pdf"]
