"""The desk's search box finds stories the way the public search does, through indexes.

ArticleAdmin.get_search_results replaces Django's icontains (LIKE '%word%' over four columns,
a scan of the whole table at a million stories) with the full-text search of
search/queries.py over both editions, plus a pasted story number or slug. It searches the
list as the user may see it: drafts for editors, never a colleague's draft for a journalist.
"""

import re

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from editorial.workflow import Status
from tests.factories import ArticleFactory, AuthorFactory, TagFactory, UserFactory

LIST_URL = "/admin/articles/article/"
on_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs PostgreSQL (DATABASE_URL=postgres://…)"
)
# A LIKE whose pattern starts with a wildcard ('%word%', as icontains writes it), or ILIKE:
# what no btree index can serve.
UNINDEXED_LIKE = re.compile(r"\bI?LIKE\s+(?:UPPER\()?'%|\bILIKE\b", re.IGNORECASE)


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


def found(client, query, **params) -> set[int]:
    """The ids of the stories the desk's list shows for `query`."""
    response = client.get(LIST_URL, {"q": query, **params})
    assert response.status_code == 200, response.status_code
    return {story.pk for story in response.context["cl"].result_list}


def story(title_ar, **fields):
    """A story whose only words are the ones the test gives it."""
    return ArticleFactory(**{"title_ar": title_ar, "summary_ar": "", "body_ar": "", **fields})


@pytest.mark.parametrize("query", ["الحكومه", "حكومة", "اجراءات", "الإجراء", "جديده"])
def test_a_spelling_variant_finds_the_story(editor_client, query):
    """Hamza, ta marbuta, the article and the plural are folded as on the public search."""
    wanted = story("الحكومة تعلن إجراءات جديدة")
    story("جلسة البرلمان المسائية")

    assert found(editor_client, query) == {wanted.pk}


def test_every_word_must_match(editor_client):
    story("الحكومة تعلن إجراءات جديدة")

    assert found(editor_client, "الحكومة البرلمان") == set()


@pytest.mark.parametrize("where", ["summary_ar", "body_ar", "tag", "byline"])
def test_words_are_found_beyond_the_headline(editor_client, where):
    """Summary, body, topics and bylines are searched, not just the headline."""
    word = "زلزال"
    if where == "tag":
        wanted = story("خبر أول")
        wanted.tags.add(TagFactory(name_ar=word, name=word))
    elif where == "byline":
        wanted = story("خبر أول", bylines=[AuthorFactory(name_ar=word)])
    else:
        wanted = story("خبر أول", **{where: f"<p>وقع {word} قوي</p>"})
    story("خبر ثان")

    assert found(editor_client, word) == {wanted.pk}


def test_the_english_edition_is_searched_too(editor_client):
    both = story("الميزانية", title_en="Parliament approves the budget")
    arabic_only = story("ميزانية البلدية")

    assert found(editor_client, "budgets") == {both.pk}
    assert found(editor_client, "ميزانيه") == {both.pk, arabic_only.pk}


@pytest.mark.parametrize("fields", [
    {"status": Status.DRAFT},
    {"status": Status.IN_REVIEW},
    {"status": Status.UNPUBLISHED},
    {"status": Status.PUBLISHED, "published_at": timezone.now() + timezone.timedelta(days=1)},
])
def test_the_editor_finds_stories_readers_cannot_see(editor_client, fields):
    """Drafts, stories in review, unpublished and scheduled ones: the desk's list, not the
    public one, is searched."""
    wanted = story("الحكومة تعلن إجراءات جديدة", **fields)

    assert found(editor_client, "الحكومة") == {wanted.pk}


def test_a_journalist_does_not_find_a_colleagues_draft(client, journalist):
    colleague = UserFactory(username="colleague", role="journalist")
    own = story("الحكومة تعلن إجراءات جديدة", created_by=journalist)
    theirs = story("الحكومة تعلن إجراءات أخرى", created_by=colleague)
    published = story("الحكومة تعلن الميزانية", created_by=colleague, published=True)
    client.force_login(journalist)

    assert found(client, "الحكومة") == {own.pk, published.pk}
    assert found(client, str(theirs.pk)) == set()
    assert found(client, theirs.slug) == set()


def test_the_search_combines_with_the_lists_filters(editor_client):
    draft = story("الحكومة تعلن إجراءات جديدة")
    story("الحكومة تعلن الميزانية", published=True)

    assert found(editor_client, "الحكومة", status__exact="draft") == {draft.pk}


@pytest.mark.parametrize("digits", ["0123456789", "٠١٢٣٤٥٦٧٨٩"])
def test_a_story_number_finds_the_story(editor_client, digits):
    """Western or Arabic-Indic digits, as a journalist may paste them."""
    wanted = story("جلسة البرلمان المسائية")
    story("الحكومة تعلن إجراءات جديدة")

    number = str(wanted.pk).translate(str.maketrans("0123456789", digits))
    assert found(editor_client, number) == {wanted.pk}


@pytest.mark.parametrize(("slug", "typed"), [
    ("parliament-approves-the-budget", "parliament-approves-the-budget"),
    ("parliament-approves-the-budget", "parliament-approves"),
    ("البرلمان-يقر-الميزانية", "البرلمان-يقر-الميزانية"),
])
def test_a_slug_or_its_beginning_finds_the_story(editor_client, slug, typed):
    wanted = story("جلسة", slug=slug)
    story("الحكومة تعلن إجراءات جديدة", slug="government-measures")

    assert found(editor_client, typed) == {wanted.pk}


def test_a_slug_is_not_found_from_its_middle(editor_client):
    story("جلسة", slug="parliament-approves-the-budget")

    assert found(editor_client, "approves-the") == set()


@pytest.mark.parametrize("query", [
    "'%_\\", "%", "_", "%%%' OR '1'='1", '"unclosed', "a & | ! :* <-> ()", "-",
    "أ" * 5000, "9" * 5000, " ".join(["word"] * 2500),
])
def test_hostile_input_lists_nothing_and_no_error(editor_client, query):
    """Wildcards are text, quotes and operators are safe, and a huge query is cut short."""
    story("الحكومة تعلن إجراءات جديدة", slug="government-measures")

    assert found(editor_client, query) == set()


def test_the_search_box_is_still_shown(editor_client):
    html = editor_client.get(LIST_URL).content.decode()

    assert 'id="searchbar"' in html


@on_postgres
@pytest.mark.postgres
def test_no_title_column_is_read_with_like_on_postgres(editor_client):
    """The list's queries with a search go through the vectors' GIN indexes, the primary key
    and the slug's prefix: no LIKE '%word%' (icontains) or ILIKE, which scan the table."""
    wanted = story("الحكومة تعلن إجراءات جديدة")

    with CaptureQueriesContext(connection) as queries:
        response = editor_client.get(LIST_URL, {"q": "الحكومة"})

    assert [s.pk for s in response.context["cl"].result_list] == [wanted.pk]
    sql = [query["sql"] for query in queries.captured_queries]
    listing = [s for s in sql if '"articles_article"' in s and "search_vector_" in s]
    assert listing, sql
    assert any("search_vector_ar" in s and "search_vector_en" in s for s in listing)
    assert not [s for s in sql if UNINDEXED_LIKE.search(s)], sql


def test_the_newest_matches_are_chosen_in_a_bounded_subquery(editor_client):
    """The list's page (100 rows) is taken from the newest SEARCH_LIMIT matches, chosen in a
    subquery: asked for 100 rows directly, PostgreSQL walked the newest-first index testing
    every story for a story number or an absent word (minutes at a million stories)."""
    limit = settings.NEWSROOM_SEARCH_LIMIT

    two_days_ago = timezone.now() - timezone.timedelta(days=2)
    older = story("الحكومة تعلن إجراءات جديدة", published_at=two_days_ago)
    newer = story("الحكومة تعقد جلسة")

    with CaptureQueriesContext(connection) as queries:
        response = editor_client.get(LIST_URL, {"q": "الحكومة"})

    assert {s.pk for s in response.context["cl"].result_list} == {newer.pk, older.pk}
    listing = [q["sql"] for q in queries.captured_queries
               if q["sql"].startswith("SELECT") and "ORDER BY" in q["sql"]
               and '"articles_article"."title_ar"' in q["sql"]]
    assert listing and all(f"LIMIT {limit})" in sql for sql in listing), listing
