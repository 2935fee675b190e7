"""The desk's story list stays cheap however many stories there are (issue 5).

A page view of the list runs a fixed number of queries (bylines, sections, photos fetched
for the whole page), never a COUNT(*) of the whole table on PostgreSQL once the table is big
(the planner's estimate stands in for it), no second count for "N total", no scan of every
date, and never reads the story bodies.
"""

import re
from datetime import timedelta

import pytest
from django.contrib import admin
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article
from editorial.admin.articles import EstimatedCountPaginator, round_estimate
from editorial.workflow import Status
from images.models import Image
from tests.factories import ArticleFactory, AuthorFactory, SectionFactory, UserFactory

LIST_URL = "/admin/articles/article/"
on_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs PostgreSQL (DATABASE_URL=postgres://…)"
)
# A count of the stories with no condition at all: the whole table.
WHOLE_TABLE_COUNT = re.compile(
    r'^SELECT COUNT\(\*\) AS "__count" FROM "articles_article"\s*$', re.IGNORECASE
)


def make_stories(n, *, start=0, **fields):
    """`n` published stories, newest first by number, each as the list shows it at its
    heaviest: in a sub-section (its name shows the parent's), two bylines, a lead photo."""
    parent = SectionFactory()
    photo = Image.objects.create(
        file="images/2026/11/port.jpg", alt_text_ar="ميناء", width=1200, height=800,
        rendition_widths=[320, 640],
    )
    now = timezone.now()
    return [
        ArticleFactory(
            published=True, published_at=now - timedelta(minutes=start + number),
            section=SectionFactory(parent=parent), lead_image=photo,
            bylines=[AuthorFactory(), AuthorFactory()], **fields,
        )
        for number in range(n)
    ]


def list_page(client, url=LIST_URL):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return response, [query["sql"] for query in queries.captured_queries]


def listed(response) -> list[int]:
    return [story.pk for story in response.context["cl"].result_list]


def analyze():
    """Fresh planner statistics, as autovacuum keeps them on a live site."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE articles_article")


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def estimate_from(monkeypatch):
    """Make the list use the planner's estimate from `n` rows up (10,000 on a live site)."""
    def lower(n):
        monkeypatch.setattr(EstimatedCountPaginator, "exact_count_below", n)
    return lower


@pytest.fixture
def per_page(monkeypatch):
    def set_to(n):
        monkeypatch.setattr(admin.site.get_model_admin(Article), "list_per_page", n)
    return set_to


def test_the_list_runs_as_many_queries_for_30_stories_as_for_3(editor_client):
    make_stories(3)
    _response, few = list_page(editor_client)
    make_stories(27, start=3)

    response, many = list_page(editor_client)

    assert len(listed(response)) == 30
    assert len(many) == len(few), "\n".join(many)


def test_each_row_shows_its_bylines_section_and_photo(editor_client):
    story = make_stories(1)[0]

    html = list_page(editor_client)[0].content.decode()

    bylines = [byline.author.name for byline in story.bylines.all()]
    assert "، ".join(bylines) in html
    assert f"{story.section.parent.name} › {story.section.name}" in html
    assert story.lead_image.thumbnail_url in html


def test_the_list_does_not_read_story_bodies_but_the_form_does(editor_client):
    story = make_stories(1, body_ar="<p>نص الخبر الكامل.</p>")[0]

    _response, queries = list_page(editor_client)
    form = editor_client.get(f"{LIST_URL}{story.pk}/change/").content.decode()

    assert not [sql for sql in queries if '"articles_article"."body_ar"' in sql]
    assert "نص الخبر الكامل." in form


def test_one_count_at_most_and_no_scan_of_every_date(editor_client):
    """No second COUNT(*) for "N total", no facet counts, no date_hierarchy (its top level
    is a DISTINCT over the years of every story)."""
    make_stories(3)

    _response, queries = list_page(editor_client, f"{LIST_URL}?_facets=1")

    counts = [sql for sql in queries if "COUNT(" in sql.upper()]
    assert len(counts) <= 1, counts
    assert not [sql for sql in queries if "DISTINCT" in sql.upper()]


def test_pages_of_the_list_in_order(editor_client, per_page):
    per_page(10)
    stories = make_stories(25)  # newest first

    first, _queries = list_page(editor_client)
    third, _queries = list_page(editor_client, f"{LIST_URL}?p=3")

    assert listed(first) == [story.pk for story in stories[:10]]
    assert listed(third) == [story.pk for story in stories[20:]]
    html = first.content.decode()
    assert 'href="?p=3"' in html
    assert "25 الأخبار" in html  # counted exactly: a short list


def test_journalist_list_is_still_only_what_they_may_see(client, journalist, per_page):
    per_page(10)
    colleague = UserFactory(username="colleague", role="journalist")
    published = make_stories(3)
    own_draft = ArticleFactory(created_by=journalist, status=Status.DRAFT)
    ArticleFactory(created_by=colleague, status=Status.DRAFT)
    ArticleFactory(created_by=colleague, status=Status.IN_REVIEW)
    client.force_login(journalist)

    response, _queries = list_page(client)

    assert set(listed(response)) == {own_draft.pk, *(story.pk for story in published)}


def test_estimates_are_rounded_to_two_significant_figures():
    assert [round_estimate(n) for n in (0, 7, 99, 123, 9_876, 998_123, 1_049_999)] == [
        0, 7, 99, 120, 9_900, 1_000_000, 1_000_000,
    ]


@on_postgres
@pytest.mark.postgres
class TestLongListOnPostgres:
    def test_a_big_table_is_never_counted_whole(self, editor_client, estimate_from, per_page):
        per_page(10)
        stories = make_stories(30)
        analyze()
        estimate_from(20)

        response, queries = list_page(editor_client)

        assert not [sql for sql in queries if WHOLE_TABLE_COUNT.match(sql.strip())], queries
        assert not [sql for sql in queries if "COUNT(" in sql.upper()]
        assert any(sql.startswith("EXPLAIN (FORMAT JSON)") for sql in queries)
        cl = response.context["cl"]
        assert cl.paginator.count_is_estimate
        assert cl.result_count == 30  # ANALYZE of a small table reads every row
        assert listed(response) == [story.pk for story in stories[:10]]
        html = response.content.decode()
        assert "نحو 30 خبرًا" in html
        assert 'href="?p=3"' in html
        # No "select all 30 stories" for an estimated count: actions run on ticked rows.
        assert 'class="question' not in html

    def test_the_estimate_pages_through_the_list(self, editor_client, estimate_from, per_page):
        per_page(10)
        stories = make_stories(30)
        analyze()
        estimate_from(20)

        third, _queries = list_page(editor_client, f"{LIST_URL}?p=3")

        assert listed(third) == [story.pk for story in stories[20:]]

    def test_a_count_the_planner_guessed_too_low_stops_at_the_threshold(
        self, editor_client, estimate_from, per_page
    ):
        """The planner takes a search's words as independent: two words that always come
        together, each in half the stories, are guessed at a quarter of the table where
        they match half. The exact count then stops at the threshold, not the table."""
        per_page(10)
        stories = make_stories(30, title_ar="أمطار غزيرة في المدينة الساحلية")
        make_stories(30, start=30, title_ar="جلسة البرلمان المسائية")
        analyze()
        estimate_from(20)

        response, queries = list_page(editor_client, f"{LIST_URL}?q=أمطار الساحلية")

        counts = [sql for sql in queries if "COUNT(" in sql.upper()]
        assert len(counts) == 1 and "LIMIT 21" in counts[0], counts
        cl = response.context["cl"]
        assert cl.paginator.count_is_lower_bound and cl.result_count == 20
        assert listed(response) == [story.pk for story in stories[:10]]
        html = response.content.decode()
        assert html.count("أكثر من 20 خبرًا") == 2  # under the search box and the pages

    def test_a_short_filtered_list_is_counted_exactly(self, editor_client, estimate_from):
        make_stories(30)
        draft = ArticleFactory(status=Status.DRAFT)
        analyze()
        estimate_from(20)

        response, queries = list_page(editor_client, f"{LIST_URL}?status__exact=draft")

        assert listed(response) == [draft.pk]
        assert response.context["cl"].result_count == 1
        assert not response.context["cl"].paginator.count_is_estimate
        counts = [sql for sql in queries if "COUNT(" in sql.upper()]
        assert len(counts) == 1 and "WHERE" in counts[0]

    def test_journalist_sees_only_what_they_may_with_an_estimate(
        self, client, journalist, estimate_from, per_page
    ):
        per_page(50)
        colleague = UserFactory(username="colleague", role="journalist")
        published = make_stories(30)
        own_draft = ArticleFactory(created_by=journalist, status=Status.DRAFT)
        for _n in range(5):
            ArticleFactory(created_by=colleague, status=Status.DRAFT)
        analyze()
        estimate_from(1)
        client.force_login(journalist)

        response, _queries = list_page(client)

        assert response.context["cl"].paginator.count_is_estimate
        assert set(listed(response)) == {own_draft.pk, *(story.pk for story in published)}
