"""The read-only JSON API under /api/v1/ (docs/api.md)."""
