"""Question formats teachers bring from Moodle: GIFT and Moodle XML (import), Moodle XML (export).

Each reader turns a file into ``ParsedQuestion`` rows — the question, or why it was refused —
and never touches the database; ``formats/services.py`` checks and imports them.
"""
