"""Cohorts and enrolment: the lifecycle, closing a cohort, waiting lists, enrol and withdraw."""
