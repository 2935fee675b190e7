"""Public pages whose cost does not grow with the archive (issue 5): no count over the
archive, every story query bounded by a LIMIT, deep pages refused. The plans at 1,000,000
stories are in docs/benchmarks.md; these tests hold the query shapes that make them cheap."""

import re
from datetime import timedelta

import pytest
from django.core.paginator import EmptyPage
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import ArticleAuthor
from public.pagination import ArchivePaginator
from public.views import HomeView, public_articles
from tests.factories import ArticleFactory, AuthorFactory, SectionFactory, TagFactory

pytestmark = pytest.mark.django_db


def published(hours_ago=1, **fields):
    return ArticleFactory(
        published=True, published_at=timezone.now() - timedelta(hours=hours_ago), **fields
    )


def story_queries(client, url):
    """The SQL that read stories while `url` was served, and the response."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    sql = [q["sql"] for q in captured.captured_queries]
    return [s for s in sql if re.search(r'FROM "articles_article"', s)], response


@pytest.fixture
def archive(db):
    """45 stories in one section, by one author, under one tag, one hour apart."""
    section, author, tag = SectionFactory(), AuthorFactory(), TagFactory()
    stories = []
    for n in range(45):
        story = published(hours_ago=n + 1, section=section)
        ArticleAuthor.objects.create(article=story, author=author)
        story.tags.add(tag)
        stories.append(story)
    return {"section": section, "author": author, "tag": tag, "stories": stories}


@pytest.mark.parametrize("kind", ["section", "author", "tag"])
def test_archive_pages_never_count_and_page_by_one_bounded_query(client, archive, kind):
    url = archive[kind].get_absolute_url()
    sql, response = story_queries(client, f"{url}?page=2")
    assert response.status_code == 200
    assert not [s for s in sql if "COUNT(" in s.upper()], sql
    listing = [s for s in sql if "LIMIT" in s]
    assert listing, sql
    # One row more than a page, to know whether there is a next page.
    assert any(re.search(r"LIMIT 21 OFFSET 20", s) for s in listing), listing
    assert [a.pk for a in response.context["articles"]] == [
        s.pk for s in archive["stories"][20:40]
    ]
    page = response.context["page_obj"]
    assert page.has_previous() and page.has_next()
    html = response.content.decode()
    assert "الصفحة 2" in html and " من " not in html.split('class="pagination"')[1][:400]


def test_last_archive_page_has_no_next_and_past_the_end_is_404(client, archive):
    url = archive["section"].get_absolute_url()
    last = client.get(f"{url}?page=3")
    assert last.status_code == 200
    assert len(last.context["articles"]) == 5
    assert not last.context["page_obj"].has_next()
    assert 'rel="next"' not in last.content.decode()
    assert client.get(f"{url}?page=4").status_code == 404
    # "last" would need a count: refused like any page that cannot be served.
    assert client.get(f"{url}?page=last").status_code == 404


def test_archive_pages_stop_at_max_pages(archive):
    paginator = ArchivePaginator(public_articles().filter(tags=archive["tag"]), 20, max_pages=2)
    second = paginator.page(2)
    assert len(second) == 20
    # There are more stories, but no page past the limit, so no link to one; and a page
    # past it is refused as one past the end is (a 404: test_last_archive_page_…).
    assert not second.has_next()
    with pytest.raises(EmptyPage):
        paginator.page(3)


def test_empty_archive_first_page_is_served(client):
    section = SectionFactory()
    response = client.get(section.get_absolute_url())
    assert response.status_code == 200
    assert list(response.context["articles"]) == []


def test_every_story_query_of_the_home_and_article_pages_is_bounded(client, archive):
    story = archive["stories"][10]
    for url in ["/", story.get_absolute_url(), "/feed/"]:
        sql, response = story_queries(client, url)
        assert response.status_code == 200, url
        for statement in sql:
            # A story query either fetches by id or stops after a LIMIT; no numbering of
            # the whole archive (the old home page's ROW_NUMBER over every story).
            assert "LIMIT" in statement or '"articles_article"."id" IN' in statement or (
                '"articles_article"."id" =' in statement
            ), (url, statement)
            assert "ROW_NUMBER" not in statement.upper(), (url, statement)


def test_lists_do_not_load_story_bodies(client, archive):
    sql, _response = story_queries(client, archive["section"].get_absolute_url())
    listing = next(s for s in sql if "LIMIT 21" in s)
    assert '"body_ar"' not in listing and '"body"' not in listing


def test_a_quiet_desk_keeps_its_home_block(rf):
    """The blocks come from the newest stories; a desk with none among them still shows its
    own newest stories, and one whose newest are all shown higher up its next ones."""
    busy, quiet = SectionFactory(name="نشط"), SectionFactory(name="هادئ")
    busy_stories = [published(hours_ago=n + 1, section=busy) for n in range(12)]
    quiet_stories = [published(hours_ago=100 + n, section=quiet) for n in range(5)]
    response = HomeView.as_view(candidates=6)(rf.get("/"))
    blocks = {section.pk: [a.pk for a in stories]
              for section, stories in response.context_data["section_blocks"]}
    # The 6 candidates are the lead, the 4 top stories and the one latest story.
    assert blocks[busy.pk] == [s.pk for s in busy_stories[6:10]]
    assert blocks[quiet.pk] == [s.pk for s in quiet_stories[:4]]


def test_sub_section_stories_fill_their_parents_home_block(client):
    parent = SectionFactory(name="رياضة")
    child = SectionFactory(name="كرة القدم", parent=parent)
    stories = [published(hours_ago=n + 1, section=child if n % 2 else parent)
               for n in range(20)]
    response = client.get("/")
    blocks = {s.pk: [a.pk for a in block] for s, block in response.context["section_blocks"]}
    # The first 15 are the lead, the top stories and the latest news: shown once, above.
    assert blocks == {parent.pk: [s.pk for s in stories[15:19]]}


def test_related_stories_share_most_tags_then_are_newest(client):
    section, other_section = SectionFactory(), SectionFactory()
    tags = [TagFactory() for _ in range(3)]
    story = published(section=section)
    story.tags.add(*tags)
    two_tags_old = published(hours_ago=50, section=other_section)
    two_tags_old.tags.add(tags[0], tags[1])
    one_tag = [published(hours_ago=n + 2, section=other_section) for n in range(4)]
    for other in one_tag:
        other.tags.add(tags[2])
    same_section = published(hours_ago=3, section=section)
    unrelated = published(hours_ago=2, section=other_section)
    related = client.get(story.get_absolute_url()).context["related"]
    pks = [a.pk for a in related]
    assert pks[0] == two_tags_old.pk
    assert set(pks) == {two_tags_old.pk, *(a.pk for a in one_tag), same_section.pk}
    assert unrelated.pk not in pks and story.pk not in pks


def test_related_stories_come_from_the_section_when_none_share_a_tag(client):
    section = SectionFactory()
    story = published(section=section)
    neighbours = [published(hours_ago=n + 2, section=section) for n in range(8)]
    published(hours_ago=1, section=SectionFactory())
    related = client.get(story.get_absolute_url()).context["related"]
    assert [a.pk for a in related] == [s.pk for s in neighbours[:6]]
