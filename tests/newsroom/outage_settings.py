"""Production settings for the outage test's gunicorn, less the collected-static manifest.

Everything else is newsroom.settings.production as deployed; only the static files storage
is the plain one, so the test needs no 15-second collectstatic before it starts.
"""

from newsroom.settings.production import *  # noqa: F403

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
