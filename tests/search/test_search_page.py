"""The search page: what it finds, in which order, for which edition, and at what cost."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from editorial.services import publish_article
from editorial.workflow import Status
from search.checks import typo_tolerance_available
from search.terms import MAX_QUERY_LENGTH
from tests.factories import ArticleFactory, AuthorFactory, TagFactory
from tests.search.conftest import found, on_postgres

pytestmark = pytest.mark.django_db

BUDGET = 6  # queries per search page, site settings and menu included


def story(days_ago=0, **fields):
    return ArticleFactory(
        published=True, published_at=timezone.now() - timedelta(days=days_ago, minutes=1),
        **fields,
    )


class TestSeedArticle:
    @pytest.mark.parametrize("query", ["إلى", "على", "اتهمت", "الولايات"])
    def test_readme_queries_find_the_seed_article_once_it_is_published(
        self, client, editor, seed_story, query
    ):
        assert found(client, query) == []

        publish_article(seed_story, by=editor, override=True)

        assert found(client, query) == [seed_story]

    @pytest.mark.parametrize(
        "query", ["الى", "علي", "اتّهمت", "والولايات", "روسيا", "الأمصار", "لافروف", "بلينكن"]
    )
    def test_other_spellings_and_the_tag_and_byline_find_it(self, client, seed_story, query):
        ArticleFactory(published=True)  # a story that must not match
        seed_story.status, seed_story.published_at = Status.PUBLISHED, timezone.now()
        seed_story.save()

        assert found(client, query) == [seed_story]


class TestSpellingVariants:
    PAIRS = [
        ("أوكرانيا", "اوكرانيا"), ("إسرائيل", "اسرائيل"), ("الإجتماع", "الاجتماع"),
        ("مستشفى", "مستشفي"), ("الحكومة", "الحكومه"), ("مسؤول", "مسئول"),
        ("اتّهمت", "اتهمت"), ("قَدَّمت", "قدمت"), ("روسيـــا", "روسيا"),
        ("والولايات", "الولايات"), ("وأكد", "أكد"), ("بالقرب", "القرب"),
        ("الحكومة", "حكومة"), ("حكومات", "الحكومة"), ("الانتخابات", "انتخاب"),
        ("العراقيين", "عراقي"), ("للانضمام", "انضمام"), ("الإلكترونية", "إلكترونية"),
        ("الالتزام", "التزام"),
    ]

    @pytest.mark.parametrize(
        ("written", "typed"), PAIRS + [(typed, written) for written, typed in PAIRS]
    )
    def test_a_story_is_found_whichever_spelling_is_typed(self, client, written, typed):
        """Each pair both ways: the story says one spelling, the reader types the other."""
        wanted = story(body_ar=f"<p>قال المراسل إن {written} في الخبر.</p>")
        story(body_ar="<p>نص لا علاقة له بالموضوع.</p>")

        assert found(client, typed) == [wanted]


class TestRanking:
    def test_headline_matches_come_first_then_the_newest(self, client):
        body_only_newest = story(days_ago=0, body_ar="<p>ضرب زلزال قوي المنطقة.</p>")
        headline_old = story(days_ago=3, title_ar="زلزال في الجنوب")
        headline_newer = story(days_ago=2, title_ar="الزلزال يهز الساحل")
        body_only_older = story(days_ago=1, summary_ar="بعد الزلزال، عودة الهدوء.")

        assert found(client, "زلزال") == [
            headline_newer, headline_old, body_only_newest, body_only_older
        ]

    def test_every_word_must_be_in_the_story(self, client):
        both = story(title_ar="زلزال في تركيا")
        story(title_ar="زلزال في اليابان")

        assert found(client, "زلزال تركيا") == [both]


class TestWhatReadersMayNotSee:
    def test_only_live_stories_of_the_edition_appear(self, client):
        now = timezone.now()
        live = story(title_ar="إعصار في الخليج")
        for fields in [
            {"status": Status.DRAFT},
            {"status": Status.IN_REVIEW},
            {"status": Status.UNPUBLISHED, "published_at": now - timedelta(days=1)},
            {"status": Status.PUBLISHED, "published_at": now + timedelta(hours=1)},
            {"status": Status.PUBLISHED, "published_at": now - timedelta(hours=1),
             "embargo_until": now + timedelta(hours=1)},
        ]:
            ArticleFactory(title_ar="إعصار في الخليج", **fields)

        assert found(client, "إعصار") == [live]


class TestEnglishEdition:
    def test_english_search_reads_the_english_fields(self, client):
        english = story(title_ar="زلزال", title_en="Earthquake hits the coast",
                        body_en="<p>Elections were postponed.</p>")
        story(title_ar="زلزال آخر")  # Arabic only: not in the English edition

        assert found(client, "earthquake", url="/en/search/") == [english]
        assert found(client, "elections", url="/en/search/") == [english]
        assert found(client, "زلزال", url="/en/search/") == []

    def test_arabic_search_does_not_read_the_english_fields(self, client):
        story(title_ar="زلزال", title_en="Earthquake", body_en="<p>Earthquake</p>")

        assert found(client, "earthquake") == []


class TestHostileQueries:
    @pytest.mark.parametrize(
        "query",
        [
            "زلزال" * 3000, "a" * 10_000, "!!!", "& | !", "!", "&", "|", ":*", "<->", "'", '"',
            '"unclosed', "\\", "\\'", "\\\\", "'; DROP TABLE articles_article; --",
            "1' OR '1'='1", "%", "_", "%_%", "((", ")", "<script>alert(1)</script>", "\x00",
            "زلزال\x00", "-", "or", "-زلزال", "زلزال or", "ـــ", "\u064e", "\u200f", "🙂", "* ? [",
            "(?=", ".*", "\\w+", "[", "$$", "$fn$",
        ],
    )
    def test_any_query_gets_a_normal_page(self, client, query):
        story(title_ar="زلزال في الجنوب")

        response = client.get("/search/", {"q": query})

        assert response.status_code == 200
        assert len(response.context["query"]) <= MAX_QUERY_LENGTH

    def test_malformed_or_missing_page_is_404(self, client):
        story(title_ar="زلزال في الجنوب")

        for page in ["abc", "0", "2", "-1", "1.5"]:
            assert client.get("/search/", {"q": "زلزال", "page": page}).status_code == 404

    def test_an_empty_query_shows_only_the_form(self, client, django_assert_max_num_queries):
        story(title_ar="زلزال في الجنوب")

        with django_assert_max_num_queries(2):  # settings and menu
            response = client.get("/search/")

        assert response.status_code == 200
        assert list(response.context["articles"]) == []
        assert 'name="q"' in response.content.decode()


class TestPage:
    def test_matched_words_are_highlighted_and_the_rest_escaped(self, client):
        story(title_ar="<b>زلزال</b> في الجنوب", summary_ar="اتّهمت الحكومة & المعارضة")

        html = client.get("/search/", {"q": "زلزال اتهمت"}).content.decode()

        assert "&lt;b&gt;<mark>زلزال</mark>&lt;/b&gt; في الجنوب" in html
        assert "<mark>اتّهمت</mark> الحكومة &amp; المعارضة" in html

    def test_page_links_keep_the_query(self, client):
        for _n in range(21):
            story(title_ar="زلزال في الجنوب")

        html = client.get("/search/", {"q": "زلزال"}).content.decode()

        assert "?q=%D8%B2%D9%84%D8%B2%D8%A7%D9%84&amp;page=2" in html

    @pytest.mark.parametrize("page", [1, 2])
    def test_query_budget_with_25_matching_stories(self, client, page):
        for n in range(25):
            s = story(days_ago=n, title_ar=f"زلزال رقم {n}", bylines=[AuthorFactory()])
            s.tags.add(TagFactory())

        with CaptureQueriesContext(connection) as queries:
            response = client.get("/search/", {"q": "زلزال", "page": page})

        assert response.status_code == 200
        assert len(response.context["articles"]) == (20 if page == 1 else 5)
        assert len(queries) <= BUDGET, [q["sql"][:120] for q in queries]


@on_postgres
@pytest.mark.postgres
class TestTypoTolerance:
    @pytest.fixture(autouse=True)
    def _trigrams_read_arabic(self, db):
        if not typo_tolerance_available(connection):
            pytest.skip("pg_trgm cannot read Arabic here: the database's LC_CTYPE is C")

    def test_a_name_spelled_differently_finds_similar_headlines(self, client):
        wanted = story(title_ar="زيلينسكي يدعو حلفاءه إلى الهدوء")
        story(title_ar="زلزال في الجنوب")

        response = client.get("/search/", {"q": "زيلنسكي"})

        assert list(response.context["articles"]) == [wanted]
        assert response.context["similar"] is True

    def test_the_issue_example_finds_the_syndicate(self, client):
        wanted = story(title_ar="نقابة الصحفيين العراقيين تدين الاعتداء")

        assert found(client, "نقابه الصحفين") == [wanted]

    def test_exact_matches_need_no_guessing(self, client):
        wanted = story(title_ar="زيلينسكي يدعو حلفاءه إلى الهدوء")
        story(title_ar="زيلنسكي في خبر آخر")

        response = client.get("/search/", {"q": "زيلينسكي"})

        assert list(response.context["articles"]) == [wanted]
        assert response.context["similar"] is False

    def test_guessing_stays_within_the_query_budget(self, client):
        for n in range(25):
            story(days_ago=n, title_ar=f"زيلينسكي يلتقي الوفد رقم {n}")

        with CaptureQueriesContext(connection) as queries:
            response = client.get("/search/", {"q": "زيلنسكي"})

        assert len(response.context["articles"]) == 20
        assert len(queries) <= BUDGET, [q["sql"][:120] for q in queries]
