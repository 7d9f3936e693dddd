"""Tadrib's own xAPI 1.0.3 Learning Record Store (see README.md in this folder)."""
