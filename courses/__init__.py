"""The catalogue (Wagtail pages), programmes, cohorts, enrolment, course structure, attendance and completion."""
