"""The regions domain."""
