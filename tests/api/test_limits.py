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


def test_cached_answers_count_too(client, three_a_minute, settings):
    """The budget is charged before the page cache: asking for what is cached does not get
    a client past it."""
    settings.NEWSROOM_PAGE_CACHE = True
    answers = [client.get("/api/v1/sections/") for _ in range(3)]

    refused = client.get("/api/v1/sections/")

    assert [a.get("X-Cache") for a in answers] == ["miss", "hit", "hit"]
    assert refused.status_code == 429
    assert refused.get("X-Cache") is None


def test_through_gunicorns_door_hits_count_and_are_charged_once(door, three_a_minute, settings):
    from api.throttling import ApiBudgetApp

    settings.NEWSROOM_PAGE_CACHE = True
    app = ApiBudgetApp(door.app)
    door.app = app  # the order of newsroom/wsgi.py: the budget, the page cache, Django

    statuses = [door.get("/api/v1/sections/?lang=en")[0] for _ in range(3)]
    status, headers, body = door.get("/api/v1/sections/?lang=en")

    assert statuses == [200, 200, 200]  # a miss (charged once, at the door) and two hits
    assert status == 429
    assert 0 < int(headers["Retry-After"]) <= 60
    assert headers["Cache-Control"] == "no-store"
    assert b"Request was throttled" in body  # the edition asked for: English


def test_the_refusal_speaks_the_default_edition(client, three_a_minute):
    for _ in range(3):
        client.get("/api/v1/sections/")

    refused = client.get("/api/v1/sections/")

    assert refused["Content-Language"] == "ar"
    assert refused.json()["detail"] != "Request was throttled."
