from django.urls import path

from analytics import views

app_name = "analytics"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("report.pdf", views.dashboard_pdf, name="dashboard_pdf"),
    path("exports/<uuid:export_id>/", views.export, name="export"),
    path("exports/<uuid:export_id>/progress/", views.export_progress, name="export_progress"),
    path("exports/<uuid:export_id>/download/", views.export_download, name="export_download"),
    path("<slug:key>/", views.report, name="report"),
    path("<slug:key>/export.<str:fmt>", views.report_export, name="report_export"),
]
