"""Development: what `make run` needs on a fresh machine, with no .env file."""

from newsroom.mediastorage import media_storage

from .base import *  # noqa: F403
from .base import LOGGING, env

DEBUG = env.bool("DEBUG", default=True)
SECRET_KEY = env("SECRET_KEY", default="dev-only-not-a-secret")
# Mail is printed on the console (readably: newsroom/mail.py), never sent, unless EMAIL_URL
# says otherwise.
if not env("EMAIL_URL", default=None):
    MAILERS = {"default": {"BACKEND": "newsroom.mail.ReadableConsoleBackend"}}
# Tasks (desk mail, front refreshes) run at once, in runserver, after the commit: `make run`
# stays one process, with no worker to start and no second writer on the SQLite file.
# TASKS_BACKEND=django_tasks_db.DatabaseBackend plus `manage.py db_worker` is production's way.
TASKS = {
    "default": {
        "BACKEND": env("TASKS_BACKEND", default="django.tasks.backends.immediate.ImmediateBackend"),
    },
}
# Tasks run inline here, and Django logs every one's start and end at INFO when DEBUG is on:
# two lines per story drowned `import_wordpress`'s progress. A failing task still logs.
LOGGING["loggers"]["django.tasks"] = {"level": "WARNING"}
STATIC_ROOT = None  # served from the app folders by runserver; no collectstatic in development
# `make run` serves static files from the app folders, without collectstatic; photos stay in
# MEDIA_ROOT unless MEDIA_STORAGE=s3 asks for a bucket (a local MinIO, say).
STORAGES = {
    "default": media_storage(env),
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]", "testserver"])
