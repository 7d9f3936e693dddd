"""The certification demo: each feature package's demo, in order (discovered by ``demo_load``)."""

from certification.credentials import demo as credentials_demo


def load() -> list[str]:
    return credentials_demo.load()
