from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# The fact table is rebuilt whole every night (what no signal announces: a profile's new
# governorate, a renamed trainer's master trainer); the monthly report goes out on the 1st.
REBUILD_HOUR = 2


class AnalyticsConfig(AppConfig):
    name = "analytics"
    verbose_name = _("Reports")

    def ready(self) -> None:
        from celery import current_app
        from celery.schedules import crontab

        from analytics import conf  # noqa: F401 — registers the check of the ANALYTICS_ settings
        from analytics.records import receivers

        receivers.connect()
        current_app.conf.beat_schedule.setdefault(
            "analytics-rebuild-records",
            {"task": "analytics.records_rebuild", "schedule": crontab(hour=REBUILD_HOUR, minute=0)},
        )
        # A safety net: a refresh queued by a mark is lost if the broker loses it.
        current_app.conf.beat_schedule.setdefault(
            "analytics-refresh-stale-records",
            {"task": "analytics.records_refresh_stale", "schedule": crontab(minute="*/10")},
        )
        current_app.conf.beat_schedule.setdefault(
            "analytics-exports-sweep",
            {"task": "analytics.exports_sweep", "schedule": crontab(minute=15)},
        )
        current_app.conf.beat_schedule.setdefault(
            "analytics-monthly-report",
            {"task": "analytics.monthly_report_send", "schedule": crontab(day_of_month=1, hour=6, minute=0)},
        )
