"""WSGI entry point for gunicorn; defaults to production settings.

Readers' cached pages are answered by caching.wsgi.CachedPagesApp before Django handles the
request."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings.production")

from caching.wsgi import CachedPagesApp  # noqa: E402  (needs the settings module set)

application = CachedPagesApp(get_wsgi_application())
