"""A change renews the pages that show it, and only those (caching/deps.py): a publish leaves
the archive's other stories cached, and nothing that shows the change is ever stale."""

import pytest

from caching import pagecache
from editorial import services
from sitesettings.models import SiteSettings
from tests.factories import ArticleFactory, AuthorFactory, SectionFactory, TagFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache_on")]


@pytest.fixture
def two_stories():
    """Story A and story B, in different sections, with different bylines and tags."""
    stories = {}
    for name in ("a", "b"):
        section, author, tag = SectionFactory(), AuthorFactory(), TagFactory()
        story = ArticleFactory(published=True, section=section, bylines=[author],
                               title_ar=f"خبر {name}")
        story.tags.add(tag)
        stories[name] = story
    return stories["a"], stories["b"]


def pages_of(story):
    return {
        "story": story.get_absolute_url(),
        "section": story.section.get_absolute_url(),
        "author": story.authors.get().get_absolute_url(),
        "tag": story.tags.get().get_absolute_url(),
    }


def x_cache(client, path):
    pagecache.forget_local()  # as another worker would: ask the shared cache
    response = client.get(path)
    assert response.status_code == 200, path
    return response["X-Cache"]


def warm(client, *paths):
    for path in paths:
        client.get(path)
        assert x_cache(client, path) == "hit", path


def test_a_publish_renews_its_lists_and_leaves_other_stories_cached(client, editor, commit,
                                                                    two_stories):
    a, b = two_stories
    a_pages, b_pages = pages_of(a), pages_of(b)
    warm(client, *a_pages.values(), *b_pages.values(), "/")
    new = ArticleFactory(status="in_review", section=a.section, title_ar="خبر جديد في القسم")

    with commit():
        services.publish_article(new, by=editor, override=True)

    assert x_cache(client, a_pages["section"]) == "miss"
    assert "خبر جديد في القسم" in client.get(a_pages["section"]).content.decode()
    assert x_cache(client, "/") == "miss"
    for path in (a_pages["story"], b_pages["story"], b_pages["section"], b_pages["author"],
                 b_pages["tag"], a_pages["author"], a_pages["tag"]):
        assert x_cache(client, path) == "hit", path


def test_an_edit_renews_the_story_and_every_list(client, editor, commit, two_stories):
    a, b = two_stories
    a_pages, b_pages = pages_of(a), pages_of(b)
    warm(client, *a_pages.values(), *b_pages.values(), "/")
    a.title_ar = "عنوان مصحح"
    a.save()

    with commit():
        services.announce_public_change(a)

    for path in (*a_pages.values(), "/", b_pages["section"]):
        assert x_cache(client, path) == "miss", path
        assert "عنوان مصحح" in client.get(path).content.decode() or path == b_pages["section"]
    assert x_cache(client, b_pages["story"]) == "hit"


def test_a_story_moved_to_another_section_leaves_the_old_sections_page(
    client, editor, commit, two_stories
):
    a, b = two_stories
    old_section = a.section.get_absolute_url()
    warm(client, old_section)
    a.section = b.section
    a.save()

    with commit():
        services.announce_public_change(a)

    assert x_cache(client, old_section) == "miss"
    assert "خبر a" not in client.get(old_section).content.decode()


def test_a_section_rename_renews_every_page(client, commit, two_stories):
    a, b = two_stories
    paths = [*pages_of(a).values(), *pages_of(b).values(), "/"]
    warm(client, *paths)
    section = b.section
    section.name_ar = "قسم بعد التسمية"

    with commit():
        section.save()

    for path in paths:
        assert x_cache(client, path) == "miss", path
    assert "قسم بعد التسمية" in client.get(a.get_absolute_url()).content.decode()


def test_site_settings_renew_every_page(client, commit, two_stories):
    a, _b = two_stories
    warm(client, a.get_absolute_url())

    with commit():
        SiteSettings.load().save()

    assert x_cache(client, a.get_absolute_url()) == "miss"


def test_an_unpublish_renews_every_page(client, editor, commit, two_stories):
    """A story taken down must leave the related and most-read lists of other pages too."""
    a, b = two_stories
    warm(client, b.get_absolute_url())

    with commit():
        services.unpublish_article(a, by=editor, reason="خطأ")

    assert x_cache(client, b.get_absolute_url()) == "miss"
    assert client.get(a.get_absolute_url()).status_code == 410


def test_a_new_tag_renews_only_its_own_page(client, commit, two_stories):
    a, _b = two_stories
    warm(client, a.get_absolute_url(), "/")
    with commit():
        TagFactory()

    assert x_cache(client, a.get_absolute_url()) == "hit"
    assert x_cache(client, "/") == "hit"


def test_pages_with_no_narrower_dependency_are_renewed_by_any_change(client, editor, commit,
                                                                   two_stories):
    a, _b = two_stories
    warm(client, "/search/?q=خبر")
    new = ArticleFactory(status="in_review", title_ar="خبر للبحث")

    with commit():
        services.publish_article(new, by=editor, override=True)

    assert x_cache(client, "/search/?q=خبر") == "miss"


def test_a_render_that_overlaps_a_change_is_not_stored(client, two_stories):
    """A page whose dependencies were not read before its render reads them after it, with
    the change version: a change in between means the render may be older, so it is not
    kept (pagecache.store_entry)."""
    a, _b = two_stories
    environ = {"REQUEST_METHOD": "GET", "HTTP_HOST": "testserver"}
    path = "/overlap/"
    entry, lookup = pagecache.cached_entry(environ, path)
    assert entry is None
    pagecache.bump_deps({"story:999999"})  # a change elsewhere, during the render

    assert not pagecache.store_entry(environ, path, lookup, (200, [], b"old"), ("story:1",))
    _entry, lookup = pagecache.cached_entry(environ, path)
    assert pagecache.store_entry(environ, path, lookup, (200, [], b"new"), ("story:1",))
    pagecache.forget_local()
    assert pagecache.cached_entry(environ, path)[0] == (200, [], b"new")


def test_an_evicted_dependency_is_a_miss(client, two_stories):
    a, _b = two_stories
    path = a.get_absolute_url()
    warm(client, path)
    from django.core.cache import cache

    cache.delete(pagecache.dep_key(f"story:{a.pk}"))

    assert x_cache(client, path) == "miss"
    assert x_cache(client, path) == "hit"


def test_a_scheduled_story_renews_its_pages_when_due_and_leaves_the_others(
    client, editor, commit, two_stories
):
    from datetime import timedelta
    from unittest import mock

    from django.utils import timezone

    a, b = two_stories
    story = ArticleFactory(status="in_review", section=a.section, title_ar="خبر مجدول للقسم")
    at = timezone.now() + timedelta(minutes=1)
    with commit():
        services.publish_article(story, by=editor, at=at, override=True)
    section = a.section.get_absolute_url()
    warm(client, section, b.get_absolute_url(), "/")
    assert client.get(story.get_absolute_url()).status_code == 404

    with mock.patch("django.utils.timezone.now", return_value=at + timedelta(seconds=1)):
        assert x_cache(client, section) == "miss"
        assert "خبر مجدول للقسم" in client.get(section).content.decode()
        assert "خبر مجدول للقسم" in client.get("/").content.decode()
        assert client.get(story.get_absolute_url()).status_code == 200
        assert x_cache(client, b.get_absolute_url()) == "hit"


def test_a_story_due_while_another_change_reset_the_schedule_still_renews_its_pages(
    client, editor, commit, two_stories
):
    """A change deletes the cached schedule; the story due meanwhile is found by the next
    check all the same (pagecache.SCHEDULE_SEEN_KEY), not skipped as no longer upcoming."""
    from datetime import timedelta
    from unittest import mock

    from django.utils import timezone

    a, b = two_stories
    story = ArticleFactory(status="in_review", section=a.section, title_ar="خبر مجدول آخر")
    at = timezone.now() + timedelta(minutes=1)
    with commit():
        services.publish_article(story, by=editor, at=at, override=True)
    section = a.section.get_absolute_url()
    warm(client, section)

    later = at + timedelta(seconds=5)
    with mock.patch("django.utils.timezone.now", return_value=later):
        other = ArticleFactory(status="in_review", section=b.section)
        with commit():
            services.publish_article(other, by=editor, override=True)  # deletes the schedule
        assert x_cache(client, section) == "miss"
        assert "خبر مجدول آخر" in client.get(section).content.decode()


def photo_in_body(image) -> str:
    """A body holding library photo `image`, as the desk's editor stores it."""
    return (f'<p>فقرة.</p><figure data-image-id="{image.pk}"><img src="{image.file.url}" alt=""'
            f' width="{image.width}" height="{image.height}"></figure>')


def edit_caption(commit, image, caption):
    image.caption_ar = caption
    with commit():
        image.save()


def test_a_photo_edit_renews_the_pages_and_lists_of_its_story_only(client, commit, two_stories):
    from tests.public.helpers import photo

    a, b = two_stories
    a.lead_image = photo()
    a.save()
    a_pages, b_pages = pages_of(a), pages_of(b)
    warm(client, *a_pages.values(), *b_pages.values(), "/")

    edit_caption(commit, a.lead_image, "تعليق مصحح للصورة")

    for path in (*a_pages.values(), "/"):
        assert x_cache(client, path) == "miss", path
    assert "تعليق مصحح للصورة" in client.get(a_pages["story"]).content.decode()
    for path in b_pages.values():
        assert x_cache(client, path) == "hit", path


def test_a_photo_in_a_body_renews_that_story_page_only(client, commit, two_stories):
    from tests.public.helpers import photo

    a, b = two_stories
    image = photo()
    b.body_ar = photo_in_body(image)
    b.save()
    a_pages, b_pages = pages_of(a), pages_of(b)
    warm(client, *a_pages.values(), *b_pages.values(), "/")

    image.alt_text_ar = "نص بديل مصحح"
    with commit():
        image.save()

    assert x_cache(client, b_pages["story"]) == "miss"
    assert "نص بديل مصحح" in client.get(b_pages["story"]).content.decode()
    for path in (*a_pages.values(), b_pages["section"], b_pages["author"], b_pages["tag"], "/"):
        assert x_cache(client, path) == "hit", path


def test_a_bylines_photo_renews_its_page_only(client, commit, two_stories):
    from tests.public.helpers import photo

    a, b = two_stories
    author = a.authors.get()
    author.photo = photo()
    author.save()
    a_pages, b_pages = pages_of(a), pages_of(b)
    warm(client, *a_pages.values(), *b_pages.values(), "/")

    edit_caption(commit, author.photo, "تعليق آخر")

    assert x_cache(client, a_pages["author"]) == "miss"
    for path in (a_pages["story"], a_pages["section"], *b_pages.values(), "/"):
        assert x_cache(client, path) == "hit", path


def test_the_logo_renews_every_page(client, commit, two_stories):
    from tests.public.helpers import photo

    a, b = two_stories
    site = SiteSettings.load()
    site.logo = photo()
    site.save()
    paths = [a.get_absolute_url(), *pages_of(b).values(), "/"]
    warm(client, *paths)

    edit_caption(commit, site.logo, "شعار")

    for path in paths:
        assert x_cache(client, path) == "miss", path


def test_a_photo_nothing_shows_renews_nothing(client, commit, two_stories):
    from tests.public.helpers import photo

    a, b = two_stories
    image = photo()
    paths = [*pages_of(a).values(), *pages_of(b).values(), "/"]
    warm(client, *paths)

    edit_caption(commit, image, "صورة لم تنشر")

    for path in paths:
        assert x_cache(client, path) == "hit", path


def test_a_deleted_photo_renews_the_pages_that_showed_it(client, commit, two_stories):
    """The delete sets the lead photo's key to null: where it showed is read before it."""
    from tests.public.helpers import photo

    a, b = two_stories
    image = photo()
    a.lead_image = image
    a.save()
    b.body_ar = photo_in_body(image)
    b.save(update_fields=["body_ar"])  # keeps body_photo_ids too
    a_pages, b_pages = pages_of(a), pages_of(b)
    warm(client, *a_pages.values(), *b_pages.values(), "/")

    with commit():
        image.delete()

    for path in (*a_pages.values(), "/", b_pages["story"]):
        assert x_cache(client, path) == "miss", path
    assert 'class="lead"' not in client.get(a_pages["story"]).content.decode()
    for path in (b_pages["section"], b_pages["author"], b_pages["tag"]):
        assert x_cache(client, path) == "hit", path


def test_a_photo_shown_by_too_many_stories_renews_every_page(client, commit, two_stories,
                                                            monkeypatch):
    from caching import deps
    from tests.public.helpers import photo

    a, b = two_stories
    monkeypatch.setattr(deps, "PHOTO_STORY_LIMIT", 1)
    image = photo()
    a.lead_image = image
    a.save()
    b.body_ar = photo_in_body(image)
    b.save()
    b_section = b.section.get_absolute_url()
    warm(client, b_section)

    edit_caption(commit, image, "تعليق")

    assert x_cache(client, b_section) == "miss"


def test_a_photo_in_an_english_body_renews_that_story_page_only(client, commit, two_stories):
    from tests.public.helpers import photo

    a, b = two_stories
    image = photo()
    b.title_en, b.body_en = "A story", photo_in_body(image)
    b.save()
    warm(client, a.get_absolute_url(), b.get_absolute_url(), "/")

    edit_caption(commit, image, "تعليق")

    assert x_cache(client, b.get_absolute_url()) == "miss"
    assert x_cache(client, a.get_absolute_url()) == "hit"
    assert x_cache(client, "/") == "hit"


def test_the_cards_of_many_stories_are_what_their_publishes_bump_less_feeds_and_sitemaps(
    two_stories,
):
    from caching import deps

    a, b = two_stories
    a.section.parent = SectionFactory()
    a.section.save()
    expected = deps.story_deps(a, published=True) | deps.story_deps(b, published=True)

    assert deps.stories_card_deps([a.pk, b.pk]) == expected - {"feeds", "sitemaps"}
