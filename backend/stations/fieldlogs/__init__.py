"""Field logs: what a station did (trainings, clinics, extension visits), synced from phones offline-first."""
