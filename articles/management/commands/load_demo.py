"""Load the demo newsroom: sections, bylines, tags, photos, a dozen stories and two users.

Idempotent: rows are found by slug (or username) and only missing ones are created, so
`make run` can call it on every start.
"""

import io
import os
import random

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ImproperlyConfigured
from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from PIL import Image as PILImage
from PIL import ImageDraw

from articles import demo_content as demo
from articles.models import Article, ArticleAuthor, Tag
from authors.models import Author
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
        with transaction.atomic():
            users = self._users(password)
            self._site()
            sections = self._sections()
            authors = self._authors(users)
            tags = self._tags()
            created = self._articles(sections, authors, tags, by=users["editor"])
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

    def _users(self, password):
        User = get_user_model()
        users = {}
        for username, group, superuser in DEMO_USERS:
            user, _created = User.objects.get_or_create(
                username=username, defaults={"is_staff": True, "is_superuser": superuser}
            )
            # Reset every run, so the password printed below is always the one that works.
            user.set_password(password)
            user.save()
            if group:
                user.groups.add(Group.objects.get(name=group))
            users[username] = user
        return users

    def _site(self):
        site = SiteSettings.load()
        if not site.tagline_ar:
            for field, value in demo.SITE.items():
                setattr(site, field, value)
            site.save()

    def _sections(self):
        sections = {}
        for slug, name_ar, name_en, order, parent in demo.SECTIONS:
            sections[slug], _created = Section.objects.get_or_create(
                slug=slug,
                defaults={
                    "name_ar": name_ar,
                    "name_en": name_en,
                    "order": order,
                    "parent": sections.get(parent),
                },
            )
        return sections

    def _authors(self, users):
        authors = {}
        for slug, kind, name_ar, name_en, job_title_ar, username in demo.AUTHORS:
            authors[slug], _created = Author.objects.get_or_create(
                slug=slug,
                defaults={
                    "kind": kind,
                    "name_ar": name_ar,
                    "name_en": name_en,
                    "job_title_ar": job_title_ar,
                    "user": users.get(username),
                },
            )
        return authors

    def _tags(self):
        tags = {}
        for name in demo.TAGS:
            tag = Tag.objects.filter(name_ar=name).first()
            tags[name] = tag or Tag.objects.create(name=name, name_ar=name)
        return tags

    def _articles(self, sections, authors, tags, *, by) -> int:
        created = 0
        now = timezone.now()
        for n, story in enumerate(demo.ARTICLES):
            if Article.objects.filter(title_ar=story["title"]).exists():
                continue
            article = Article(
                title_ar=story["title"],
                kicker_ar=story.get("kicker", ""),
                summary_ar=story["summary"],
                body_ar="".join(story["body"]),
                title_en=story.get("title_en", ""),
                summary_en=story.get("summary_en", ""),
                body_en="".join(story.get("body_en", [])),
                section=sections[story["section"]],
                is_breaking=story.get("breaking", False),
                is_featured=story.get("featured", False),
                created_by=by,
            )
            if "photo" in story:
                alt, caption = story["photo"]
                article.lead_image = self._photo(alt, caption, seed=n, by=by)
            article.save()
            for order, slug in enumerate(story["authors"]):
                ArticleAuthor.objects.create(article=article, author=authors[slug], order=order)
            article.tags.add(*(tags[name] for name in story["tags"]))
            # Through the desk's own service, so the demo has the same history as real stories.
            when = now - timezone.timedelta(hours=story["hours"])
            publish_article(article, by=by, at=when)
            # Backdated for the demo: not "updated" after its (past) publication time.
            Article.objects.filter(pk=article.pk).update(created_at=when, updated_at=when)
            created += 1
        return created

    def _photo(self, alt, caption, *, seed, by) -> Image:
        existing = Image.objects.filter(alt_text_ar=alt).first()
        if existing:
            return existing
        return create_image(
            file=ContentFile(_painted_jpeg(seed), name=f"demo-{seed}.jpg"),
            alt_text_ar=alt,
            caption_ar=caption,
            credit_ar="الأمصار",
            uploaded_by=by,
        )


def _painted_jpeg(seed: int, size=(1600, 900)) -> bytes:
    """An abstract, deterministic picture: a two-colour gradient with a few soft discs."""
    rng = random.Random(seed)
    top = tuple(rng.randrange(40, 200) for _ in range(3))
    bottom = tuple(rng.randrange(40, 200) for _ in range(3))
    img = PILImage.new("RGB", size)
    draw = ImageDraw.Draw(img)
    width, height = size
    for y in range(height):
        t = y / height
        draw.line(
            [(0, y), (width, y)],
            fill=tuple(int(a + (b - a) * t) for a, b in zip(top, bottom, strict=True)),
        )
    for _ in range(6):
        r = rng.randrange(60, 260)
        x, y = rng.randrange(width), rng.randrange(height)
        colour = tuple(rng.randrange(120, 255) for _ in range(3))
        draw.ellipse([x - r, y - r, x + r, y + r], fill=colour)
    out = io.BytesIO()
    img.save(out, "JPEG", quality=85)
    return out.getvalue()
