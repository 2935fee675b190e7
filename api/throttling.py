"""The API's request budget per client address (settings.NEWSROOM_API_RATE)."""

from django.conf import settings
from rest_framework.throttling import SimpleRateThrottle


class AnonymousClientThrottle(SimpleRateThrottle):
    """Every API client is anonymous (the API has no sign-in): one budget per address, as
    REST_FRAMEWORK["NUM_PROXIES"] reads it. Past it, DRF answers 429 with Retry-After.
    The rate is read per request, so a changed setting applies at once."""

    scope = "api"

    def get_rate(self):
        return settings.NEWSROOM_API_RATE

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}
