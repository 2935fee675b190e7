"""Login throttling (django-axes, settings in newsroom/settings/base.py).

A lockout is for one username from one address: five wrong passwords lock that pair, the
right password included, until the cool-off passes; other users at that address and the
same user elsewhere still sign in. Attempts are real rows in the database (axes' database
handler), time is moved by rewriting their timestamps.
"""

import datetime
import re

import pytest
from axes.models import AccessAttempt
from django.core.management import call_command
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory

LOGIN = reverse("admin:login")
OFFICE, HOME = "203.0.113.10", "198.51.100.7"


@pytest.fixture(autouse=True)
def axes_on(settings):
    """The test settings switch axes off for Django's test-client logins; on here."""
    settings.AXES_ENABLED = True


@pytest.fixture
def desk(db):
    return UserFactory(username="layla", role="editor"), UserFactory(username="omar")


def log_in(client, username, password=PASSWORD, address=OFFICE, **extra):
    return client.post(
        LOGIN, {"username": username, "password": password, "next": "/admin/"},
        REMOTE_ADDR=address, **extra,
    )


def signed_in(response) -> bool:
    return response.status_code == 302 and response["Location"] == "/admin/"


def fail(client, username, times, address=OFFICE, **extra):
    for _ in range(times):
        response = log_in(client, username, "wrong-password", address, **extra)
        # The login form again with its error; the failure that reaches the limit: locked.
        assert response.status_code in (200, 429)
    client.cookies.clear()


def age_attempts(by: datetime.timedelta):
    """Move the clock forward for axes: every stored attempt becomes `by` older."""
    for attempt in AccessAttempt.objects.all():
        attempt.attempt_time -= by
        attempt.save(update_fields=["attempt_time"])


def test_four_failures_lock_nothing(client, desk, settings):
    fail(client, "layla", settings.AXES_FAILURE_LIMIT - 1)
    assert signed_in(log_in(client, "layla"))


def test_five_failures_lock_that_user_from_that_address(client, desk, settings):
    assert settings.AXES_FAILURE_LIMIT == 5
    fail(client, "layla", 4)
    # The fifth wrong password is the one that locks.
    response = log_in(client, "layla", "wrong-password")
    assert response.status_code == 429

    response = log_in(client, "layla")  # the right password
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_others_are_not_locked_out(client, desk, settings):
    fail(client, "layla", settings.AXES_FAILURE_LIMIT)
    assert log_in(client, "layla").status_code == 429

    # Another journalist in the same office.
    assert signed_in(log_in(client, "omar"))
    client.logout()
    # The same journalist from home.
    assert signed_in(log_in(client, "layla", address=HOME))


def test_the_right_password_works_again_after_the_cool_off(client, desk, settings):
    fail(client, "layla", settings.AXES_FAILURE_LIMIT)
    age_attempts(settings.AXES_COOLOFF_TIME - datetime.timedelta(minutes=1))
    response = log_in(client, "layla")
    assert response.status_code == 429  # a minute to go: still refused, and told so
    assert 0 < int(response["Retry-After"]) <= 60

    age_attempts(datetime.timedelta(minutes=2))
    assert signed_in(log_in(client, "layla"))


def test_an_admin_can_unlock(client, desk, settings):
    fail(client, "layla", settings.AXES_FAILURE_LIMIT)
    assert log_in(client, "layla").status_code == 429

    call_command("axes_reset_username", "layla")
    assert signed_in(log_in(client, "layla"))


def test_a_superuser_unlocks_from_the_admin(client, desk, settings):
    fail(client, "layla", settings.AXES_FAILURE_LIMIT)
    attempt = AccessAttempt.objects.get(username="layla", ip_address=OFFICE)
    chief = client.__class__()
    chief.force_login(UserFactory(username="chief", is_superuser=True))

    listing = chief.get(reverse("admin:axes_accessattempt_changelist"))
    assert listing.status_code == 200 and "layla" in listing.content.decode()
    url = reverse("admin:axes_accessattempt_delete", args=[attempt.pk])
    assert chief.post(url, {"post": "yes"}).status_code == 302

    assert signed_in(log_in(client, "layla"))


def test_the_lockout_page_is_the_desks_own_in_arabic(client, desk, settings):
    fail(client, "layla", settings.AXES_FAILURE_LIMIT)
    response = log_in(client, "layla", HTTP_ACCEPT_LANGUAGE="ar")

    assert response.status_code == 429
    assert response["Content-Type"].startswith("text/html")
    cool_off = settings.AXES_COOLOFF_TIME.total_seconds()
    assert cool_off - 60 < int(response["Retry-After"]) <= cool_off
    html = response.content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    assert "admin/css/base" in html  # the desk's own style sheet
    assert "تسجيل الدخول" in html
    # Words, not the English original: most letters of the message are Arabic.
    text = re.sub(r"<[^>]+>", " ", html.split('id="content-main"', 1)[1])
    arabic = len(re.findall(r"[\u0600-\u06FF]", text))
    latin = len(re.findall(r"[A-Za-z]", text))
    assert arabic > 100 and latin < arabic / 10, text
    assert "Content-Security-Policy" in response


def test_a_forged_forwarded_for_cannot_dodge_the_lock(client, desk, settings):
    """Behind nginx (one trusted proxy) the address is the one nginx appended."""
    settings.NEWSROOM_TRUSTED_PROXIES = 1
    nginx = "127.0.0.1"
    for n in range(settings.AXES_FAILURE_LIMIT):
        # The attacker writes a new X-Forwarded-For each time; nginx appends the real one.
        log_in(client, "layla", "wrong", nginx, HTTP_X_FORWARDED_FOR=f"10.0.0.{n}, {OFFICE}")
    client.cookies.clear()

    forged = f"192.0.2.99, {OFFICE}"
    assert log_in(client, "layla", address=nginx, HTTP_X_FORWARDED_FOR=forged).status_code == 429
    # Another reader behind the same nginx is someone else.
    assert signed_in(log_in(client, "layla", address=nginx, HTTP_X_FORWARDED_FOR=HOME))
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {OFFICE}


def test_attempts_are_kept_in_the_database_not_the_cache(settings):
    assert "axes" in settings.INSTALLED_APPS
    assert settings.AUTHENTICATION_BACKENDS[0] == "axes.backends.AxesStandaloneBackend"
    assert settings.AXES_HANDLER == "axes.handlers.database.AxesDatabaseHandler"
    assert settings.AXES_LOCKOUT_PARAMETERS == [["username", "ip_address"]]
