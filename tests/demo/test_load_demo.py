import pytest
from django.contrib.auth import authenticate
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command

from articles.models import Article
from authors.models import Author
from images.models import Image
from sections.models import Section


@pytest.mark.django_db
def test_load_demo_is_idempotent_and_creates_a_whole_newsroom(monkeypatch, capsys):
    monkeypatch.setenv("DEMO_PASSWORD", "demo-pass-123")

    call_command("load_demo")
    counts = [m.objects.count() for m in (Article, Author, Section, Image)]
    call_command("load_demo")

    assert [m.objects.count() for m in (Article, Author, Section, Image)] == counts
    published = Article.objects.published()
    assert published.count() >= 12
    assert published.exclude(title_en__isnull=True).exclude(title_en="").exists()
    assert Author.objects.filter(kind=Author.Kind.OUTLET).exists()
    assert Author.objects.filter(kind=Author.Kind.AGENCY).exists()
    assert Section.objects.filter(parent__isnull=False).exists()
    # Photos went through the library pipeline: WebP renditions exist.
    assert all(image.rendition_widths for image in Image.objects.all())
    for username, group in (("editor", "Editors"), ("journalist", "Journalists")):
        user = authenticate(username=username, password="demo-pass-123")
        assert user is not None and user.is_staff
        assert user.groups.filter(name=group).exists()
    assert "demo-pass-123" in capsys.readouterr().out


@pytest.mark.django_db
def test_load_demo_refuses_a_default_password_outside_development(monkeypatch, settings):
    monkeypatch.delenv("DEMO_PASSWORD", raising=False)
    settings.DEBUG = False

    with pytest.raises(ImproperlyConfigured):
        call_command("load_demo")

    assert not Article.objects.exists()
