"""Bylines: their slugs and addresses, Arabic names, and which kinds are people."""

import pytest
from django.utils import translation

from authors.models import Author
from tests.factories import AuthorFactory

pytestmark = pytest.mark.django_db


def test_slug_is_made_from_the_arabic_name():
    author = Author.objects.create(name_ar="سارةُ عليّ", name_en="Sara Ali")

    assert author.slug == "سارة-علي"


def test_two_authors_with_one_name_get_two_slugs():
    first = Author.objects.create(name_ar="محمد حسن")
    second = Author.objects.create(name_ar="محمد حسن")
    third = Author.objects.create(name_ar="محمد حسن")

    assert [first.slug, second.slug, third.slug] == ["محمد-حسن", "محمد-حسن-2", "محمد-حسن-3"]


def test_slug_stays_when_the_name_changes():
    author = AuthorFactory(name_ar="سارة علي")
    author.name_ar = "سارة علي الحسيني"
    author.save()

    author.refresh_from_db()
    assert author.slug == "سارة-علي"


def test_a_given_slug_is_kept_and_a_name_without_letters_gets_one():
    assert AuthorFactory(slug="agencies").slug == "agencies"
    assert Author.objects.create(name_ar="؟؟").slug == "author"


def test_address_in_each_edition():
    author = AuthorFactory(slug="sara-ali")

    assert author.get_absolute_url() == "/author/sara-ali/"
    with translation.override("en"):
        assert author.get_absolute_url() == "/en/author/sara-ali/"


def test_an_english_name_never_written_falls_back_to_the_arabic_one():
    author = AuthorFactory(name_ar="وكالات", name_en="")

    with translation.override("en"):
        assert author.name == "وكالات"
        assert str(author) == "وكالات"
    author.name_en = "Agencies"
    with translation.override("en"):
        assert author.name == "Agencies"


@pytest.mark.parametrize(("kind", "is_person"), [
    (Author.Kind.STAFF, True), (Author.Kind.CONTRIBUTOR, True),
    (Author.Kind.OUTLET, False), (Author.Kind.AGENCY, False),
])
def test_staff_and_contributors_are_people_the_outlet_and_agencies_are_not(kind, is_person):
    """Only people get rel="author" and a schema.org Person (tests/public/test_seo.py)."""
    assert AuthorFactory(kind=kind).is_person is is_person

