"""Exports of the reports: CSV and XLSX tables, and a PDF report with charts."""
