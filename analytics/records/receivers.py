"""Analytics listens to the lower apps: each announcement refreshes the rows it concerns, an
enrolment's change at once, a certification event within ``ANALYTICS_RECORD_DELAY`` seconds (a
cohort's certificates come by the thousand: their rows are refreshed together, ADR 0015)."""

from analytics.records import lower
from analytics.records.services import records_mark_stale, records_refresh
from courses import api as courses_api


def on_enrolment_changed(sender, *, enrolment_ids, **kwargs) -> None:
    records_refresh(enrolment_ids=enrolment_ids)


def on_certification_event(sender, *, enrolment_id=None, **kwargs) -> None:
    # Certificates of a whole programme carry no enrolment: the nightly rebuild counts those.
    if enrolment_id is not None:
        records_mark_stale(enrolment_ids=[enrolment_id])


def connect() -> None:
    courses_api.enrolment_changed.connect(on_enrolment_changed, dispatch_uid="analytics-enrolment")
    for signal in lower.certification_signals():
        signal.connect(on_certification_event, dispatch_uid=f"analytics-{id(signal)}")
