"""The summaries' SQL on PostgreSQL (to_char, casts, distinct counts within each slice): every
slice reads the fact table's numbers, and the hand-counted answers hold (ADR 0016)."""

import pytest

from tests.analytics.test_reports_known_answers import (  # noqa: F401 — the same tests, on PostgreSQL
    test_cascade_per_governorate,
    test_cascade_per_master_trainer,
    test_funnel,
    test_reach_against_target_per_programme_year_and_governorate,
    test_reach_by_governorate_and_the_people_without_one,
    test_reach_over_time_counts_each_person_once_in_their_first_month,
)
from tests.analytics.test_summaries import (  # noqa: F401
    test_every_slice_reads_the_same_numbers_from_the_summaries_as_from_the_fact_table,
    world,
)

pytestmark = pytest.mark.django_db
