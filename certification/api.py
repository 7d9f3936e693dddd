"""The door of ``certification`` for ``analytics``.

It will carry read access to assessment results and issued credentials; nothing is public yet.
"""

__all__: list[str] = []
