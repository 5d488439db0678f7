"""Service of the stations domain."""
