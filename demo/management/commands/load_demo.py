"""Load the demo newsroom from demo/data/load_demo.json: sections, bylines, tags, photos,
a dozen stories and the demo users. Idempotent (rows are found by slug, title or username),
so `make run` calls it on every start.
"""

import os

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ImproperlyConfigured
from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from articles.models import Article, ArticleAuthor, Tag
from authors.models import Author
from demo.pictures import painted_jpeg
from demo.vocabulary import read
from editorial.services import publish_article
from images.models import Image
from images.services import create_image
from sections.models import Section
from sitesettings.models import SiteSettings

DEFAULT_DEMO_PASSWORD = "newsroom-demo"
DEMO_USERS = [
    # (username, group, superuser)
    ("editor", "Editors", False),
    ("journalist", "Journalists", False),
    ("admin", None, True),
]


class Command(BaseCommand):
    help = "Load demo sections, authors, tags, photos and published stories (idempotent)."

    def handle(self, *args, **options):
        password = self._demo_password()
        demo = read("load_demo")
        with transaction.atomic():
            users = self._users(password, demo["accounts"])
            self._site(demo["site"])
            sections = self._sections(demo["sections"])
            authors = self._authors(demo["authors"], users)
            tags = self._tags(demo["tags"])
            created = self._articles(
                demo["articles"], sections, authors, tags, by=users["editor"],
                credit=demo["photo_credit"],
            )
        self.stdout.write(self.style.SUCCESS(f"Demo content ready ({created} new stories)."))
        self.stdout.write("Demo accounts (log in at /admin/):")
        for username, group, _superuser in DEMO_USERS:
            role = group or "superuser"
            self.stdout.write(f"  {username:<11} password: {password:<16} ({role})")

    def _demo_password(self) -> str:
        password = os.environ.get("DEMO_PASSWORD")
        if password:
            return password
        if not settings.DEBUG:
            # A known password on a production site would be an open door.
            raise ImproperlyConfigured("Set DEMO_PASSWORD to load demo users outside development.")
        return DEFAULT_DEMO_PASSWORD

    def _users(self, password, accounts):
        User = get_user_model()
        users = {}
        for username, group, superuser in DEMO_USERS:
            user, _created = User.objects.get_or_create(
                username=username, defaults={"is_staff": True, "is_superuser": superuser}
            )
            # An address (desk mail goes to the console in development) and a name, unless
            # someone has set their own since.
            for field, value in accounts[username].items():
                if not getattr(user, field):
                    setattr(user, field, value)
            # Reset every run, so the password printed below is always the one that works.
            user.set_password(password)
            user.save()
            if group:
                user.groups.add(Group.objects.get(name=group))
            users[username] = user
        return users

    def _site(self, values):
        site = SiteSettings.load()
        if not site.tagline_ar:
            for field, value in values.items():
                setattr(site, field, value)
            site.save()

    def _sections(self, rows):
        sections = {}
        for row in rows:  # a parent comes before its children
            sections[row["slug"]] = _by_slug(Section, row, parent=sections.get(row["parent"]))
        return sections

    def _authors(self, rows, users):
        return {row["slug"]: _by_slug(Author, row, user=users.get(row["user"])) for row in rows}

    def _tags(self, names):
        tags = {}
        for name in names:
            tag = Tag.objects.filter(name_ar=name).first()
            tags[name] = tag or Tag.objects.create(name=name, name_ar=name)
        return tags

    def _articles(self, stories, sections, authors, tags, *, by, credit) -> int:
        created = 0
        now = timezone.now()
        for n, story in enumerate(stories):
            if Article.objects.filter(title_ar=story["title_ar"]).exists():
                continue
            article = Article(
                title_ar=story["title_ar"],
                kicker_ar=story.get("kicker_ar", ""),
                summary_ar=story["summary_ar"],
                body_ar="".join(story["body_ar"]),
                title_en=story.get("title_en", ""),
                summary_en=story.get("summary_en", ""),
                body_en="".join(story.get("body_en", [])),
                section=sections[story["section"]],
                is_breaking=story.get("breaking", False),
                is_featured=story.get("featured", False),
                created_by=by,
            )
            if "photo" in story:
                article.lead_image = self._photo(story["photo"], seed=n, by=by, credit=credit)
            article.save()
            for order, slug in enumerate(story["authors"]):
                ArticleAuthor.objects.create(article=article, author=authors[slug], order=order)
            article.tags.add(*(tags[name] for name in story["tags"]))
            # Through the desk's own service, so the demo has the same history as real stories.
            when = now - timezone.timedelta(hours=story["hours_ago"])
            publish_article(article, by=by, at=when)
            # Backdated for the demo: not "updated" after its (past) publication time.
            Article.objects.filter(pk=article.pk).update(created_at=when, updated_at=when)
            created += 1
        return created

    def _photo(self, photo, *, seed, by, credit) -> Image:
        existing = Image.objects.filter(alt_text_ar=photo["alt"]).first()
        if existing:
            return existing
        return create_image(
            file=ContentFile(painted_jpeg(seed), name=f"demo-{seed}.jpg"),
            alt_text_ar=photo["alt"],
            caption_ar=photo["caption"],
            credit_ar=credit,
            uploaded_by=by,
        )


def _by_slug(model, row, **related):
    """The `model` row with `row`'s slug, made from `row` and the `related` objects if missing."""
    fields = {**row, **related}
    return model.objects.get_or_create(slug=fields.pop("slug"), defaults=fields)[0]
