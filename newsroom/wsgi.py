"""WSGI entry point for gunicorn; defaults to production settings.

Readers' cached pages are answered by caching.wsgi.CachedPagesApp before Django handles the
request; before that, an API request is charged to its client's budget (api.throttling)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings.production")

from api.throttling import ApiBudgetApp  # noqa: E402  (needs the settings module set)
from caching.wsgi import CachedPagesApp  # noqa: E402

application = ApiBudgetApp(CachedPagesApp(get_wsgi_application()))
