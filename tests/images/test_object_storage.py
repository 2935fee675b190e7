"""Photos in an S3-compatible bucket (MEDIA_STORAGE=s3): every file goes through the storage
API, so several app servers share one library. Runs against moto's S3 server on 127.0.0.1
(tests/s3.py), through django-storages as in production."""

import urllib.error
import urllib.request

import environ
import html5lib
import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image as PILImage
from storages.backends.s3 import S3Storage

from images import renditions
from images.models import Image
from images.services import create_image, delete_image
from newsroom import mediastorage
from tests.factories import ArticleFactory
from tests.images import samples
from tests.readers import path_of

pytestmark = pytest.mark.django_db

CDN = "https://cdn.example.test/media"


def expected_keys(image) -> list[str]:
    stem = image.file.name.rsplit(".", 1)[0]
    return sorted(
        [image.file.name] + [f"renditions/{stem}/{w}.webp" for w in image.rendition_widths]
    )


def fetch(url: str):
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.status, response.headers, response.read()


def test_an_upload_through_the_desk_writes_the_original_and_every_rendition_as_objects(
    client, journalist, s3_media, tmp_path, settings
):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    client.force_login(journalist)
    response = client.post("/admin/images/image/add/", {
        "alt_text_ar": "جسر الجمهورية في بغداد", "file": samples.upload(
            samples.image_bytes((1500, 1000))),
    })

    assert response.status_code == 302
    image = Image.objects.get()
    assert image.rendition_widths == [320, 640, 960, 1280, 1500]
    assert s3_media.names() == expected_keys(image)
    original = s3_media.head(image.file.name)
    assert original["ContentType"] == "image/jpeg"
    assert original["CacheControl"] == mediastorage.CACHE_CONTROL
    for width in image.rendition_widths:
        head = s3_media.head(renditions.rendition_name(image.file.name, width))
        assert (head["ContentType"], head["CacheControl"]) == (
            "image/webp", "public, max-age=31536000, immutable",
        )
    # Nothing reached this machine's disk.
    assert not (tmp_path / "media").exists()


def test_public_page_img_urls_come_from_the_cdn_and_the_objects_answer(
    client, s3_media, settings
):
    settings.STORAGES = {**settings.STORAGES, "default": {
        "BACKEND": mediastorage.S3_BACKEND, "OPTIONS": s3_media.storage_options(cdn_url=CDN),
    }}
    s3_media.make_public()
    image = create_image(file=ContentFile(samples.image_bytes((1000, 700))), alt_text_ar="أ")
    story = ArticleFactory(published=True, lead_image=image)

    response = client.get(path_of(story))

    assert response.status_code == 200
    doc = html5lib.parse(response.content.decode(), namespaceHTMLElements=False)
    urls = set()
    for img in doc.iter("img"):
        if img.get("srcset"):
            urls |= {part.strip().split(" ")[0] for part in img.get("srcset").split(",")}
            urls.add(img.get("src"))
    expected = {f"{CDN}/{renditions.rendition_name(image.file.name, w)}"
                for w in image.rendition_widths}
    assert expected <= urls, urls
    assert all(url.startswith(CDN + "/") for url in urls), urls
    # The CDN's origin is the bucket: each URL's path is an object there, answered publicly.
    for url in sorted(expected):
        key = url.removeprefix(CDN + "/")
        status, headers, body = fetch(f"{s3_media.endpoint}/{s3_media.name}/{key}")
        assert status == 200
        assert headers["Content-Type"] == "image/webp"
        assert headers["Cache-Control"] == mediastorage.CACHE_CONTROL
        assert body.startswith(b"RIFF") and body[8:12] == b"WEBP"


def test_without_a_cdn_urls_point_at_the_bucket_unsigned(s3_media):
    s3_media.make_public()
    image = create_image(file=ContentFile(samples.image_bytes((700, 300))), alt_text_ar="أ")

    url = image.src

    key = renditions.rendition_name(image.file.name, 700)
    assert url == f"{s3_media.endpoint}/{s3_media.name}/{key}"
    assert "?" not in url  # no signature: the same URL on every page, cacheable
    assert fetch(url)[0] == 200


def test_a_private_bucket_refuses_readers(s3_media):
    """Without the public-read policy, the unsigned URLs answer 403: the policy is needed."""
    image = create_image(file=ContentFile(samples.image_bytes((700, 300))), alt_text_ar="أ")

    with pytest.raises(urllib.error.HTTPError) as refused:
        fetch(image.src)

    assert refused.value.code == 403


def test_rendition_urls_follow_a_changed_cdn_address(s3_media, settings):
    """The per-process URL memo is keyed on the storage, so a new MEDIA_CDN_URL is not stale."""
    image = create_image(file=ContentFile(samples.image_bytes((700, 300))), alt_text_ar="أ")
    for base in ("https://one.example.test", "https://two.example.test/m"):
        settings.STORAGES = {**settings.STORAGES, "default": {
            "BACKEND": mediastorage.S3_BACKEND,
            "OPTIONS": s3_media.storage_options(cdn_url=base),
        }}
        assert image.src == f"{base}/{renditions.rendition_name(image.file.name, 700)}"


def test_deleting_a_photo_deletes_its_objects(s3_media, django_capture_on_commit_callbacks):
    kept = create_image(file=ContentFile(samples.image_bytes((400, 300))), alt_text_ar="ب")
    image = create_image(file=ContentFile(samples.image_bytes((1000, 700))), alt_text_ar="أ")
    assert set(expected_keys(image)) < set(s3_media.names())

    with django_capture_on_commit_callbacks(execute=True):
        delete_image(image)

    assert s3_media.names() == expected_keys(kept)


def test_a_second_app_server_reads_what_the_first_stored(s3_media, settings, tmp_path):
    """Another machine: its own empty disk, its own storage object, the same bucket."""
    image = create_image(file=ContentFile(samples.image_bytes((1000, 700))), alt_text_ar="أ")
    settings.MEDIA_ROOT = str(tmp_path / "other-server")
    other = S3Storage(**s3_media.storage_options())
    assert other is not default_storage._wrapped

    for width in image.rendition_widths:
        name = renditions.rendition_name(image.file.name, width)
        assert other.exists(name)
        with other.open(name) as f, PILImage.open(f) as rendition:
            assert (rendition.format, rendition.width) == ("WEBP", width)
    with other.open(image.file.name) as f, PILImage.open(f) as original:
        assert original.size == (1000, 700)


def test_on_the_filesystem_a_second_server_does_not_have_the_photo(settings, tmp_path):
    """Why the bucket: a file stored on one machine's disk is missing on the next."""
    settings.MEDIA_ROOT = str(tmp_path / "first")
    image = create_image(file=ContentFile(samples.image_bytes((700, 300))), alt_text_ar="أ")
    assert default_storage.exists(renditions.rendition_name(image.file.name, 320))

    settings.MEDIA_ROOT = str(tmp_path / "second")

    assert not default_storage.exists(renditions.rendition_name(image.file.name, 320))


class TestSettingsFromTheEnvironment:
    def storage(self, monkeypatch, **variables):
        for name in ("MEDIA_STORAGE", "AWS_STORAGE_BUCKET_NAME", "AWS_S3_ENDPOINT_URL",
                     "MEDIA_CDN_URL", "AWS_S3_CUSTOM_DOMAIN", "AWS_S3_REGION_NAME",
                     "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_LOCATION",
                     "AWS_S3_ADDRESSING_STYLE"):
            monkeypatch.delenv(name, raising=False)
        for name, value in variables.items():
            monkeypatch.setenv(name, value)
        return mediastorage.media_storage(environ.Env())

    def test_nothing_set_is_the_filesystem(self, monkeypatch):
        assert self.storage(monkeypatch) == {"BACKEND": mediastorage.FILESYSTEM_BACKEND}

    def test_a_bucket_name_alone_selects_s3(self, monkeypatch):
        storage = self.storage(monkeypatch, AWS_STORAGE_BUCKET_NAME="news-media")

        assert storage["BACKEND"] == "storages.backends.s3.S3Storage"
        options = storage["OPTIONS"]
        assert options["bucket_name"] == "news-media"
        assert options["querystring_auth"] is False
        assert options["object_parameters"] == {"CacheControl": mediastorage.CACHE_CONTROL}
        assert "custom_domain" not in options and "addressing_style" not in options

    def test_an_s3_compatible_server_and_a_cdn(self, monkeypatch):
        storage = self.storage(
            monkeypatch, MEDIA_STORAGE="s3", AWS_STORAGE_BUCKET_NAME="media",
            AWS_S3_ENDPOINT_URL="http://127.0.0.1:9000", MEDIA_CDN_URL="https://cdn.example.org/m/",
            AWS_S3_REGION_NAME="me-south-1",
        )

        options = storage["OPTIONS"]
        assert (options["endpoint_url"], options["region_name"]) == (
            "http://127.0.0.1:9000", "me-south-1",
        )
        assert options["addressing_style"] == "path"
        assert (options["custom_domain"], options["url_protocol"]) == (
            "cdn.example.org/m", "https:",
        )

    def test_filesystem_wins_when_asked_for_even_with_a_bucket(self, monkeypatch):
        storage = self.storage(
            monkeypatch, MEDIA_STORAGE="filesystem", AWS_STORAGE_BUCKET_NAME="media"
        )

        assert storage == {"BACKEND": mediastorage.FILESYSTEM_BACKEND}

    @pytest.mark.parametrize(
        ("variables", "message"),
        [({"MEDIA_STORAGE": "s3"}, "needs AWS_STORAGE_BUCKET_NAME"),
         ({"MEDIA_STORAGE": "nfs"}, "must be 'filesystem' or 's3'")],
    )
    def test_a_wrong_setting_stops_the_start(self, monkeypatch, variables, message):
        with pytest.raises(ValueError, match=message):
            self.storage(monkeypatch, **variables)


class TestImagesAllowedByTheContentSecurityPolicy:
    """Readers' browsers must be allowed to load photos from where their URLs point."""

    def test_the_filesystem_needs_nothing_beyond_self(self):
        assert mediastorage.media_origins({"BACKEND": mediastorage.FILESYSTEM_BACKEND}) == []

    def test_the_cdn_origin(self):
        storage = {"BACKEND": mediastorage.S3_BACKEND, "OPTIONS": mediastorage.s3_options(
            bucket="media", cdn_url="https://cdn.example.org/photos")}

        assert mediastorage.media_origins(storage) == ["https://cdn.example.org"]

    def test_an_s3_compatible_server_without_a_cdn(self, s3_media):
        storage = {"BACKEND": mediastorage.S3_BACKEND, "OPTIONS": s3_media.storage_options()}
        image = create_image(file=ContentFile(samples.image_bytes((400, 300))), alt_text_ar="أ")

        (origin,) = mediastorage.media_origins(storage)

        assert image.src.startswith(origin + "/")

    def test_aws_buckets_by_their_virtual_host(self):
        storage = {"BACKEND": mediastorage.S3_BACKEND, "OPTIONS": mediastorage.s3_options(
            bucket="news-media", region="eu-west-1")}

        assert mediastorage.media_origins(storage) == [
            "https://news-media.s3.amazonaws.com", "https://news-media.s3.eu-west-1.amazonaws.com",
        ]
