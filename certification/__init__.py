"""Assessments (question banks, quizzes, attempts, grading) and credentials (certificates, badges)."""
