"""`manage.py seed_articles`: generated, published stories in bulk, idempotent and repeatable."""

import io
import re
from collections import Counter
from datetime import timedelta

from django.core.management import call_command
from django.db import connection
from django.test import SimpleTestCase, TestCase
from django.test.utils import CaptureQueriesContext

from articles.models import Article, ArticleAuthor, Tag, TaggedArticle
from authors.models import Author
from core.text import arabic_slug, sanitize_body
from demo.management.commands.seed_articles import (
    SEED_USERNAME,
    ProgressBar,
    default_jobs,
    image_note,
)
from demo.vocabulary import vocabulary
from images.models import Image
from search.document import search_extra_for
from sections.models import Section
from tests.factories import SectionFactory

UNTIL = "2026-06-01T18:00:00+03:00"
ARABIC_LETTER = re.compile("[\u0621-\u064a]")


def seed(count, **options):
    """Run the command; return (stdout, stderr, the queries it made)."""
    out, err = io.StringIO(), io.StringIO()
    with CaptureQueriesContext(connection) as queries:
        call_command("seed_articles", count=count, stdout=out, stderr=err, **options)
    return out.getvalue(), err.getvalue(), [q["sql"] for q in queries.captured_queries]


def seeded():
    return Article.objects.filter(created_by__username=SEED_USERNAME)


def inserts_into_story_tables(queries):
    return [
        sql.split('"')[1] for sql in queries
        if sql.startswith('INSERT INTO "articles_article"')
        or sql.startswith('INSERT INTO "articles_articleauthor"')
        or sql.startswith('INSERT INTO "articles_taggedarticle"')
    ]


class SeedArticlesTests(TestCase):
    """300 stories made once for the class, as a newsroom with no sections would get them."""

    @classmethod
    def setUpTestData(cls):
        cls.out, cls.err, cls.queries = seed(300, until=UNTIL)

    def test_makes_published_stories_readers_can_see(self):
        """Every seeded story is published, dated in the past, and in Article.published()."""
        self.assertEqual(seeded().count(), 300)
        self.assertEqual(Article.objects.published().filter(created_by__username=SEED_USERNAME)
                         .count(), 300)

    def test_stories_have_bylines_tags_sections_and_text_of_realistic_size(self):
        """Each story has 1-4 bylines, 1-6 tags, a section, an 8-14 word headline, a summary
        and 5-15 paragraphs of 30-70 words."""
        for article in seeded().prefetch_related("bylines", "tags"):
            self.assertIn(len(article.bylines.all()), range(1, 5))
            self.assertIn(len(article.tags.all()), range(1, 7))
            self.assertIn(len(article.title_ar.split()), range(8, 15))
            self.assertTrue(article.summary_ar)
            paragraphs = re.findall(
                r"<p>(.*?)</p>", re.sub(r"<blockquote>.*?</blockquote>", "", article.body_ar)
            )
            self.assertIn(len(paragraphs), range(5, 16))
            for paragraph in paragraphs:
                self.assertIn(len(paragraph.split()), range(30, 71))
        self.assertTrue(seeded().filter(body_ar__contains="<h2>").exists())

    def test_some_stories_have_english_and_some_a_library_image(self):
        """About 15% have an English edition and about 30% a lead image from a pool of 20."""
        english = seeded().exclude(title_en="").exclude(body_en="").exclude(summary_en="")
        self.assertIn(english.count(), range(20, 80))
        self.assertTrue(all(a.has_edition("en") for a in english))
        with_image = seeded().filter(lead_image__isnull=False)
        self.assertIn(with_image.count(), range(50, 140))
        self.assertEqual(Image.objects.count(), 20)
        self.assertTrue(all(image.rendition_widths for image in Image.objects.all()))

    def test_makes_the_standard_sections_bylines_and_tags_when_there_are_none(self):
        """A database without sections gets سياسة، عالم… with sub-sections; 200 journalists
        plus the outlet and the agency; 2,000 tags."""
        self.assertEqual(Section.objects.count(), len(vocabulary().standard_sections))
        self.assertTrue(Section.objects.filter(parent__isnull=False).exists())
        self.assertEqual(Author.objects.count(), 202)
        self.assertTrue(Author.objects.filter(kind=Author.Kind.OUTLET).exists())
        self.assertTrue(Author.objects.filter(kind=Author.Kind.AGENCY).exists())
        self.assertEqual(Tag.objects.count(), 2000)
        used_sections = set(seeded().values_list("section", flat=True))
        self.assertGreaterEqual(len(used_sections), 7)

    def test_a_few_staff_sign_most_stories(self):
        """Bylines are skewed (Zipf-like): the ten busiest journalists sign more stories than
        the other 190 together."""
        per_author = Counter(ArticleAuthor.objects.filter(
            author__kind__in=[Author.Kind.STAFF, Author.Kind.CONTRIBUTOR]
        ).values_list("author", flat=True))
        busiest = [n for _author, n in per_author.most_common()]
        self.assertGreater(sum(busiest[:10]), sum(busiest[10:]))

    def test_slugs_keep_arabic_letters(self):
        """Slugs are made from the Arabic headline, as Article.save() would, and keep its
        letters (not the empty string an ASCII slugify gives)."""
        for title, slug in seeded().values_list("title_ar", "slug"):
            self.assertRegex(slug, ARABIC_LETTER)
            self.assertEqual(slug, arabic_slug(title))

    def test_bodies_are_what_the_sanitiser_keeps(self):
        """The command skips sanitize_body per row because the bodies are already clean."""
        for body_ar, body_en in seeded().values_list("body_ar", "body_en"):
            self.assertEqual(sanitize_body(body_ar), body_ar)
            self.assertEqual(sanitize_body(body_en), body_en)

    def test_search_text_is_filled_as_saving_would(self):
        """search_extra holds the tag and byline names, as search/document.py computes them."""
        ids = list(seeded().values_list("pk", flat=True))
        expected = search_extra_for(ids)
        for pk, extra in seeded().values_list("pk", "search_extra"):
            self.assertTrue(extra)
            self.assertEqual(extra, expected[pk])

    def test_dates_spread_over_years_and_denser_recently(self):
        """Stories go back about six years, with more in the last year than the first."""
        dates = sorted(seeded().values_list("published_at", flat=True))
        newest, oldest = dates[-1], dates[0]
        self.assertGreater(newest - oldest, timedelta(days=365 * 4))
        last_year = sum(1 for d in dates if d > newest - timedelta(days=365))
        first_year = sum(1 for d in dates if d < oldest + timedelta(days=365))
        self.assertGreater(last_year, first_year)
        for created_at, published_at in seeded().values_list("created_at", "published_at"):
            self.assertLess(created_at, published_at)

    def test_progress_is_reported_on_stderr(self):
        """Not a terminal: a progress line with count, rate and ETA."""
        self.assertIn("300/300", self.err)
        self.assertIn("/s", self.err)
        self.assertIn("ETA", self.err)
        self.assertIn("300 seeded stories in all", self.out)

    def test_a_second_run_with_the_same_count_adds_nothing(self):
        """--count is a target: nothing is added, and no pool row is made twice."""
        models = (Article, ArticleAuthor, TaggedArticle, Author, Tag, Image, Section)
        before = [model.objects.count() for model in models]

        out, _err, _queries = seed(300, until=UNTIL)

        self.assertEqual([model.objects.count() for model in models], before)
        self.assertIn("nothing to add", out)

    def test_a_larger_count_adds_the_difference_reusing_the_pools(self):
        """Going from 300 to 900 adds 600 stories and no section, author, tag or image; the
        number of INSERT statements does not grow with the number of stories."""
        pools = [model.objects.count() for model in (Author, Tag, Image, Section)]

        _out, _err, queries = seed(900, until=UNTIL)

        self.assertEqual(seeded().count(), 900)
        self.assertEqual([model.objects.count() for model in (Author, Tag, Image, Section)], pools)
        # One INSERT per table per batch, whether the batch has 300 stories or 600.
        self.assertEqual(
            inserts_into_story_tables(queries), inserts_into_story_tables(self.queries)
        )
        self.assertEqual(
            sorted(inserts_into_story_tables(queries)),
            ["articles_article", "articles_articleauthor", "articles_taggedarticle"],
        )
        self.assertLess(len(queries), 40)

    def test_the_same_seed_writes_the_same_stories(self):
        """Remade from scratch with the same --seed and --until, the stories are identical;
        another seed gives other stories."""
        first = self.story_fingerprints()
        self.delete_seeded()

        seed(300, until=UNTIL)
        again = self.story_fingerprints()
        self.delete_seeded()
        seed(300, until=UNTIL, seed=1)
        other = self.story_fingerprints()

        self.assertEqual(again, first)
        self.assertNotEqual([s[0] for s in other], [s[0] for s in first])

    def story_fingerprints(self):
        return [
            (a.title_ar, a.body_ar, a.title_en, a.section_id, a.lead_image_id, a.published_at,
             [b.author_id for b in a.bylines.all()], sorted(t.pk for t in a.tags.all()))
            for a in seeded().order_by("pk").prefetch_related("bylines", "tags")
        ]

    def delete_seeded(self):
        seeded().delete()  # bylines and tags go with them


class SeedArticlesIntoExistingSectionsTests(TestCase):
    def test_stories_go_to_the_sections_that_exist(self):
        """With sections already there, no standard set is made; a section's name picks the
        desk vocabulary (رياضة → sport). Library images from an earlier run are reused."""
        sport = SectionFactory(name_ar="رياضة", name_en="Sport", slug="رياضة")
        images = [
            Image.objects.create(
                file=f"images/seed-{n}.jpg", width=1200, height=800, alt_text_ar="صورة",
                rights_note=image_note(n),
            )
            for n in range(20)
        ]

        seed(20)

        self.assertEqual(Section.objects.count(), 1)
        self.assertEqual(list(Image.objects.order_by("pk")), images)
        self.assertEqual(set(seeded().values_list("section", flat=True)), {sport.pk})
        sport_words = {p.rest for p in vocabulary().themes["sport"].predicates}
        for body in seeded().values_list("body_ar", flat=True):
            self.assertTrue(any(words in body for words in sport_words))


class ProgressBarTests(SimpleTestCase):
    class Terminal(io.StringIO):
        def isatty(self):
            return True

    def make(self, stream, total):
        from django.core.management.base import OutputWrapper

        self.now = 0.0
        return ProgressBar(OutputWrapper(stream), total, clock=lambda: self.now)

    def test_on_a_terminal_redraws_one_line_at_most_four_times_a_second(self):
        stream = self.Terminal()
        bar = self.make(stream, 1000)
        for _n in range(10):
            self.now += 0.01
            bar.update(10)
        self.now += 1
        bar.update(10)
        bar.close()

        drawn = stream.getvalue()
        self.assertEqual(drawn.count("\r"), 2)  # one redraw, one final line
        self.assertIn("110/1,000", drawn)
        self.assertIn("ETA", drawn)
        self.assertNotIn("\x1b[31m", drawn)  # not painted as an error
        self.assertTrue(drawn.endswith("\n"))

    def test_elsewhere_prints_a_line_every_five_percent(self):
        stream = io.StringIO()
        bar = self.make(stream, 1000)
        for _n in range(100):
            self.now += 0.1
            bar.update(10)
        bar.close()

        lines = stream.getvalue().splitlines()
        self.assertEqual(len(lines), 20)
        self.assertIn("1,000/1,000 100%", lines[-1])
        self.assertIn("100/s", lines[-1])


class JobsTests(TestCase):
    """How many processes insert when --jobs is not given."""

    def test_inside_a_transaction_one_process_and_more_is_refused(self):
        from django.core.management.base import CommandError

        self.assertTrue(connection.in_atomic_block)  # a TestCase runs in one
        self.assertEqual(default_jobs(connection), 1)
        if connection.vendor == "postgresql":
            with self.assertRaisesMessage(CommandError, "inside a transaction"):
                seed(10, jobs=2, until=UNTIL)
        self.assertFalse(seeded().exists())


class DefaultJobsOutsideTransactionTests(SimpleTestCase):
    def test_one_per_cpu_on_postgresql_at_most_four_and_one_on_sqlite(self):
        import os
        from unittest import mock

        class Connection:
            in_atomic_block = False

            def __init__(self, vendor):
                self.vendor = vendor

        for cpus, expected in [(1, 1), (2, 2), (16, 4), (None, 1)]:
            with mock.patch.object(os, "cpu_count", return_value=cpus):
                self.assertEqual(default_jobs(Connection("postgresql")), expected)
                self.assertEqual(default_jobs(Connection("sqlite")), 1)
