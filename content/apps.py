from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# How often Celery beat sweeps the forwarding outbox for destinations with statements pending.
FORWARD_SWEEP_SECONDS = 60.0


class ContentConfig(AppConfig):
    name = "content"
    verbose_name = _("Learning content")

    def ready(self) -> None:
        from celery import current_app
        from django.urls import reverse

        from content import conf  # noqa: F401 — registers the check of the CONTENT_ settings
        from content.player.deploy_check import content_origin_check
        from content.runtime import xapi  # noqa: F401 — turns content's statements into results
        from courses import api as courses_api
        from lms import api as lms_api

        # The course home, My learning and previous / next open content activities in the player.
        courses_api.activity_opener_register(
            kind="content", url_for=lambda activity_id: reverse("content:play_activity", args=[activity_id])
        )
        lms_api.deploy_check_register(name="content origin", order=70, check=content_origin_check)
        current_app.conf.beat_schedule.setdefault(
            "content-forward-statements",
            {"task": "content.lrs_forward_sweep", "schedule": FORWARD_SWEEP_SECONDS},
        )
