"""Sections: slugs from Arabic names, addresses, one level of sub-sections, the active ones."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from sections.models import Section
from tests.factories import SectionFactory


@pytest.mark.django_db
def test_slug_is_made_from_the_arabic_name_and_kept_unique():
    first = Section.objects.create(name_ar="الشرق الأوسط", name_en="Middle East")
    second = Section.objects.create(name_ar="الشرق الأوسط")
    assert first.slug == "الشرق-الأوسط"
    assert second.slug == "الشرق-الأوسط-2"


@pytest.mark.django_db
def test_sub_sections_go_one_level_deep():
    world = SectionFactory()
    middle_east = SectionFactory(parent=world)
    iraq = Section(name_ar="العراق", parent=middle_east)

    with pytest.raises(ValidationError) as excinfo:
        iraq.full_clean()

    assert "parent" in excinfo.value.message_dict


@pytest.mark.django_db
def test_a_section_with_children_cannot_become_a_child():
    world, politics = SectionFactory(), SectionFactory()
    SectionFactory(parent=world)
    world.parent = politics

    with pytest.raises(ValidationError):
        world.full_clean()


@pytest.mark.django_db
def test_active_lists_only_active_sections():
    shown = SectionFactory()
    SectionFactory(is_active=False)
    assert list(Section.objects.active()) == [shown]


@pytest.mark.django_db
def test_slug_drops_diacritics_and_tatweel_and_stays_when_renamed():
    section = Section.objects.create(name_ar="اقتـصادٌ")
    section.name_ar = "اقتصاد وأعمال"
    section.save()

    section.refresh_from_db()
    assert section.slug == "اقتصاد"


@pytest.mark.django_db
def test_a_given_slug_is_kept_and_a_name_without_letters_gets_one():
    assert SectionFactory(slug="economy").slug == "economy"
    assert Section.objects.create(name_ar="؟").slug == "section"


@pytest.mark.django_db
def test_a_slug_cannot_be_taken_twice():
    SectionFactory(slug="economy")

    with pytest.raises(IntegrityError), transaction.atomic():
        SectionFactory(slug="economy")


@pytest.mark.django_db
def test_address_in_each_edition():
    section = SectionFactory(slug="economy")

    assert section.get_absolute_url() == "/section/economy/"
    with translation.override("en"):
        assert section.get_absolute_url() == "/en/section/economy/"


@pytest.mark.django_db
def test_an_english_name_never_written_falls_back_to_the_arabic_one():
    section = SectionFactory(name_ar="اقتصاد", name_en="")

    with translation.override("en"):
        assert section.name == "اقتصاد"


@pytest.mark.django_db
def test_a_sub_section_is_named_with_its_parent():
    world = SectionFactory(name_ar="العالم")
    iraq = SectionFactory(name_ar="العراق", parent=world)

    assert str(iraq) == "العالم › العراق"
    assert str(world) == "العالم"
    assert list(world.children.all()) == [iraq]


@pytest.mark.django_db
def test_a_section_cannot_be_its_own_parent():
    world = SectionFactory()
    world.parent = world

    with pytest.raises(ValidationError) as excinfo:
        world.full_clean()

    assert "parent" in excinfo.value.message_dict


@pytest.mark.django_db
def test_sections_come_in_the_desk_s_order():
    third, first, second = SectionFactory(order=3), SectionFactory(order=1), SectionFactory(order=2)

    assert list(Section.objects.all()) == [first, second, third]


@pytest.mark.django_db
def test_active_leaves_out_a_closed_sub_section_and_keeps_its_open_sibling():
    world = SectionFactory()
    open_child = SectionFactory(parent=world)
    SectionFactory(parent=world, is_active=False)

    assert list(Section.objects.active()) == [world, open_child]
    assert list(world.children.all().active()) == [open_child]
