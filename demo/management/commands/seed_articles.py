"""`manage.py seed_articles --count N`: generated, published stories in bulk, for load and
performance work. Idempotent (stories of the user ``seed_articles`` are counted, and only the
difference is added) and deterministic (story k of a ``--seed`` is always the same text).
"""

import math
import multiprocessing
import os
import random
import time
import traceback
from contextlib import contextmanager
from datetime import datetime, timedelta
from typing import NamedTuple
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, connections, reset_queries, transaction
from django.utils import timezone, translation

from articles.models import Article, ArticleAuthor, Tag, TaggedArticle
from authors.models import Author
from core.text import arabic_slug
from demo import stories
from demo.pictures import illustration_jpeg
from demo.vocabulary import read, vocabulary
from editorial.workflow import Status
from images.models import Image
from images.services import create_image
from search.document import search_extra_for
from sections.models import Section

SEED_USERNAME = "seed_articles"
IMAGE_MARKER = "seed_articles image"
AUTHOR_COUNT = 200
TAG_COUNT = 2000
IMAGE_COUNT = 20

ENGLISH_SHARE = 0.15
IMAGE_SHARE = 0.30
KICKER_SHARE = 0.18
FEATURED_SHARE = 0.005
BREAKING_SHARE = 0.002
# How many stories carry 1, 2… 6 tags.
TAG_COUNT_WEIGHTS = [18, 26, 24, 16, 10, 6]
# Publishing hours in the newsroom's time zone: busy by day, a trickle at night.
HOUR_WEIGHTS = [1, 1, .5, .5, .5, 1, 2, 4, 6, 8, 9, 9, 9, 8, 8, 8, 7, 7, 7, 6, 6, 5, 4, 2]
# The newest day sees this many times more stories than the oldest.
GROWTH = 4.0


class Command(BaseCommand):
    help = "Make sure at least --count generated, published stories exist (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, required=True,
                            help="How many seeded stories should exist when the command ends.")
        parser.add_argument("--seed", type=int, default=0, help="Fixes the generated text.")
        parser.add_argument("--batch-size", type=int, default=2000,
                            help="Stories per INSERT and per transaction.")
        parser.add_argument("--years", type=float, default=6.0,
                            help="How far back publication dates go.")
        parser.add_argument("--jobs", type=int, default=None,
                            help="Processes inserting at once (PostgreSQL only). Default: one "
                                 "per CPU, at most 4, on PostgreSQL; 1 on SQLite.")
        parser.add_argument("--until", type=datetime.fromisoformat, default=None,
                            help="Newest publication time (ISO 8601); default now.")

    def handle(self, *args, count, seed, batch_size, years, until, jobs, verbosity, **options):
        if jobs is None:
            jobs = default_jobs(connection)
        if count < 0 or batch_size < 1 or years <= 0 or jobs < 1:
            raise CommandError(
                "--count must be >= 0, --batch-size and --jobs >= 1, and --years > 0."
            )
        if jobs > 1 and connection.vendor != "postgresql":
            raise CommandError("--jobs above 1 needs PostgreSQL (SQLite has one writer).")
        if jobs > 1 and connection.in_atomic_block:
            raise CommandError("--jobs above 1 cannot run inside a transaction.")
        if isinstance(until, str):  # call_command() passes options through unparsed
            until = datetime.fromisoformat(until)
        until = until or timezone.now()
        if timezone.is_naive(until):
            until = timezone.make_aware(until)
        self.verbosity = verbosity
        started = time.monotonic()
        # modeltranslation fills the untranslated columns (title, body…) from the active
        # language; they must get the Arabic text whatever LANGUAGE the shell has.
        with translation.override(settings.LANGUAGE_CODE):
            user = self._seed_user()
            existing = Article.objects.filter(created_by=user).count()
            if existing >= count:
                self._say(f"{existing:,} seeded stories exist; nothing to add.")
                return
            world = World(
                sections=self._sections(), authors=self._authors(), tags=self._tags(),
                images=self._images(), user=user,
            )
            set_up = time.monotonic()
            added = self._stories(world, existing, count, seed, batch_size, years, until, jobs)
            inserted = time.monotonic()
            self._analyze()
        finished = time.monotonic()
        self._say(
            f"Added {added:,} stories in {finished - started:.1f}s: "
            f"{added / (inserted - set_up):,.0f} stories/s, after {set_up - started:.1f}s of "
            f"set-up and before {finished - inserted:.1f}s of ANALYZE; "
            f"{existing + added:,} seeded stories in all.",
            style=self.style.SUCCESS,
        )

    def _say(self, message, style=None, level=1):
        if self.verbosity >= level:
            self.stdout.write(message, style_func=style)

    def _analyze(self):
        # Autovacuum analyses a table only some time after a bulk load; until it does, the
        # planner believes the old row counts (docs/benchmarks.md, "Seeding"). Perf work
        # should start from fresh statistics.
        if connection.vendor != "postgresql":
            return
        tables = [model._meta.db_table for model in (Article, ArticleAuthor, TaggedArticle)]
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {', '.join(tables)}")

    # The world the stories live in: found or made once, then reused --------------------------

    def _seed_user(self):
        User = get_user_model()
        user, created = User.objects.get_or_create(
            **{User.USERNAME_FIELD: SEED_USERNAME},
            defaults={"is_active": False, "is_staff": False},
        )
        if created:
            # Marks the seeded stories; nobody logs in as it.
            user.set_unusable_password()
            user.save(update_fields=["password"])
        return user

    def _sections(self) -> list[tuple[int, str, float]]:
        """(section id, desk theme, weight) for every active section."""
        weights = vocabulary().theme_weights
        if not Section.objects.exists():
            made = {}
            for order, (name_ar, name_en, parent, _theme) in enumerate(
                vocabulary().standard_sections
            ):
                made[name_ar] = Section.objects.create(
                    name=name_ar, name_ar=name_ar, name_en=name_en, order=order,
                    parent=made.get(parent), slug=arabic_slug(name_ar, 120),
                )
            self._say(f"Sections: made the standard {len(made)}.", level=2)
        sections = list(Section.objects.active().select_related("parent").order_by("pk"))
        if not sections:
            raise CommandError("There are sections but none is active; stories need one.")
        themes = {}
        for section in sorted(sections, key=lambda s: s.parent_id is not None):
            parent_theme = themes.get(section.parent_id)
            themes[section.pk] = stories.theme_for_section(
                section.name_ar or section.name, section.name_en or "", parent_theme
            )
        per_theme = {}
        for theme in themes.values():
            per_theme[theme] = per_theme.get(theme, 0) + 1
        return [
            (section.pk, themes[section.pk],
             weights[themes[section.pk]] / per_theme[themes[section.pk]])
            for section in sections
        ]

    def _authors(self) -> dict:
        """The outlet, the agency and the journalists (most prolific first), by slug."""
        people = stories.seed_authors(AUTHOR_COUNT)
        outlet, agency = vocabulary().outlet, vocabulary().agency
        wanted = [
            Author(slug=slug, name=ar, name_ar=ar, name_en=en, kind=kind)
            for (slug, ar, en), kind in ((outlet, Author.Kind.OUTLET), (agency, Author.Kind.AGENCY))
        ] + [
            Author(
                slug=person.slug, name=person.name_ar, name_ar=person.name_ar,
                name_en=person.name_en, job_title_ar=person.job_title_ar,
                job_title_en=person.job_title_en,
                kind=Author.Kind.STAFF if person.staff else Author.Kind.CONTRIBUTOR,
            )
            for person in people
        ]
        found = dict(
            Author.objects.filter(slug__in=[a.slug for a in wanted]).values_list("slug", "pk")
        )
        missing = [author for author in wanted if author.slug not in found]
        Author.objects.bulk_create(missing)
        found = dict(
            Author.objects.filter(slug__in=[a.slug for a in wanted]).values_list("slug", "pk")
        )
        self._say(f"Authors: {len(wanted)} ({len(missing)} new).", level=2)
        return {
            "outlet": found[outlet[0]],
            "agency": found[agency[0]],
            "people": [(found[p.slug], p.theme) for p in people],
        }

    def _tags(self) -> dict:
        """Tag ids grouped the way stories pick them: by desk, by country, by desk+country."""
        wanted = stories.seed_tags(TAG_COUNT)
        names = [tag.name_ar for tag in wanted]
        found = dict(Tag.objects.filter(name_ar__in=names).values_list("name_ar", "pk"))
        missing = [tag for tag in wanted if tag.name_ar not in found]
        if missing:
            # Another tag (the desk's own) may already hold an English name or a slug.
            taken_en = {
                name.lower() for name in Tag.objects.filter(
                    name_en__in=[t.name_en for t in missing if t.name_en]
                ).values_list("name_en", flat=True)
            }
            taken_slugs = set(Tag.objects.values_list("slug", flat=True))
            rows = []
            for tag in missing:
                slug = base = arabic_slug(tag.name_ar, 90) or "tag"
                n = 2
                while slug in taken_slugs:
                    slug, n = f"{base}-{n}", n + 1
                taken_slugs.add(slug)
                name_en = tag.name_en
                if name_en and name_en.lower() in taken_en:
                    name_en = None
                rows.append(Tag(name=tag.name_ar, name_ar=tag.name_ar, name_en=name_en, slug=slug))
            Tag.objects.bulk_create(rows)
            found = dict(Tag.objects.filter(name_ar__in=names).values_list("name_ar", "pk"))
        self._say(f"Tags: {len(wanted)} ({len(missing)} new).", level=2)
        by_theme = {key: [] for key in vocabulary().themes}
        by_country, by_theme_country, cities = {}, {}, []
        country_names = {place.ar: n for n, place in enumerate(vocabulary().places)}
        for tag in wanted:
            pk = found[tag.name_ar]
            if tag.country is not None:
                by_country[tag.country] = pk
            elif tag.theme is None:
                cities.append(pk)
            else:
                by_theme[tag.theme].append(pk)
                # "<noun> <country>" tags go with stories about that country.
                country = country_names.get(tag.name_ar.split(" ", 1)[-1])
                if country is not None:
                    by_theme_country.setdefault((tag.theme, country), []).append(pk)
        return {
            "by_theme": {
                key: (ids, stories.zipf_cum_weights(len(ids), s=1.05))
                for key, ids in by_theme.items()
            },
            "by_country": by_country,
            "by_theme_country": by_theme_country,
            "cities": (cities, stories.zipf_cum_weights(len(cities), s=1.0)),
        }

    def _images(self) -> list[int]:
        """The pool of library images, made once through the media library's own service."""
        found = dict(
            Image.objects.filter(rights_note__startswith=IMAGE_MARKER)
            .values_list("rights_note", "pk")
        )
        made, words = 0, read("images")
        for n in range(IMAGE_COUNT):
            note = image_note(n)
            if note in found:
                continue
            image = create_image(
                file=ContentFile(illustration_jpeg(n), name=f"seed-{n + 1:02d}.jpg"),
                alt_text_ar=stories.image_alt_text(n),
                caption_ar=words["caption"],
                credit_ar=words["credit"],
                rights_note=note,
            )
            found[note] = image.pk
            made += 1
        self._say(f"Images: {IMAGE_COUNT} ({made} new).", level=2)
        return [pk for _note, pk in sorted(found.items())][:IMAGE_COUNT]

    # The stories ------------------------------------------------------------------------------

    def _stories(self, world, existing, count, seed, batch_size, years, until, jobs) -> int:
        dates = publication_dates(
            random.Random(f"{seed}:dates:{existing}"), count - existing, until=until,
            span=timedelta(days=365.25 * years),
        )
        batches = [
            range(start, min(start + batch_size, count))
            for start in range(existing, count, batch_size)
        ]
        plan = Plan(world, seed, existing, dates, until)
        progress = ProgressBar(self.stderr, count - existing)
        with _auto_timestamps_off():
            if jobs == 1:
                for numbers in batches:
                    progress.update(insert_batch(plan, numbers))
            else:
                for done in _in_processes(plan, batches, jobs):
                    progress.update(done)
        progress.close()
        return count - existing


class Plan(NamedTuple):
    """What every batch needs to know; shared with the worker processes."""

    world: "World"
    seed: int
    first: int  # the number of the first story of this run
    dates: list  # publication times of this run's stories, oldest first
    until: datetime  # nothing happens later than this


def default_jobs(connection) -> int:
    """One inserting process per CPU on PostgreSQL, where the search vectors the database
    computes are most of a story's cost; at most 4, so a seed leaves a big server some cores.
    One on SQLite (a single writer) and inside a transaction, which other processes cannot join."""
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return 1
    return max(1, min(4, os.cpu_count() or 1))


def insert_batch(plan: Plan, numbers: range) -> int:
    """Insert stories `numbers` with their bylines and tags in one transaction, so a stopped run
    leaves whole stories only. Article.save() is bypassed: no Transition or revision rows."""
    batch = [
        plan.world.story(plan.seed, number, plan.dates[number - plan.first], plan.until)
        for number in numbers
    ]
    with transaction.atomic():
        # The ids are taken first so that bylines and tags can go in before their stories
        # (the foreign keys are checked at COMMIT): then search.py reads the names from them
        # and every story row is written once, search text included, instead of inserted and
        # then updated (on PostgreSQL an update recomputes the generated search vectors).
        ids = reserve_article_ids(len(batch))
        for (article, _bylines, _tags), pk in zip(batch, ids, strict=True):
            article.pk = pk
        ArticleAuthor.objects.bulk_create([
            ArticleAuthor(article_id=article.pk, author_id=author, order=order)
            for article, bylines, _tags in batch
            for order, author in enumerate(bylines)
        ])
        TaggedArticle.objects.bulk_create([
            TaggedArticle(content_object_id=article.pk, tag_id=tag)
            for article, _bylines, tags in batch
            for tag in tags
        ])
        articles = [article for article, _bylines, _tags in batch]
        fill_search_fields(articles)
        Article.objects.bulk_create(articles, batch_size=len(articles))
    if settings.DEBUG and not connection.force_debug_cursor:
        # With DEBUG on (development settings) Django keeps the SQL of the last 9,000
        # queries, and a batch's INSERT is some 16 MB of text: a long run would hold gigabytes.
        # (force_debug_cursor: a test capturing queries wants them kept.)
        reset_queries()
    return len(batch)


def fill_search_fields(articles: list[Article]) -> None:
    """Fields that Article.save() or signals keep for search, which bulk_create skips.

    The one place to keep in step with search/document.py. Today: `search_extra`, the tag and
    byline names, read from the rows already inserted for these (unsaved) articles' ids.
    PostgreSQL computes the search vectors itself, from the columns of the INSERT.
    """
    extras = search_extra_for([article.pk for article in articles])
    for article in articles:
        article.search_extra = extras[article.pk]


def reserve_article_ids(count: int) -> list[int]:
    """`count` unused Article ids, taken from the table's sequence (PostgreSQL), or after
    the highest id ever used (SQLite, where one process writes at a time)."""
    table = Article._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                [table, count],
            )
            return [row[0] for row in cursor.fetchall()]
        cursor.execute(f'SELECT MAX("id") FROM "{table}"')
        highest = cursor.fetchone()[0] or 0
        if connection.vendor == "sqlite":
            # AUTOINCREMENT never reuses the id of a deleted row; neither do we.
            cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
            row = cursor.fetchone()
            highest = max(highest, row[0] if row else 0)
    return list(range(highest + 1, highest + 1 + count))


def _in_processes(plan: Plan, batches: list[range], jobs: int):
    """Insert the batches from `jobs` forked processes; yield stories done as they finish.

    On PostgreSQL the server computes each story's search vectors, which costs more than
    everything else together: a second connection puts the second core to work.
    """
    context = multiprocessing.get_context("fork")
    results = context.SimpleQueue()
    connections.close_all()  # each process opens its own
    workers = [
        context.Process(target=_worker, args=(plan, batches[n::jobs], results), daemon=True)
        for n in range(jobs)
    ]
    for worker in workers:
        worker.start()
    try:
        for _batch in batches:
            kind, value = results.get()
            if kind == "error":
                raise CommandError(f"A worker process failed:\n{value}")
            yield value
    finally:
        for worker in workers:
            if worker.is_alive():
                worker.terminate()
            worker.join()


def _worker(plan: Plan, batches: list[range], results) -> None:
    try:
        for numbers in batches:
            results.put(("done", insert_batch(plan, numbers)))
    except BaseException:  # noqa: BLE001 (reported to the parent, which stops the run)
        results.put(("error", traceback.format_exc()))
    finally:
        connections.close_all()


class World:
    """What a story is drawn from: sections, bylines, tags, images, with their weights."""

    def __init__(self, *, sections, authors, tags, images, user):
        self.sections = [(pk, theme) for pk, theme, _w in sections]
        self.section_weights = list(_accumulate(w for _pk, _t, w in sections))
        self.outlet, self.agency = authors["outlet"], authors["agency"]
        people = authors["people"]
        self.people = [pk for pk, _theme in people]
        # A journalist writes mostly for their own desk: Zipf by rank, times 6 at home.
        self.people_weights = {
            key: list(_accumulate(
                (6.0 if theme == key else 1.0) / (rank + 1) ** 1.1
                for rank, (_pk, theme) in enumerate(people)
            ))
            for key in vocabulary().themes
        }
        self.tags = tags
        self.images = images
        self.user_id = user.pk

    def story(self, seed: int, number: int, published_at, until) -> tuple[Article, list, list]:
        """Story `number` of `seed`: the Article (unsaved), its byline ids, its tag ids."""
        rng = random.Random(f"{seed}:{number}")
        r = rng.random
        section_id, theme = self.sections[stories.pick_weighted(rng, self.section_weights)]
        english = r() < ENGLISH_SHARE
        breaking = r() < BREAKING_SHARE
        text = stories.write_story(
            rng, theme, english=english, kicker=r() < KICKER_SHARE, breaking=breaking
        )
        lead_image = self.images[int(r() * len(self.images))] if r() < IMAGE_SHARE else None
        featured = r() < FEATURED_SHARE
        created_at = published_at - timedelta(minutes=5 + r() * 480)
        # One story in ten is touched up after publication (never after `until`).
        updated_at = published_at + (timedelta(hours=r() * 48) if r() < 0.1 else timedelta())
        updated_at = min(updated_at, until)
        article = Article(
            title_ar=text.title_ar, title_en=text.title_en,
            kicker_ar=text.kicker_ar, kicker_en=text.kicker_en,
            summary_ar=text.summary_ar, summary_en=text.summary_en,
            # Generated from our own word lists inside <p>, <h2> and <blockquote> only: already
            # what the sanitiser keeps (a test checks), so sanitize_body is not run per row.
            body_ar=text.body_ar, body_en=text.body_en,
            slug=arabic_slug(text.title_ar) or "article",
            section_id=section_id,
            lead_image_id=lead_image,
            is_breaking=breaking,
            is_featured=featured,
            status=Status.PUBLISHED,
            published_at=published_at,
            created_by_id=self.user_id,
            created_at=created_at,
            updated_at=updated_at,
            # The touch-up is a reader-visible edit: shown as "updated" past the threshold.
            revised_at=updated_at if updated_at > published_at else None,
        )
        return article, self._bylines(rng, theme), self._tags(rng, theme, text.place)

    def _bylines(self, rng, theme) -> list[int]:
        r = rng.random()
        if r < 0.10:
            return [self.outlet]
        if r < (0.30 if theme in ("world", "economy") else 0.18):
            return [self.agency]
        people = 1 if r < 0.85 else (2 if r < 0.97 else 3)
        weights = self.people_weights[theme]
        chosen = []
        while len(chosen) < people:
            pk = self.people[stories.pick_weighted(rng, weights)]
            if pk not in chosen:
                chosen.append(pk)
        if rng.random() < 0.05:
            chosen.append(self.agency)
        return chosen

    def _tags(self, rng, theme, place) -> list[int]:
        wanted = rng.choices(range(1, 7), TAG_COUNT_WEIGHTS)[0]
        chosen = []
        if rng.random() < 0.6 and place in self.tags["by_country"]:
            chosen.append(self.tags["by_country"][place])
        pairs = self.tags["by_theme_country"].get((theme, place))
        if pairs and rng.random() < 0.35:
            chosen.append(pairs[int(rng.random() * len(pairs))])
        ids, weights = self.tags["by_theme"][theme]
        cities, city_weights = self.tags["cities"]
        for _attempt in range(wanted * 3):
            if len(chosen) >= wanted:
                break
            if rng.random() < 0.08:
                pk = cities[stories.pick_weighted(rng, city_weights)]
            else:
                pk = ids[stories.pick_weighted(rng, weights)]
            if pk not in chosen:
                chosen.append(pk)
        return chosen[:wanted]


def publication_dates(rng: random.Random, count: int, *, until: datetime, span: timedelta):
    """`count` publication times in (until - span, until], oldest first.

    Denser towards `until` (the newest day has GROWTH times the stories of the oldest, the
    newsroom having grown) and spread over the day by HOUR_WEIGHTS, in TIME_ZONE.
    """
    zone = ZoneInfo(settings.TIME_ZONE)
    top = max(HOUR_WEIGHTS)
    rate = math.log(GROWTH)
    seconds = span.total_seconds()
    dates = []
    while len(dates) < count:
        # Inverse-CDF draw of an age with density ∝ exp(-rate * age / span).
        age = -math.log(1 - rng.random() * (1 - 1 / GROWTH)) / rate * seconds
        when = until - timedelta(seconds=age)
        if rng.random() * top < HOUR_WEIGHTS[when.astimezone(zone).hour]:
            dates.append(when.replace(microsecond=0))
    dates.sort()
    return dates


@contextmanager
def _auto_timestamps_off():
    # bulk_create calls each field's pre_save(), and auto_now/auto_now_add would stamp every
    # row with the time of the insert. Seeded stories carry their own created_at/updated_at,
    # so the flags are off for the duration of the command (a one-off process), then restored.
    fields = [Article._meta.get_field(name) for name in ("created_at", "updated_at")]
    saved = [(f.auto_now, f.auto_now_add) for f in fields]
    try:
        for f in fields:
            f.auto_now = f.auto_now_add = False
        yield
    finally:
        for f, (auto_now, auto_now_add) in zip(fields, saved, strict=True):
            f.auto_now, f.auto_now_add = auto_now, auto_now_add


def image_note(n: int) -> str:
    """The `rights_note` by which the pool's image `n` is recognised on the next run."""
    return f"{IMAGE_MARKER} {n + 1:02d}: generated illustration, not a photograph"


def _accumulate(values):
    total = 0.0
    for value in values:
        total += value
        yield total


class ProgressBar:
    """Progress on stderr: count, rate and ETA.

    On a terminal, one line redrawn in place at most four times a second; otherwise (a log
    file, CI) a plain line each time another 5% is done.
    """

    def __init__(self, out, total: int, *, label: str = "stories", clock=time.monotonic):
        self.out, self.total, self.label, self.clock = out, total, label, clock
        self.done = 0
        self.started = self.drawn_at = clock()
        self.tty = out.isatty()
        self.next_step = 5

    def update(self, n: int) -> None:
        self.done += n
        now = self.clock()
        if self.tty:
            if now - self.drawn_at >= 0.25 or self.done >= self.total:
                self._write("\r" + self._line(now) + "\x1b[K")
                self.drawn_at = now
        else:
            percent = 100 * self.done // max(self.total, 1)
            if percent >= self.next_step:
                self._write(self._line(now) + "\n")
                self.next_step = (percent // 5 + 1) * 5

    def close(self) -> None:
        if self.tty:
            self._write("\r" + self._line(self.clock()) + "\x1b[K\n")

    def _line(self, now) -> str:
        elapsed = max(now - self.started, 1e-9)
        rate = self.done / elapsed
        left = (self.total - self.done) / rate if rate else 0
        fraction = self.done / max(self.total, 1)
        bar = "#" * int(fraction * 24)
        return (
            f"{self.label} [{bar:<24}] {self.done:,}/{self.total:,} {fraction:4.0%} "
            f"{rate:,.0f}/s ETA {timedelta(seconds=round(left))}"
        )

    def _write(self, text: str) -> None:
        # str: no colouring; OutputWrapper would paint stderr red on a terminal.
        self.out.write(text, style_func=str, ending="")
        self.out.flush()

