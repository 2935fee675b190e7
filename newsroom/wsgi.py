"""WSGI entry point for gunicorn; defaults to production settings.

Readers' cached pages are answered by newsroom.pagecache.CachedPagesApp before Django
handles the request (see that module)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings.production")

from newsroom.pagecache import CachedPagesApp  # noqa: E402  (needs the settings module set)

application = CachedPagesApp(get_wsgi_application())
