"""Instructors' and hub coordinators' pages: their cohorts, registers, session QR codes, approvals."""
