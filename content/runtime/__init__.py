"""Attempts and SCORM runtime state: what a trainee did in a package, kept so that they resume."""
