"""Models of ``analytics``: the fact table and targets live in ``analytics/records/models.py``."""

from analytics.records.models import Target, TrainingRecord  # noqa: F401
