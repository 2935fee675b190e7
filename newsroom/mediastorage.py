"""Where photos and their renditions are stored: the filesystem, or an S3-compatible bucket.

One machine keeps them in MEDIA_ROOT (nothing to set: `make run`). Several app servers share
one bucket (`MEDIA_STORAGE=s3`), so a photo uploaded through one is served by all, and a CDN
in front of it (`MEDIA_CDN_URL`) answers readers. Setup: docs/deploy.md, "Media in object
storage". Importable without Django's settings: the settings modules call it.
"""

from urllib.parse import urlsplit

FILESYSTEM_BACKEND = "django.core.files.storage.FileSystemStorage"
S3_BACKEND = "storages.backends.s3.S3Storage"

# Stored names never change their bytes: an original is `images/<Y>/<m>/<uuid>.<ext>` (a
# replaced file gets a new uuid) and its renditions live under that uuid (images/renditions.py),
# so browsers and the CDN may keep every object for a year without asking again.
CACHE_CONTROL = "public, max-age=31536000, immutable"


def s3_options(
    *, bucket: str, endpoint_url: str | None = None, region: str | None = None,
    access_key: str | None = None, secret_key: str | None = None, cdn_url: str = "",
    custom_domain: str | None = None, location: str = "", addressing_style: str | None = None,
) -> dict:
    """The OPTIONS of django-storages' S3Storage for public photos.

    URLs are plain (no signed query string: the photos are public and a signed URL would
    change on every page and defeat every cache). With ``cdn_url`` (``https://cdn.example.org``
    or ``https://cdn.example.org/media``) URLs point at the CDN, not the bucket. Credentials
    left ``None`` come from boto3's usual chain (environment, instance role).
    """
    options = {
        "bucket_name": bucket,
        "endpoint_url": endpoint_url or None,
        "region_name": region or None,
        "access_key": access_key or None,
        "secret_key": secret_key or None,
        "location": location,
        "querystring_auth": False,
        # Public reads come from the bucket policy (docs/deploy.md); ACLs are off on new
        # AWS buckets and a per-object ACL would be refused there.
        "default_acl": None,
        # Our names are unique (uuids); a taken name is a bug, never silently overwritten by
        # an upload. Renditions replace their own files on purpose (renditions._save_exactly).
        "file_overwrite": False,
        # ContentType is guessed from the name (image/jpeg, image/webp …) by S3Storage.
        "object_parameters": {"CacheControl": CACHE_CONTROL},
    }
    if addressing_style:
        options["addressing_style"] = addressing_style
    if cdn_url:
        parts = urlsplit(cdn_url.rstrip("/"))
        options["custom_domain"] = parts.netloc + parts.path
        options["url_protocol"] = f"{parts.scheme or 'https'}:"
    elif custom_domain:
        options["custom_domain"] = custom_domain.rstrip("/")
    return options


def media_storage(env) -> dict:
    """STORAGES["default"] as the environment asks (``env`` is django-environ's ``Env``).

    ``MEDIA_STORAGE=s3``, or a bucket name alone, selects the bucket; anything else, or
    nothing, keeps MEDIA_ROOT on this machine's disk.
    """
    bucket = env("AWS_STORAGE_BUCKET_NAME", default="")
    kind = env("MEDIA_STORAGE", default="s3" if bucket else "filesystem").strip().lower()
    if kind == "filesystem":
        return {"BACKEND": FILESYSTEM_BACKEND}
    if kind != "s3":
        raise ValueError(f"MEDIA_STORAGE must be 'filesystem' or 's3', not {kind!r}")
    if not bucket:
        raise ValueError("MEDIA_STORAGE=s3 needs AWS_STORAGE_BUCKET_NAME")
    endpoint_url = env("AWS_S3_ENDPOINT_URL", default="")
    return {
        "BACKEND": S3_BACKEND,
        "OPTIONS": s3_options(
            bucket=bucket,
            endpoint_url=endpoint_url,
            region=env("AWS_S3_REGION_NAME", default=""),
            access_key=env("AWS_ACCESS_KEY_ID", default=""),
            secret_key=env("AWS_SECRET_ACCESS_KEY", default=""),
            cdn_url=env("MEDIA_CDN_URL", default=""),
            custom_domain=env("AWS_S3_CUSTOM_DOMAIN", default=""),
            location=env("AWS_LOCATION", default=""),
            # MinIO and most S3-compatible servers want bucket names in the path.
            addressing_style=env(
                "AWS_S3_ADDRESSING_STYLE", default="path" if endpoint_url else ""
            ),
        ),
    }


def is_filesystem(storage) -> bool:
    """Whether ``storage`` keeps files on this machine's disk (it has a ``location`` folder
    that ``path()`` answers for)."""
    from django.core.files.storage import FileSystemStorage

    return isinstance(storage, FileSystemStorage)


def public_read_policy(bucket: str, prefix: str = "") -> dict:
    """The bucket policy that lets anyone read the photos (and nothing else), as JSON data.

    Readers' browsers or the CDN fetch objects without credentials; listing, writing and
    deleting stay with the app's own key (docs/deploy.md, "Media in object storage")."""
    resource = f"arn:aws:s3:::{bucket}/{prefix.strip('/') + '/' if prefix.strip('/') else ''}*"
    return {
        "Version": "2012-10-17",
        "Statement": [{
            "Sid": "PublicReadPhotos",
            "Effect": "Allow",
            "Principal": "*",
            "Action": "s3:GetObject",
            "Resource": resource,
        }],
    }


def media_origins(storage: dict) -> list[str]:
    """Where browsers fetch photos from when that is not this site: for the CSP's img-src.

    The CDN's origin when there is one; else the S3-compatible server's (path-style URLs),
    else AWS's virtual-hosted bucket addresses. Empty for the filesystem (same origin).
    """
    options = storage.get("OPTIONS", {})
    if storage["BACKEND"] != S3_BACKEND:
        return []
    if domain := options.get("custom_domain"):
        return [f"{options.get('url_protocol', 'https:')}//{domain.split('/', 1)[0]}"]
    if endpoint := options.get("endpoint_url"):
        parts = urlsplit(endpoint)
        if options.get("addressing_style") == "virtual":
            return [f"{parts.scheme}://{options['bucket_name']}.{parts.netloc}"]
        return [f"{parts.scheme}://{parts.netloc}"]
    bucket, region = options["bucket_name"], options.get("region_name")
    origins = [f"https://{bucket}.s3.amazonaws.com"]
    if region:
        origins.append(f"https://{bucket}.s3.{region}.amazonaws.com")
    return origins
