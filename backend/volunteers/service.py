"""Service of the volunteers domain."""
