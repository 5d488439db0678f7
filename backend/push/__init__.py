"""Web Push: VAPID keys (from the environment, or made under instance/), browser subscriptions, and
delivery of in-app notifications."""
