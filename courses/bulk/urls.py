"""Bulk enrolment, under /courses/bulk-enrolment/: upload, columns, dry run, progress, outcome."""

from django.urls import path

from courses.bulk import views as bulk

urlpatterns = [
    path("", bulk.upload, name="bulk_upload"),
    path("<int:bulk_id>/", bulk.detail, name="bulk_detail"),
    path("<int:bulk_id>/columns/", bulk.mapping, name="bulk_mapping"),
    path("<int:bulk_id>/progress/", bulk.progress, name="bulk_progress"),
    path("<int:bulk_id>/confirm/", bulk.confirm, name="bulk_confirm"),
    path("<int:bulk_id>/cancel/", bulk.cancel, name="bulk_cancel"),
]
