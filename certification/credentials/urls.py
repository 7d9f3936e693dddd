"""URLs of certificates: public verification and status list, a trainee's own downloads."""

from django.urls import path

from certification.credentials import views
from certification.credentials.verification import views as public

app_name = "certificates"

urlpatterns = [
    path("verify/", public.verify, name="verify"),
    path("verify/<str:code>/", public.verify_code, name="verify_code"),
    path("status/<int:number>/", public.status_list, name="status_list"),
    path("achievements/<int:rule_id>/", public.achievement, name="achievement"),
    path("mine/<str:serial>.pdf", views.certificate_pdf, name="certificate_pdf"),
    path("mine/<str:serial>.json", views.certificate_credential, name="certificate_credential"),
    path("record/", views.training_record_new, name="training_record_new"),
    path("record/<str:serial>.pdf", views.training_record_pdf, name="training_record_pdf"),
]
