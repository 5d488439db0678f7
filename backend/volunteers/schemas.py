"""Schemas of the volunteers domain."""
