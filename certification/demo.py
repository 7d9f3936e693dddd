"""The certification demo: assessment's (question bank, quizzes, graded attempts)."""

from certification.assessment import demo as assessment_demo


def load() -> list[str]:
    return assessment_demo.load()
