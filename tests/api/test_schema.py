"""The OpenAPI schema and its browsable page, served from our own static files."""

import re

import pytest
from django.contrib.staticfiles import finders

pytestmark = pytest.mark.django_db

ENDPOINTS = {
    "/api/v1/stories/",
    "/api/v1/stories/{id}/",
    "/api/v1/search/",
    "/api/v1/sections/",
    "/api/v1/sections/{slug}/",
    "/api/v1/authors/",
    "/api/v1/authors/{slug}/",
    "/api/v1/tags/",
    "/api/v1/tags/{slug}/",
}


def test_the_schema_describes_every_endpoint_read_only(client):
    response = client.get("/api/v1/schema/", {"format": "json"})
    schema = response.json()

    assert response.status_code == 200
    assert schema["openapi"].startswith("3.")
    assert set(schema["paths"]) == ENDPOINTS
    for path, operations in schema["paths"].items():
        assert set(operations) == {"get"}, path
        names = {p["name"] for p in operations["get"].get("parameters", [])}
        assert "lang" in names, path
    story_list = schema["paths"]["/api/v1/stories/"]["get"]
    assert {"section", "author", "tag", "cursor", "page_size"} <= {
        p["name"] for p in story_list["parameters"]
    }
    cursor = next(p for p in story_list["parameters"] if p["name"] == "cursor")
    assert cursor["description"] == "The pagination cursor value."  # English, as the rest
    story = schema["components"]["schemas"]["StoryDetail"]["properties"]
    assert {"headline", "body", "url", "published_at", "authors", "tags"} <= set(story)


def test_the_browsable_page_loads_only_our_own_files(client):
    response = client.get("/api/v1/docs/")
    html = response.content.decode()

    assert response.status_code == 200
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert any(a.endswith("swagger-ui-bundle.js") for a in assets)
    for asset in assets:
        assert asset.startswith("/"), f"{asset} is not one of our files"
        if asset.startswith("/static/"):
            assert finders.find(asset.removeprefix("/static/")), asset
    assert "http://" not in html and "https://" not in html
    script = client.get("/api/v1/docs/", {"script": ""})
    assert script.status_code == 200
    assert "/api/v1/schema/" in script.content.decode()
