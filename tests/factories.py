"""Factories for tests: real rows in the real database, built the same way for every case."""

from importlib import import_module

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group, Permission
from django.utils import timezone

from articles.models import Article, ArticleAuthor, Status, Tag
from authors.models import Author
from sections.models import Section

PASSWORD = "correct horse battery staple"

ROLE_GROUPS = {"editor": "Editors", "journalist": "Journalists"}


class UserFactory(factory.django.DjangoModelFactory):
    """`UserFactory(role="journalist")` gives a staff user in the Journalists group."""

    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"user{n}")
    is_staff = True
    password = factory.LazyFunction(lambda: make_password(PASSWORD))

    @classmethod
    def _create(cls, model_class, *args, role=None, **kwargs):
        user = super()._create(model_class, *args, **kwargs)
        if role:
            user.groups.add(desk_group(ROLE_GROUPS[role]))
        return user


def desk_group(name: str) -> Group:
    """The Journalists or Editors group, as editorial's data migration creates it.

    Live-server (transactional) tests flush every table when they end, groups included,
    and `serialized_rollback` cannot restore them once Playwright runs an event loop in the
    test thread; so a flushed group is rebuilt here from the migration's own table.
    """
    group, created = Group.objects.get_or_create(name=name)
    if created:
        codes = import_module("editorial.migrations.0001_groups").GROUPS[name]
        for code in codes:
            app_label, codename = code.split(".")
            group.permissions.add(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )
    return group


class SectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Section

    name_ar = factory.Sequence(lambda n: f"قسم {n}")
    name_en = factory.Sequence(lambda n: f"Section {n}")


class AuthorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Author

    name_ar = factory.Sequence(lambda n: f"كاتب {n}")
    kind = Author.Kind.STAFF


class TagFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Tag

    name_ar = factory.Sequence(lambda n: f"موضوع {n}")
    name = factory.SelfAttribute("name_ar")


# The states of a story, each an ArticleFactory trait; all but `published` are hidden from readers.
STATES = ("draft", "in_review", "scheduled", "embargoed", "published", "unpublished")
HIDDEN_STATES = tuple(state for state in STATES if state != "published")


def _hours_from_now(hours: float):
    return timezone.now() + timezone.timedelta(hours=hours)


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Article
        skip_postgeneration_save = True

    title_ar = factory.Sequence(lambda n: f"خبر رقم {n} عن الأحداث")
    summary_ar = "ملخص قصير للخبر."
    body_ar = "<p>فقرة أولى من نص الخبر.</p>"
    section = factory.SubFactory(SectionFactory)
    status = Status.DRAFT

    class Params:
        # One trait per state a story can be in (`ArticleFactory(scheduled=True)`), each with
        # the fields that state needs; STATES names them. Only `published` is for readers.
        draft = factory.Trait(status=Status.DRAFT)
        in_review = factory.Trait(status=Status.IN_REVIEW)
        # Published for a time to come: hidden until then, shown from then on.
        scheduled = factory.Trait(
            status=Status.PUBLISHED, published_at=factory.LazyFunction(lambda: _hours_from_now(1)),
        )
        # Under embargo and so not publishable yet: the publish service refuses it.
        embargoed = factory.Trait(
            status=Status.IN_REVIEW, embargo_until=factory.LazyFunction(lambda: _hours_from_now(1)),
        )
        published = factory.Trait(
            status=Status.PUBLISHED, published_at=factory.LazyFunction(lambda: _hours_from_now(-1)),
        )
        # Taken down after it was live: its address answers 410 Gone.
        unpublished = factory.Trait(
            status=Status.UNPUBLISHED,
            published_at=factory.LazyFunction(lambda: _hours_from_now(-24)),
        )

    @factory.post_generation
    def bylines(self, create, extracted, **kwargs):
        if create and extracted:
            for order, author in enumerate(extracted):
                ArticleAuthor.objects.create(article=self, author=author, order=order)


# What a story needs to pass every item of the pre-publish checklist (editorial/checklist.py)
# at its default levels, so that a test of a move publishes without "publish anyway".
SEO_TEXT = "وصف الخبر لمحركات البحث ولمواقع التواصل في جملة واحدة واضحة ومفيدة للقارئ."


def checklist_ready(article: Article) -> Article:
    """`article` with a lead photo (a real file, with its alt text), a byline, a topic and a
    search engine description, and an English summary when its English edition is started."""
    from django.core.files.base import ContentFile

    from images.models import Image
    from tests.images.samples import image_bytes

    article.lead_image = Image.objects.create(
        file=ContentFile(image_bytes(), name="lead.jpg"), alt_text="صورة الخبر",
    )
    article.seo_description_ar = SEO_TEXT
    if (article.title_en or article.body_en) and not article.summary_en:
        article.summary_en = "A short summary of the story."
    article.save()
    if not article.bylines.exists():
        ArticleAuthor.objects.create(article=article, author=AuthorFactory(), order=0)
    if not article.tags.exists():
        article.tags.add(TagFactory())
    return article
