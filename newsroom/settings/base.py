"""Settings shared by every environment. The environment is the only input (see .env.example)."""

from pathlib import Path

import environ
from django.utils.translation import gettext_lazy as _

from newsroom.mediastorage import media_origins, media_storage

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env("SECRET_KEY", default=None)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])

INSTALLED_APPS = [
    # modeltranslation must come before django.contrib.admin to patch its forms.
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django_prose_editor",
    "taggit",
    "reversion",
    "sitesettings",
    "images",
    "sections",
    "authors",
    "articles",
    "search",
    "editorial",
    "caching",  # the page cache, cache headers, the nginx front's refreshes (docs/caching.md)
    "django_tasks_db",  # the tasks' table, for the database backend (TASKS below)
    "public",
    # The read-only JSON API under /api/ (docs/api.md), and the libraries it is built on.
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",  # Swagger UI's files, served as our own static files
    "api",
    "demo",  # manage.py load_demo / seed_articles and their text (demo/data/)
    "backups",  # manage.py backup / restore (docs/operations.md)
    "wpimport",  # manage.py import_wordpress (docs/wordpress-import.md)
]

MIDDLEWARE = [
    # --- database outages: /healthz and /readyz answer first; the desk checks the database.
    "newsroom.health.HealthCheckMiddleware",
    "newsroom.health.DeskNeedsDatabaseMiddleware",
    # --- end database outages ---
    # Readers' pages gzipped on the way out, the desk never (BREACH: newsroom/compression.py).
    # Outside the page cache, which keeps plain bodies; behind nginx it has nothing to do.
    "newsroom.compression.ReadersGZipMiddleware",
    # Outermost: a stored page carries every header the others add (security headers,
    # ETag), and a reader's hit touches nothing else (it answers 304s itself). gunicorn
    # answers hits even earlier, in caching.wsgi, and hands its lookup to this one.
    # The API's request budget, charged before the page cache: a hit counts too. gunicorn
    # charges even earlier (api.throttling.ApiBudgetApp in newsroom/wsgi.py), never twice.
    "api.throttling.ApiBudgetMiddleware",
    "caching.middleware.PublicPageCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Inside the page cache, so the stored copy carries its Cache-Control.
    "caching.middleware.PublicCacheHeadersMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Innermost (inside the cache headers, after the user is known): a 404 whose path a
    # story had on the old site (a WordPress permalink) becomes a 301 to the story, cached
    # like one (public/redirects.py).
    "public.redirects.OldAddressRedirectMiddleware",
]

ROOT_URLCONF = "newsroom.urls"
WSGI_APPLICATION = "newsroom.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "public.context_processors.site_settings",
                "public.context_processors.navigation",
            ],
        },
    },
]

# DATABASE_URL unset: an SQLite file under var/, so `make run` needs no server.
# A postgres:// URL selects PostgreSQL (production and CI).
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'newsroom.sqlite3'}"),
}
# Long-lived gunicorn workers keep their connection a minute; health-checked before reuse.
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True


# --- database outages (newsroom/errors.py) ---
def with_connect_timeout(database: dict) -> dict:
    """A dead PostgreSQL host holds a worker DATABASE_CONNECT_TIMEOUT seconds, not minutes;
    a restarting one is waited for (newsroom/db/postgresql/base.py)."""
    if "postgresql" in database["ENGINE"]:
        database["ENGINE"] = "newsroom.db.postgresql"
        options = database.setdefault("OPTIONS", {})
        options.setdefault("connect_timeout", env.int("DATABASE_CONNECT_TIMEOUT", default=3))
        # Planning each query cost PostgreSQL more than running it (docs/benchmarks.md,
        # "Prepared statements"): parameters go to the server apart from the SQL text, and a
        # text run DATABASE_PREPARE_THRESHOLD times (5, psycopg's default: 1 measured the
        # same and would prepare every one-off query too) on a connection is prepared there.
        # `none` or empty turns preparing off, as a transaction-mode PgBouncer needs.
        options.setdefault("server_side_binding", True)
        options.setdefault("prepare_threshold", prepare_threshold())
    return database


def prepare_threshold() -> int | None:
    """DATABASE_PREPARE_THRESHOLD as psycopg takes it: a count, or None for never."""
    value = env.str("DATABASE_PREPARE_THRESHOLD", default="5").strip().lower()
    return None if value in ("", "none") else int(value)


with_connect_timeout(DATABASES["default"])
# How long a new connection waits for a PostgreSQL that refuses it (a restart) before the
# request gets the 503 page.
DATABASE_CONNECT_RETRY_SECONDS = env.float("DATABASE_CONNECT_RETRY_SECONDS", default=2.0)
# A rejected form (CSRF) gets the branded bilingual 403, not Django's English page.
CSRF_FAILURE_VIEW = "newsroom.errors.csrf_failure"
# --- end database outages ---
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# CACHE_URL (e.g. redis://127.0.0.1:6379/1) or REDIS_URL; otherwise a per-process memory cache.
_cache_url = env("CACHE_URL", default=None) or env("REDIS_URL", default=None)
CACHES = {
    "default": env.cache_url_config(_cache_url)
    if _cache_url
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
}
# --- cache: a failing Redis is a miss, never an error (caching/backends.py) ---
if CACHES["default"]["BACKEND"].endswith(".RedisCache"):
    CACHES["default"]["BACKEND"] = "caching.backends.RedisCache"
    _cache_timeout = env.float("NEWSROOM_CACHE_SOCKET_TIMEOUT", default=0.25)
    CACHES["default"].setdefault("OPTIONS", {})
    CACHES["default"]["OPTIONS"].setdefault("socket_connect_timeout", _cache_timeout)
    CACHES["default"]["OPTIONS"].setdefault("socket_timeout", _cache_timeout)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Arabic first: the admin and the site default to Arabic, right to left.
LANGUAGE_CODE = "ar"
LANGUAGES = [("ar", _("Arabic")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Django's `ar` locale has no date formats of its own; ours live in newsroom/formats/ar/.
FORMAT_MODULE_PATH = ["newsroom.formats"]
TIME_ZONE = env("TIME_ZONE", default="Asia/Baghdad")
USE_I18N = True
USE_TZ = True

MODELTRANSLATION_DEFAULT_LANGUAGE = "ar"
MODELTRANSLATION_LANGUAGES = ("ar", "en")
# An English name/label that was never written falls back to the Arabic one. Articles do not
# rely on this: the English edition lists only stories with an English headline and body.
MODELTRANSLATION_FALLBACK_LANGUAGES = ("ar",)
# Field labels say the edition in words ("العنوان بالعربية"), not "title [ar]" (core/labels.py).
from core.labels import edition_label  # noqa: E402

MODELTRANSLATION_BUILD_LOCALIZED_VERBOSE_NAME = edition_label

STATIC_URL = "/static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=str(VAR_DIR / "static"))
STATICFILES_DIRS = [
    BASE_DIR / "static",
    # The Arabic web font, installed from npm by `make install` (package.json), never a CDN.
    ("vendor/noto-naskh-arabic", BASE_DIR / "node_modules/@fontsource-variable/noto-naskh-arabic"),
    # The English edition's face (its latin subset only; static/css/site.css).
    ("vendor/noto-serif", BASE_DIR / "node_modules/@fontsource-variable/noto-serif"),
]
# Photos: MEDIA_ROOT on this disk by default; an S3-compatible bucket (MEDIA_STORAGE=s3 or
# AWS_STORAGE_BUCKET_NAME, plus MEDIA_CDN_URL) when several app servers share them
# (newsroom/mediastorage.py; docs/deploy.md, "Media in object storage").
STORAGES = {
    "default": media_storage(env),
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=str(VAR_DIR / "media"))

# Uploads: refuse large files before Pillow reads them (see images/processing.py).
NEWSROOM_IMAGE_MAX_BYTES = env.int("NEWSROOM_IMAGE_MAX_BYTES", default=15 * 1024 * 1024)
NEWSROOM_IMAGE_MAX_PIXELS = env.int("NEWSROOM_IMAGE_MAX_PIXELS", default=40_000_000)
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

TAGGIT_CASE_INSENSITIVE = True
# A story says "Updated" after a correction, or after an edit of what readers see made more
# than this many minutes after publication: the first half hour's touch-ups (a typo, a
# caption, a link) are not news, and an "Updated" line on them would cry wolf.
NEWSROOM_UPDATED_AFTER_MINUTES = env.int("NEWSROOM_UPDATED_AFTER_MINUTES", default=30)
# Story ids per sitemap file (public/sitemaps.py, ArticleSitemap). A story keeps its file for
# life, so changing this moves every story to another file.
NEWSROOM_SITEMAP_IDS_PER_FILE = 1000

# EMAIL_URL, e.g. submission://user:pass@smtp.example.org:587 (STARTTLS) or
# smtp+ssl://user:pass@host:465. Django 6.1's MAILERS replaces EMAIL_BACKEND.
_email = env.email_url("EMAIL_URL", default="smtp://localhost:25")
MAILERS = {
    "default": {
        "BACKEND": _email["EMAIL_BACKEND"],
        "OPTIONS": {
            "host": _email["EMAIL_HOST"],
            "port": _email["EMAIL_PORT"],
            "username": _email["EMAIL_HOST_USER"] or "",
            "password": _email["EMAIL_HOST_PASSWORD"] or "",
            "use_tls": bool(_email.get("EMAIL_USE_TLS")),
            "use_ssl": bool(_email.get("EMAIL_USE_SSL")),
        },
    },
}
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="newsroom@localhost")

LOGIN_URL = "admin:login"
# Anonymous pages are kept in the cache (caching/pagecache.py) until the content changes.
NEWSROOM_PAGE_CACHE = env.bool("NEWSROOM_PAGE_CACHE", default=True)
NEWSROOM_PAGE_CACHE_SECONDS = env.int("NEWSROOM_PAGE_CACHE_SECONDS", default=600)
# A page-cache bump lost after a commit (Redis down, process killed) is repaired from the
# database within this many seconds (docs/caching.md, "A lost bump").
NEWSROOM_PAGE_CACHE_RECONCILE_SECONDS = env.float(
    "NEWSROOM_PAGE_CACHE_RECONCILE_SECONDS", default=5.0
)
# Seconds a reader's browser may keep a public page without asking (0: always revalidate,
# answered by a 304), and a shared cache (CDN, nginx micro-cache) may keep it.
NEWSROOM_PUBLIC_MAX_AGE = env.int("NEWSROOM_PUBLIC_MAX_AGE", default=0)
NEWSROOM_SHARED_MAX_AGE = env.int("NEWSROOM_SHARED_MAX_AGE", default=1)
# Where the nginx front (deploy/nginx.conf) listens, as the task workers reach it, e.g.
# http://127.0.0.1:80 (several: comma-separated). Set, every public change asks it to refresh
# the pages concerned at once (caching/frontcache.py, run by the task worker); unset, the
# front catches up by itself a few seconds later.
NEWSROOM_FRONT_URL = env("NEWSROOM_FRONT_URL", default="")
# Side effects of a change (desk mail, the front's refreshes) are tasks, enqueued after the
# commit and run by `manage.py db_worker` (docs/operations.md, "The task worker"), never by the
# request. TASKS_BACKEND=django.tasks.backends.immediate.ImmediateBackend runs them at once,
# in the process that enqueued them (what `make run` and the tests do).
TASKS = {
    "default": {"BACKEND": env("TASKS_BACKEND", default="django_tasks_db.DatabaseBackend")},
}
# The site's public address, for links in mail (which has no request to build them from).
NEWSROOM_SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000")

# --- api: the read-only JSON API (docs/api.md) ---
# Anonymous clients only (no authentication class: the API shows what readers see, to all),
# JSON only, cursor pages, and a request budget per client address, answered 429 with
# Retry-After past it (api/throttling.py, before the page cache). The address is the one our
# own proxies saw, as for the login lockout (NUM_PROXIES: 0 trusts no X-Forwarded-For; DRF
# would trust any with None).
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [],
    # The budget is charged before the page cache, not in the views (api/throttling.py).
    "DEFAULT_THROTTLE_CLASSES": [],
    "NUM_PROXIES": env.int("NEWSROOM_TRUSTED_PROXIES", default=0),
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_VERSIONING_CLASS": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Newsroom API",
    "DESCRIPTION": "Read-only: the published stories of each edition, as readers see them.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    # Swagger UI from our own static files (drf-spectacular-sidecar), never a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}
# Requests per client address: "N/s", "N/min", "N/hour" or "N/day" (api/throttling.py).
NEWSROOM_API_RATE = env("NEWSROOM_API_RATE", default="120/min")
# --- end api ---

# Search (docs/search.md): the newest matches a search ranks, pages through and counts (50
# pages), and the newest look-alike headlines offered when nothing matches (5 pages).
NEWSROOM_SEARCH_LIMIT = 1000
NEWSROOM_SEARCH_SIMILAR_LIMIT = 100

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="WARNING")},
    # A database outage: one line per failed request, not a traceback each (newsroom/errors.py).
    # An oversized or over-long form, or a request for a host we do not serve (bots probing
    # by IP address): one WARNING line, not an ERROR with a traceback.
    "filters": {
        "database_outage_one_line": {"()": "newsroom.errors.DatabaseOutageOneLine"},
        "one_line_warning": {"()": "newsroom.errors.OneLineWarning"},
    },
    "loggers": {
        "django.request": {"filters": ["database_outage_one_line"]},
        **{
            f"django.security.{name}": {"filters": ["one_line_warning"]}
            for name in (
                "RequestDataTooBig", "TooManyFieldsSent", "TooManyFilesSent", "DisallowedHost",
            )
        },
    },
}

# --- guard: login throttling (django-axes), Content-Security-Policy ---
from datetime import timedelta  # noqa: E402

from django.utils.csp import CSP  # noqa: E402

INSTALLED_APPS += ["axes"]
# Innermost: turns axes' "locked out" flag on the request into our lockout page.
MIDDLEWARE += ["axes.middleware.AxesMiddleware"]
# axes first: it refuses a locked-out (username, address) before any password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Attempts live in the database, never in the cache: a Redis outage must not lift lockouts.
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
# Locked: one username from one address. An attacker cannot lock a whole office out (same
# address, other users) nor lock a journalist out everywhere (same user, other addresses).
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
# 15 minutes: 5 guesses per quarter hour per address is 480 a day, hopeless against any
# password the validators accept, while a journalist who mistyped waits a coffee, not a day.
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
# Counted from the lockout, not from the latest refused try: "try again after 23:14" holds.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_RESET_ON_SUCCESS = True
AXES_HTTP_RESPONSE_CODE = 429
AXES_LOCKOUT_CALLABLE = "newsroom.security.lockout_response"
# The reader's address: REMOTE_ADDR, or X-Forwarded-For as set by that many proxies in front
# (deploy/nginx.conf is one; production.py trusts exactly one). See newsroom/security.py.
NEWSROOM_TRUSTED_PROXIES = env.int("NEWSROOM_TRUSTED_PROXIES", default=0)
AXES_CLIENT_IP_CALLABLE = "newsroom.security.client_ip"

# Enforced on every page Django answers. Public pages carry no inline JavaScript (a story's
# one script is a static file, the most-read beacon) and no inline style, so they need no
# nonce, and the page cache can replay their header as is (a nonce
# would be the same for every reader). The desk's templates add a nonce where Django's
# admin and django-prose-editor need one (its import map): the header then carries it,
# and desk pages are never cached.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    # Photos in a bucket come from its CDN or the bucket itself (newsroom/mediastorage.py).
    "img-src": [CSP.SELF, *media_origins(STORAGES["default"])],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
# Inside the page cache (outermost), so a stored page carries the header.
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1,
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
)
TEMPLATES[0]["OPTIONS"]["context_processors"] += ["django.template.context_processors.csp"]

# The checklist's link checker (editorial/tasks.check_links) never fetches a private,
# loopback or link-local address: the worker sits inside the newsroom's network. The tests
# that check links against a server on loopback turn this on.
NEWSROOM_LINK_CHECK_PRIVATE = env.bool("NEWSROOM_LINK_CHECK_PRIVATE", default=False)
