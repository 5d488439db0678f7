"""Schemas of the stations domain."""
