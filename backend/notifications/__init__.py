"""In-app notifications (Web Push is added by the PWA)."""
