"""Attendance: QR check-in and check-out at events, service hours, certificates of verified hours."""
