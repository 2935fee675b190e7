import pytest
from django.contrib.auth import get_user_model

from sitesettings.models import CHECKLIST_ITEMS, SiteSettings
from tests.factories import PASSWORD
from tests.seed import load_seed


@pytest.fixture
def superuser_client(client, db):
    get_user_model().objects.create_superuser("chief", "chief@example.org", PASSWORD)
    assert client.login(username="chief", password=PASSWORD)
    return client


def settings_form(**fields):
    data = {
        "site_name_ar": "الأمصار", "tagline_ar": "", "masthead_note_ar": "",
        "contact_address_ar": "", "site_name_en": "", "tagline_en": "", "masthead_note_en": "",
        "contact_address_en": "", "logo": "", "digits": "western", "calendar": "gregorian",
        "month_names": "egyptian", "contact_email": "",
        "facebook_url": "",
        "x_url": "", "youtube_url": "", "telegram_url": "", "instagram_url": "", "_save": "حفظ",
        # The pre-publish checklist's levels, as the form shows them (the defaults).
        **{f"checklist_{item}": SiteSettings().check_level(item) for item in CHECKLIST_ITEMS},
    }
    data.update(fields)
    return data


@pytest.mark.django_db
def test_masthead_note_is_edited_in_the_admin_and_shown_on_every_page(superuser_client, client):
    """The seed's editorial-board note, edited once, appears in the site's footer."""
    seed = load_seed()

    response = superuser_client.post(
        "/admin/sitesettings/sitesettings/1/change/",
        settings_form(masthead_note_ar=seed.masthead, masthead_note_en="Editorial board"),
    )

    assert response.status_code == 302
    assert SiteSettings.load().masthead_note_ar == seed.masthead
    client.logout()
    home = client.get("/").content.decode()
    for line in seed.masthead.splitlines():
        assert line in home
    assert "Editorial board" in client.get("/en/").content.decode()


@pytest.mark.django_db
def test_there_is_only_one_settings_row(superuser_client):
    """The list opens the one row; nobody can add a second or delete the first."""
    response = superuser_client.get("/admin/sitesettings/sitesettings/")
    assert response.status_code == 302
    assert response.url.endswith("/admin/sitesettings/sitesettings/1/change/")
    assert superuser_client.get("/admin/sitesettings/sitesettings/add/").status_code == 403
    assert superuser_client.post("/admin/sitesettings/sitesettings/1/delete/").status_code == 403
    assert SiteSettings.objects.count() == 1


@pytest.mark.django_db
def test_journalists_cannot_change_site_settings(client, journalist):
    """Site settings are for superusers only; a crafted POST is refused."""
    assert client.login(username="journalist", password=PASSWORD)
    before = SiteSettings.load().tagline_ar
    response = client.post(
        "/admin/sitesettings/sitesettings/1/change/", settings_form(tagline_ar="مخترق")
    )
    assert response.status_code == 403
    assert SiteSettings.load().tagline_ar == before


@pytest.mark.django_db
def test_the_desk_sets_the_calendar_month_names_and_digits(superuser_client, client):
    """The date settings are edited in the desk and change what readers see at once."""
    page = superuser_client.get("/admin/sitesettings/sitesettings/1/change/").content.decode()
    for name in ("calendar", "month_names", "digits"):
        assert f'name="{name}"' in page

    response = superuser_client.post(
        "/admin/sitesettings/sitesettings/1/change/",
        settings_form(calendar="both", month_names="levantine", digits="arabic_indic"),
    )

    assert response.status_code == 302
    site = SiteSettings.load()
    assert (site.calendar, site.month_names, site.digits) == ("both", "levantine",
                                                              "arabic_indic")
    client.logout()
    assert "هـ" in client.get("/").content.decode()


@pytest.mark.django_db
def test_an_unknown_calendar_is_refused_and_nothing_changes(superuser_client):
    response = superuser_client.post(
        "/admin/sitesettings/sitesettings/1/change/", settings_form(calendar="julian"),
    )
    assert response.status_code == 200
    assert "julian" in response.content.decode()  # the form comes back with its error
    assert SiteSettings.load().calendar == "gregorian"
