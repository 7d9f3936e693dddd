"""What a reader makes of one question in a file: a question ready for the bank, or a refusal."""

from dataclasses import dataclass, field


@dataclass
class ParsedQuestion:
    index: int
    name: str
    kind: str = ""
    text: str = ""
    data: dict = field(default_factory=dict)
    general_feedback: str = ""
    default_mark: float = 1.0
    category: str = ""
    image: tuple[str, bytes] | None = None  # (file name, content)
    problem: str = ""  # why it is refused (translated); empty when it can be imported

    @property
    def ok(self) -> bool:
        return not self.problem
