"""What the LRS tells the rest of ``content`` (the runtime turns a session's statements into results)."""

from django.dispatch import Signal

# Sent after statements sent with a launch token are stored (kwargs: registration, statements).
launch_statements_stored = Signal()
