"""Anonymous clients get a request budget per address; past it a clear 429 with
Retry-After (api/throttling.py)."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture
def three_a_minute(settings):
    settings.NEWSROOM_API_RATE = "3/min"


def test_past_the_budget_a_429_with_retry_after(client, three_a_minute):
    statuses = [client.get("/api/v1/sections/").status_code for _ in range(3)]

    refused = client.get("/api/v1/stories/")

    assert statuses == [200, 200, 200]
    assert refused.status_code == 429
    assert 0 < int(refused["Retry-After"]) <= 60
    assert "detail" in refused.json()
    assert "public" not in refused.get("Cache-Control", "")  # no cache keeps a refusal


def test_each_address_has_its_own_budget(client, three_a_minute):
    for _ in range(3):
        client.get("/api/v1/sections/", REMOTE_ADDR="192.0.2.1")

    assert client.get("/api/v1/sections/", REMOTE_ADDR="192.0.2.1").status_code == 429
    assert client.get("/api/v1/sections/", REMOTE_ADDR="192.0.2.2").status_code == 200


def test_a_forged_forwarded_for_does_not_buy_a_new_budget(client, three_a_minute):
    """No proxy trusted (NEWSROOM_TRUSTED_PROXIES=0): X-Forwarded-For is ignored."""
    for n in range(3):
        client.get("/api/v1/sections/", headers={"x-forwarded-for": f"198.51.100.{n}"})

    refused = client.get("/api/v1/sections/", headers={"x-forwarded-for": "198.51.100.9"})

    assert refused.status_code == 429


def test_the_site_s_pages_are_not_counted(client, three_a_minute):
    for _ in range(5):
        assert client.get("/about/").status_code == 200

    assert client.get("/api/v1/sections/").status_code == 200
