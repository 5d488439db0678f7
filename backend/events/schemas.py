"""Schemas of the events domain."""
