"""The API's endpoints: what they list, in which edition, filtered and paged, and what a
story's answer holds."""

import pytest
from django.utils import timezone

from tests.factories import ArticleFactory, AuthorFactory, SectionFactory, TagFactory
from tests.readers import english, path_of, place

pytestmark = pytest.mark.django_db


def ago(hours):
    return timezone.now() - timezone.timedelta(hours=hours)


def ids(response):
    assert response.status_code == 200, (response.status_code, response.content)
    return [story["id"] for story in response.json()["results"]]


def test_list_is_the_editions_published_stories_newest_first(client, placement):
    old = place(placement, published=True, published_at=ago(5), **english("Old"))
    new = place(placement, published=True, published_at=ago(1), **english("New"))
    arabic_only = place(placement, published=True, published_at=ago(2))
    place(placement, draft=True, **english("Draft"))

    assert ids(client.get("/api/v1/stories/")) == [new.pk, arabic_only.pk, old.pk]
    assert ids(client.get("/api/v1/stories/", {"lang": "en"})) == [new.pk, old.pk]
    assert ids(client.get("/api/v1/stories/", {"lang": "ar"})) == [new.pk, arabic_only.pk, old.pk]


def test_a_story_in_each_edition(client, placement):
    story = place(
        placement,
        published=True,
        title_ar="عنوان عربي",
        summary_ar="ملخص عربي",
        **english("English headline"),
    )

    arabic = client.get(f"/api/v1/stories/{story.pk}/").json()
    english_ = client.get(f"/api/v1/stories/{story.pk}/", {"lang": "en"}).json()

    assert (arabic["headline"], arabic["summary"], arabic["language"]) == (
        "عنوان عربي",
        "ملخص عربي",
        "ar",
    )
    assert (english_["headline"], english_["language"]) == ("English headline", "en")
    assert arabic["url"] == f"http://testserver{path_of(story)}"
    assert english_["url"] == f"http://testserver{path_of(story, 'en')}"
    assert english_["url"].startswith(f"http://testserver/en/article/{story.pk}/")
    assert english_["api_url"] == f"http://testserver/api/v1/stories/{story.pk}/?lang=en"


def test_a_story_only_in_arabic_is_not_in_the_english_edition(client, placement):
    story = place(placement, published=True)

    assert client.get(f"/api/v1/stories/{story.pk}/").status_code == 200
    assert client.get(f"/api/v1/stories/{story.pk}/", {"lang": "en"}).status_code == 404


def test_story_detail_fields(client, placement):
    story = place(
        placement,
        published=True,
        kicker_ar="حصري",
        body_ar='<p>نص <a href="/about/">من نحن</a> و<script>alert(1)</script></p>',
        correction_note_ar="صُحّح اسم الوزير.",
        corrected_at=timezone.now(),
    )

    response = client.get(f"/api/v1/stories/{story.pk}/")
    data = response.json()

    assert response["Content-Type"] == "application/json"
    assert response["Content-Language"] == "ar"
    assert response.has_header("Last-Modified")
    assert data["kicker"] == "حصري"
    # Sanitised as on the site (the script is gone), its address absolute.
    assert "<script>" not in data["body"] and "alert" not in data["body"]
    assert 'href="http://testserver/about/"' in data["body"]
    assert data["correction"]["note"] == "صُحّح اسم الوزير."
    assert data["section"] == {
        "slug": placement["section"].slug,
        "name": placement["section"].name,
        "url": f"http://testserver{placement['section'].get_absolute_url()}",
    }
    assert [a["slug"] for a in data["authors"]] == [placement["author"].slug]
    assert [t["slug"] for t in data["tags"]] == [placement["tag"].slug]
    assert data["lead_image"] is None
    assert set(data) == {
        "id",
        "language",
        "headline",
        "kicker",
        "summary",
        "url",
        "api_url",
        "published_at",
        "updated_at",
        "is_breaking",
        "section",
        "authors",
        "tags",
        "lead_image",
        "body",
        "description",
        "correction",
    }


def test_a_list_carries_no_body(client, placement):
    place(placement, published=True)

    story = client.get("/api/v1/stories/").json()["results"][0]

    assert "body" not in story and "correction" not in story


def test_unknown_story_is_404_and_a_withdrawn_one_410(client, placement):
    withdrawn = place(placement, unpublished=True)

    missing = client.get("/api/v1/stories/999999999/")
    assert missing.status_code == 404
    assert missing.json() == {"detail": "غير موجود."}
    english_ = client.get("/api/v1/stories/999999999/", {"lang": "en"})
    assert english_.json() == {"detail": "Not found."}
    response = client.get(f"/api/v1/stories/{withdrawn.pk}/")
    assert response.status_code == 410
    assert withdrawn.title_ar not in response.content.decode()


def test_unknown_edition_is_a_clear_400(client):
    response = client.get("/api/v1/stories/", {"lang": "fr"})

    assert response.status_code == 400
    assert "طبعة غير معروفة" in response.json()["lang"][0]  # in the default edition's language


def test_filter_by_section_includes_its_subsections(client):
    parent = SectionFactory()
    child = SectionFactory(parent=parent)
    other = SectionFactory()
    in_parent = ArticleFactory(published=True, section=parent, published_at=ago(3))
    in_child = ArticleFactory(published=True, section=child, published_at=ago(2))
    ArticleFactory(published=True, section=other, published_at=ago(1))

    assert ids(client.get("/api/v1/stories/", {"section": parent.slug})) == [
        in_child.pk,
        in_parent.pk,
    ]
    assert ids(client.get("/api/v1/stories/", {"section": child.slug})) == [in_child.pk]


def test_filter_by_author_and_by_tag(client):
    author, tag = AuthorFactory(), TagFactory()
    by_author = ArticleFactory(published=True, bylines=[author], published_at=ago(2))
    tagged = ArticleFactory(published=True, published_at=ago(1))
    tagged.tags.add(tag)
    both = ArticleFactory(published=True, bylines=[author], published_at=ago(3))
    both.tags.add(tag)
    ArticleFactory(published=True)

    assert ids(client.get("/api/v1/stories/", {"author": author.slug})) == [by_author.pk, both.pk]
    assert ids(client.get("/api/v1/stories/", {"tag": tag.slug})) == [tagged.pk, both.pk]
    assert ids(client.get("/api/v1/stories/", {"tag": tag.slug, "author": author.slug})) == [
        both.pk
    ]


@pytest.mark.parametrize("name", ["section", "author", "tag"])
def test_filter_by_unknown_slug_is_404(client, name):
    assert client.get("/api/v1/stories/", {name: "لا-يوجد"}).status_code == 404


def test_inactive_section_is_neither_listed_nor_filterable(client):
    hidden = SectionFactory(is_active=False)
    shown = SectionFactory()

    slugs = [s["slug"] for s in client.get("/api/v1/sections/").json()["results"]]

    assert shown.slug in slugs and hidden.slug not in slugs
    assert client.get(f"/api/v1/sections/{hidden.slug}/").status_code == 404
    assert client.get("/api/v1/stories/", {"section": hidden.slug}).status_code == 404


def test_cursor_pages_walk_the_whole_list_once(client, placement):
    stories = [place(placement, published=True, published_at=ago(n + 1)) for n in range(7)]
    expected = [s.pk for s in stories]  # newest first

    seen, url, pages = [], "/api/v1/stories/?page_size=3", 0
    while url:
        data = client.get(url).json()
        seen += [s["id"] for s in data["results"]]
        url, pages = data["next"], pages + 1

    assert seen == expected
    assert pages == 3


def test_a_story_published_meanwhile_does_not_shift_the_next_page(client, placement):
    """What a cursor is for: a page number would show the first page's last story again."""
    for n in range(4):
        place(placement, published=True, published_at=ago(n + 1))
    first = client.get("/api/v1/stories/?page_size=2").json()

    place(placement, published=True, published_at=ago(0.5))
    second = client.get(first["next"]).json()

    first_ids = [s["id"] for s in first["results"]]
    second_ids = [s["id"] for s in second["results"]]
    assert not set(first_ids) & set(second_ids)
    assert len(second_ids) == 2
    previous = client.get(second["previous"]).json()
    assert [s["id"] for s in previous["results"]] == first_ids


def test_page_size_is_capped(client, placement):
    for n in range(3):
        place(placement, published=True, published_at=ago(n + 1))

    assert len(ids(client.get("/api/v1/stories/?page_size=2"))) == 2
    assert len(ids(client.get("/api/v1/stories/?page_size=100000"))) == 3


def test_search_normalises_arabic_as_the_site_does(client, placement):
    """Hamza and taa marbuta forms: the reader's spelling finds the headline's."""
    found = place(placement, published=True, title_ar="أحمد يزور المدرسة الجديدة")
    place(placement, published=True, title_ar="خبر آخر لا علاقة له")
    place(placement, draft=True, title_ar="احمد في مسودة")

    assert ids(client.get("/api/v1/search/", {"q": "احمد المدرسه"})) == [found.pk]


def test_search_in_the_english_edition(client, placement):
    found = place(placement, published=True, **english("Elections in Baghdad"))
    place(placement, published=True, title_ar="انتخابات في بغداد")

    assert ids(client.get("/api/v1/search/", {"q": "elections", "lang": "en"})) == [found.pk]


@pytest.mark.parametrize("query", ["", "   ", "؟!"])
def test_search_without_a_word_is_a_clear_400(client, query):
    response = client.get("/api/v1/search/", {"q": query})

    assert response.status_code == 400
    assert "q" in response.json()


def test_authors_and_tags_with_public_stories(client, placement):
    place(placement, published=True)
    lonely_author, lonely_tag = AuthorFactory(), TagFactory()

    authors = client.get("/api/v1/authors/").json()
    tags = client.get("/api/v1/tags/").json()

    assert [a["slug"] for a in authors["results"]] == [placement["author"].slug]
    assert [t["slug"] for t in tags["results"]] == [placement["tag"].slug]
    assert lonely_author.slug not in str(authors) and lonely_tag.slug not in str(tags)
    author = client.get(f"/api/v1/authors/{placement['author'].slug}/").json()
    assert author["stories_url"].startswith("http://testserver/api/v1/stories/?author=")
    assert ids(client.get(author["stories_url"])) != []


def test_sections_in_menu_order_with_their_parent(client):
    first = SectionFactory(order=1)
    child = SectionFactory(order=0, parent=first)

    sections = client.get("/api/v1/sections/", {"lang": "en"}).json()["results"]

    assert [s["slug"] for s in sections] == [child.slug, first.slug]
    assert sections[0]["parent"] == first.slug
    assert sections[1]["url"] == f"http://testserver{path_of(first, 'en')}"


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/stories/?section=%00",
        "/api/v1/stories/?author=a%00b",
        "/api/v1/stories/?tag=" + "x" * 5000,
        "/api/v1/stories/?cursor=not-a-cursor",
        "/api/v1/stories/99999999999999999999999/",
    ],
)
def test_hostile_parameters_are_a_clear_404(client, url):
    response = client.get(url)

    assert response.status_code == 404
    assert "detail" in response.json()


def test_search_drops_control_characters(client, placement):
    found = place(placement, published=True, title_ar="انفجار في المرفأ")

    assert ids(client.get("/api/v1/search/", {"q": "انفجار\x00\x0b المرفأ"})) == [found.pk]


@pytest.mark.parametrize("size", ["-1", "0", "abc", "99999999999999999999"])
def test_a_bad_page_size_gives_the_default_page(client, placement, size):
    for n in range(3):
        place(placement, published=True, published_at=ago(n + 1))

    assert len(ids(client.get("/api/v1/stories/", {"page_size": size}))) == 3


def test_body_photos_and_links_are_absolute(client, placement):
    story = place(
        placement,
        published=True,
        body_ar=(
            '<figure data-image-id="7"><img src="/media/images/a.jpg" alt="صورة">'
            "<figcaption>تعليق</figcaption></figure>"
            '<p><a href="https://example.org/x">خارجي</a> <a href="/tag/x/">داخلي</a></p>'
        ),
    )

    body = client.get(f"/api/v1/stories/{story.pk}/").json()["body"]

    assert 'src="http://testserver/media/images/a.jpg"' in body
    assert 'href="https://example.org/x"' in body
    assert 'href="http://testserver/tag/x/"' in body
    assert 'src="/' not in body and 'href="/' not in body


def test_lead_photo_with_its_renditions(client, placement):
    from tests.public.helpers import photo

    image = photo((800, 450), caption_ar="تعليق الصورة", credit_ar="رويترز")
    story = place(placement, published=True, lead_image=image)

    lead = client.get(f"/api/v1/stories/{story.pk}/").json()["lead_image"]

    assert lead["url"].startswith("http://testserver/media/")
    assert (lead["width"], lead["height"]) == (800, 450)
    assert (lead["caption"], lead["credit"], lead["alt"]) == (
        "تعليق الصورة",
        "رويترز",
        image.alt_text_ar,
    )
    widths = [r["width"] for r in lead["renditions"]]
    assert widths == sorted(image.rendition_widths) and widths
    assert all(r["url"].startswith("http://testserver/media/") for r in lead["renditions"])
