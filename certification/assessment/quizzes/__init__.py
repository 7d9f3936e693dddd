"""Quizzes as course activities: which questions, when, how long, how often, how counted."""
