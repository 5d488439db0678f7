"""Web Push: VAPID keys under instance/, browser subscriptions, and delivery of in-app notifications."""
