"""Service of the events domain."""
