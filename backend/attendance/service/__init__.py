"""Attendance rules, one module per subject: check-in, hours, certificates. No Flask request here."""
