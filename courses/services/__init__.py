"""Use cases of ``courses``, one function each, keyword-only and atomic."""
