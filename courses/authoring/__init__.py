"""Authoring a course as a whole in the Wagtail admin: its outline and its media collection."""
