"""Service of the audit domain."""
