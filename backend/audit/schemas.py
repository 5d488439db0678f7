"""Schemas of the audit domain."""
