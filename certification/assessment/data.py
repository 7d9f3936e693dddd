"""Plain types that leave assessment through ``certification.api``."""

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class TestScoresData:
    """A trainee's counted pre-test and post-test scores (%) in one enrolment; None if not taken."""

    __test__ = False  # not a pytest test class, despite the name

    pre: Decimal | None
    post: Decimal | None
