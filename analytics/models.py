"""Models of ``analytics``: the fact table and targets live in ``analytics/records/models.py``, the
summaries in ``analytics/summaries/models.py``."""

from analytics.records.models import Target, TrainingRecord  # noqa: F401
from analytics.summaries.models import Figure, SummaryState  # noqa: F401
