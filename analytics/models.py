"""Models of ``analytics``: the fact table and targets in ``records/models.py``, the summaries in
``summaries/models.py``, exports built in the background in ``exports/models.py``."""

from analytics.exports.models import Export  # noqa: F401
from analytics.records.models import StaleRecord, Target, TrainingRecord  # noqa: F401
from analytics.summaries.models import Figure, SummaryState  # noqa: F401
