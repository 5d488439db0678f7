"""Campaigns and events (filled by the events package)."""
