import pytest
from django.core.exceptions import ValidationError

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
