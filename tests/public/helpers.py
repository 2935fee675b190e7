"""Helpers for the readers' site tests: a real library photo, the queries of a request, and
the seed story's body with a library photo in it."""


from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from images.services import create_image
from sitesettings.models import SiteSettings
from tests.images.samples import image_bytes


def photo(size=(1600, 900), **fields):
    """A real library image, with its renditions."""
    return create_image(file=ContentFile(image_bytes(size), name="x.jpg"),
                        alt_text_ar=fields.pop("alt_text_ar", "صورة من المؤتمر"), **fields)


def count_queries(client, url) -> tuple[int, object]:
    """Queries of one request, once the site settings exist (as they always do in production:
    the first page ever served creates them)."""
    SiteSettings.load()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries), response
