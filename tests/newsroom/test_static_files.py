"""Static files as production serves them: hashed names, and gzip and brotli copies made once
at collectstatic, so whitenoise sends them compressed with a far-future Cache-Control."""

from django.core.management import call_command
from django.test import override_settings

PRODUCTION_STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}


def test_collectstatic_writes_hashed_brotli_and_gzip_copies(tmp_path):
    with override_settings(STATIC_ROOT=tmp_path, STORAGES=PRODUCTION_STORAGES):
        call_command("collectstatic", "--no-input", verbosity=0)
    css = [p for p in tmp_path.rglob("*.css") if p.stem.count(".") >= 1]
    assert css, "no hashed stylesheet was written"
    hashed = css[0]
    assert hashed.with_name(hashed.name + ".br").stat().st_size > 0
    assert hashed.with_name(hashed.name + ".gz").stat().st_size > 0
    assert hashed.with_name(hashed.name + ".br").stat().st_size < hashed.stat().st_size
