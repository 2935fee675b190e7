"""A photo uploaded through the desk lands in the bucket (MEDIA_STORAGE=s3, moto's server on
127.0.0.1) and a reader's browser loads it from there, the page's Content-Security-Policy
allowing the bucket's origin (newsroom.mediastorage.media_origins)."""

import pytest

from images.models import Image
from newsroom import mediastorage
from tests.browser.test_csp import Watch
from tests.browser.test_editor import log_in
from tests.factories import ArticleFactory, UserFactory
from tests.images import samples
from tests.readers import path_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_desk_upload_is_stored_in_the_bucket_and_shown_to_readers(
    page, live_server, s3_media, settings, tmp_path, artifacts_dir
):
    s3_media.make_public()
    storage = settings.STORAGES["default"]
    settings.SECURE_CSP = {
        **settings.SECURE_CSP,
        "img-src": [*settings.SECURE_CSP["img-src"], *mediastorage.media_origins(storage)],
    }
    upload = tmp_path / "IMG_0042.jpg"
    upload.write_bytes(samples.image_bytes((1200, 800)))
    log_in(page, live_server, UserFactory(username="photo-desk", role="journalist"))

    page.goto(f"{live_server.url}/admin/images/image/add/")
    page.fill("#id_alt_text_ar", "نهر دجلة عند الغروب")
    page.set_input_files("#id_file", str(upload))
    page.locator("input[name=_save]").click()
    page.wait_for_selector(".messagelist .success")

    image = Image.objects.get()
    assert image.file.name in s3_media.names()
    assert len(s3_media.names()) == 1 + len(image.rendition_widths)

    story = ArticleFactory(published=True, lead_image=image)
    watch = Watch(page)
    page.goto(f"{live_server.url}{path_of(story)}")
    photo = page.locator(f'img[alt="{image.alt_text_ar}"]').first
    photo.scroll_into_view_if_needed()
    page.wait_for_function(
        "img => img.complete && img.naturalWidth > 0", arg=photo.element_handle()
    )
    loaded = photo.evaluate("img => img.currentSrc")
    page.screenshot(path=str(artifacts_dir / "media-in-bucket.png"))

    assert loaded.startswith(f"{s3_media.endpoint}/{s3_media.name}/renditions/"), loaded
    assert watch.violations == []
