"""The stations domain."""
