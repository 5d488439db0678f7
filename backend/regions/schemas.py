"""Schemas of the regions domain."""
