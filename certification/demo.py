"""The certification demo: each feature package's demo, in order (discovered by ``demo_load``)."""

from certification.assessment import demo as assessment_demo
from certification.credentials import demo as credentials_demo


def load() -> list[str]:
    return [*assessment_demo.load(), *credentials_demo.load()]
