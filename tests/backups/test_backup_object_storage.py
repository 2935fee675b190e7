"""Backups of a site whose photos are in a bucket (MEDIA_STORAGE=s3): the objects are copied
into the archive through the storage API, and restored into a bucket the same way; an archive
of a filesystem site restores into a bucket too (the move from one machine to several).
Runs against moto's S3 server on 127.0.0.1 (tests/s3.py)."""

import hashlib
import io
import tarfile
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from storages.backends.s3 import S3Storage

from backups import archive as backup_archive
from images.services import create_image
from newsroom.mediastorage import FILESYSTEM_BACKEND
from tests.images import samples
from tests.s3 import Bucket

# Committed rows: the backup reads the database through its own copy (as production does).
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """An empty MEDIA_ROOT of this test's own, for the filesystem cases."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "media"


@pytest.fixture
def photos(db):
    return [
        create_image(file=ContentFile(samples.image_bytes((700, 500), color=color)),
                     alt_text_ar=f"صورة {n}")
        for n, color in enumerate([samples.RED, samples.BLUE])
    ]


def make_backup(output: Path) -> tuple[Path, str]:
    out = io.StringIO()
    call_command("backup", output=output, stdout=out)
    (archive,) = sorted(output.glob("newsroom-backup-*.tar"))
    return archive, out.getvalue()


def object_digests(bucket: Bucket) -> dict[str, str]:
    return {
        key: hashlib.sha256(
            bucket.client.get_object(Bucket=bucket.name, Key=key)["Body"].read()
        ).hexdigest()
        for key in bucket.names()
    }


def archive_members(archive: Path) -> list[str]:
    with tarfile.open(archive) as tar:
        return sorted(tar.getnames())


def test_backup_copies_every_object_of_the_bucket(s3_media, photos, tmp_path, settings):
    archive, printed = make_backup(tmp_path / "archives")

    manifest = backup_archive.read_manifest(archive)
    assert {e["path"]: e["sha256"] for e in manifest["media"]["files"]} == object_digests(
        s3_media)
    assert manifest["media"]["count"] == len(s3_media.names()) == 2 * (1 + 3)  # 320, 640, 700
    assert [m for m in archive_members(archive) if m.startswith("media/")] == [
        "media/" + key for key in s3_media.names()]
    assert "media: " in printed
    backup_archive.verify(archive)
    assert not Path(settings.MEDIA_ROOT).exists()


def test_restore_puts_every_object_back_into_an_empty_bucket(
    s3_media, s3_server, photos, tmp_path
):
    archive, _ = make_backup(tmp_path / "archives")
    manifest = backup_archive.read_manifest(archive)
    target = Bucket.create(s3_server)

    restored = backup_archive.restore_media_to_storage(
        archive, manifest, S3Storage(**target.storage_options()))

    assert restored == len(manifest["media"]["files"])
    assert object_digests(target) == object_digests(s3_media)
    key = photos[0].file.name
    assert target.head(key)["ContentType"] == "image/jpeg"
    assert "immutable" in target.head(key)["CacheControl"]


def test_a_filesystem_sites_archive_restores_into_a_bucket(
    s3_server, photos, tmp_path, settings
):
    """Moving from one machine to several: back up the disk, restore into the bucket."""
    assert settings.STORAGES["default"]["BACKEND"] == FILESYSTEM_BACKEND
    on_disk = sorted(default_storage.listdir(photos[0].file.name.rsplit("/", 1)[0])[1])
    assert len(on_disk) == 2
    archive, _ = make_backup(tmp_path / "archives")
    manifest = backup_archive.read_manifest(archive)
    target = Bucket.create(s3_server)

    backup_archive.restore_media_to_storage(
        archive, manifest, S3Storage(**target.storage_options()))

    media_root = Path(settings.MEDIA_ROOT)
    assert object_digests(target) == {
        path.relative_to(media_root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in media_root.rglob("*") if path.is_file()
    }


def test_restore_over_a_bucket_that_holds_photos_is_refused(s3_media, photos, tmp_path):
    archive, _ = make_backup(tmp_path / "archives")

    with pytest.raises(backup_archive.TargetNotEmpty) as refused:
        backup_archive.restore(archive)

    assert f"media bucket {s3_media.name}: {len(s3_media.names())} files" in str(refused.value)
