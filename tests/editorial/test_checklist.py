"""The pre-publish checklist: each item passing and failing, the site setting that makes an
item block, warn or stay silent, the desk's publish and schedule moves held to it (with the
override recorded), the link check task against a real local server, and the live endpoint."""

import urllib.error
import urllib.request
from datetime import timedelta

import pytest
from django.contrib import messages
from django.core.files.base import ContentFile
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article
from editorial import checklist, services, tasks
from editorial.checklist import NotReady
from editorial.models import ArticleEvent, LinkCheck
from editorial.tasks import check_links
from editorial.workflow import Status
from images.models import Image
from sitesettings.models import CHECKLIST_ITEMS, CheckLevel, SiteSettings
from tests.editorial.test_roles_and_moves import (
    arabic,
    assert_nothing_changed,
    desk_messages,
    log_in,
    move_url,
    snapshot,
)
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    SectionFactory,
    TagFactory,
    UserFactory,
    checklist_ready,
)
from tests.images.samples import image_bytes
from tests.net import free_port, serve_http

pytestmark = pytest.mark.django_db

Action = ArticleEvent.Action
LATER = "%Y-%m-%dT%H:%M"


def levels(**chosen):
    """Set the site's checklist levels (the rest keep theirs)."""
    site = SiteSettings.load()
    for item, level in chosen.items():
        setattr(site, f"checklist_{item}", level)
    site.save()
    return site


def only(item, level=CheckLevel.BLOCK):
    """Every item off but `item`, at `level`."""
    return levels(**{**dict.fromkeys(CHECKLIST_ITEMS, CheckLevel.OFF), item: level})


def photo(alt="صورة من موقع الحدث") -> Image:
    return Image.objects.create(file=ContentFile(image_bytes(), name="p.jpg"), alt_text_ar=alt,
                                alt_text=alt)


def ready(**fields) -> Article:
    """A story that passes every item (tests/factories.checklist_ready), then `fields`."""
    article = checklist_ready(ArticleFactory(status=Status.IN_REVIEW))
    for name, value in fields.items():
        setattr(article, name, value)
    article.save()
    return article


def check(item: str, article: Article) -> checklist.Result:
    _label, function = checklist.ITEMS[item]
    return function(checklist.from_article(Article.objects.get(pk=article.pk)))


def form(**data) -> QueryDict:
    query = QueryDict(mutable=True)
    for name, value in data.items():
        if isinstance(value, list):
            query.setlist(name, value)
        else:
            query[name] = value
    return query


def check_form(item: str, **data) -> checklist.Result:
    _label, function = checklist.ITEMS[item]
    return function(checklist.from_form(form(**data)))


def test_a_ready_story_passes_every_item():
    report = checklist.for_article(ready())
    assert [e.key for e in report.entries] == list(CHECKLIST_ITEMS)
    assert [e.key for e in report.entries if e.ok is not True] == []


def test_defaults_block_on_the_section_and_warn_on_the_rest():
    site = SiteSettings()
    assert {item: site.check_level(item) for item in CHECKLIST_ITEMS} == {
        **dict.fromkeys(CHECKLIST_ITEMS, CheckLevel.WARN), "section": CheckLevel.BLOCK,
    }


# --- each item, passing and failing ---


class TestHeadline:
    @pytest.mark.parametrize("length", [checklist.HEADLINE_MIN, checklist.HEADLINE_MAX])
    def test_within_the_range_passes(self, length):
        assert check("headline", ready(title_ar="ع" * length)).ok is True

    @pytest.mark.parametrize("length", [checklist.HEADLINE_MIN - 1, checklist.HEADLINE_MAX + 1])
    def test_outside_the_range_fails_and_says_the_length(self, length):
        result = check("headline", ready(title_ar="ع" * length))
        assert result.ok is False
        assert str(length) in result.message

    def test_spaces_around_it_do_not_count(self):
        assert check("headline", ready(title_ar="  " + "ع" * 14 + "  ")).ok is False


class TestSummary:
    def test_present_passes(self):
        assert check("summary", ready(summary_ar="جملة تلخص الخبر.")).ok is True

    @pytest.mark.parametrize("summary", ["", "   "])
    def test_missing_fails(self, summary):
        assert check("summary", ready(summary_ar=summary)).ok is False


class TestImage:
    def test_lead_image_with_alt_text_passes(self):
        assert check("image", ready(lead_image=photo())).ok is True

    def test_lead_image_without_alt_text_fails(self):
        image = photo()
        Image.objects.filter(pk=image.pk).update(alt_text_ar="")
        assert check("image", ready(lead_image=image)).ok is False

    def test_first_body_photo_with_alt_text_stands_in(self):
        image = photo()
        body = f'<p>نص.</p><figure><img src="{image.file.url}" alt="صورة"></figure>'
        result = check("image", ready(lead_image=None, body_ar=body))
        assert result.ok is True
        assert result.message == arabic(
            "No lead image: the first photo in the body is the share image.")

    def test_first_body_photo_without_alt_text_fails(self):
        image = photo()
        body = f'<figure><img src="{image.file.url}" alt=""></figure><p>نص.</p>'
        assert check("image", ready(lead_image=None, body_ar=body)).ok is False

    def test_no_photo_at_all_fails(self):
        assert check("image", ready(lead_image=None, body_ar="<p>نص فقط.</p>")).ok is False


class TestSection:
    def test_a_saved_story_has_its_section(self):
        assert check("section", ready()).ok is True

    def test_form_without_a_section_fails(self):
        assert check_form("section", title_ar="عنوان").ok is False

    def test_form_with_a_section_passes(self):
        assert check_form("section", section=str(SectionFactory().pk)).ok is True


class TestByline:
    def test_with_a_byline_passes(self):
        assert check("byline", ready()).ok is True

    def test_without_fails(self):
        article = ready()
        article.bylines.all().delete()
        assert check("byline", article).ok is False

    def test_form_with_every_row_removed_has_none(self):
        assert check_form("byline", **{"bylines-TOTAL_FORMS": "0"}).ok is False

    def test_form_counts_rows_with_an_author_and_not_deleted(self):
        author = str(AuthorFactory().pk)
        rows = {"bylines-TOTAL_FORMS": "3", "bylines-0-author": author,
                "bylines-0-DELETE": "on", "bylines-1-author": ""}
        assert check_form("byline", **rows).ok is False
        assert check_form("byline", **{**rows, "bylines-2-author": author}).ok is True


class TestTags:
    def test_with_a_tag_passes(self):
        assert check("tags", ready()).ok is True

    def test_without_fails(self):
        article = ready()
        article.tags.clear()
        assert check("tags", article).ok is False

    def test_form_counts_only_tags_that_exist(self):
        assert check_form("tags", tags=["999999"]).ok is False
        assert check_form("tags", tags=[str(TagFactory().pk)]).ok is True


class TestSeoDescription:
    @pytest.mark.parametrize("length", [checklist.SEO_MIN, checklist.SEO_MAX])
    def test_within_the_range_passes(self, length):
        assert check("seo", ready(seo_description_ar="و" * length)).ok is True

    @pytest.mark.parametrize("length", [checklist.SEO_MIN - 1, checklist.SEO_MAX + 1])
    def test_outside_the_range_fails(self, length):
        assert check("seo", ready(seo_description_ar="و" * length)).ok is False

    def test_a_summary_of_the_right_length_stands_in(self):
        """What search engines get is the summary when the description is empty."""
        result = check("seo", ready(seo_description_ar="", summary_ar="م" * 80))
        assert result.ok is True
        assert "80" in result.message

    def test_a_short_summary_standing_in_fails(self):
        assert check("seo", ready(seo_description_ar="", summary_ar="ملخص قصير.")).ok is False

    def test_neither_fails(self):
        assert check("seo", ready(seo_description_ar="", summary_ar="")).ok is False


class TestEnglishEdition:
    def test_not_started_passes(self):
        assert check("english", ready(title_en="", summary_en="", body_en="")).ok is True

    def test_started_without_summary_and_body_fails_naming_them(self):
        result = check("english", ready(title_en="A headline", summary_en="", body_en=""))
        assert result.ok is False
        assert arabic("summary") in result.message and arabic("body") in result.message
        assert arabic("headline") not in result.message

    def test_an_empty_paragraph_is_no_body(self):
        result = check_form("english", title_en="A headline", summary_en="S.",
                            body_en="<p></p>")
        assert result.ok is False

    def test_complete_passes(self):
        article = ready(title_en="A headline", summary_en="A summary.", body_en="<p>Text.</p>")
        assert check("english", article).ok is True


class TestLinks:
    URL_OK, URL_GONE = "https://example.org/ok", "https://example.org/gone"

    def body(self, *urls):
        return "".join(f'<p><a href="{url}">رابط</a></p>' for url in urls)

    def test_no_outside_links_passes(self):
        body = '<p><a href="mailto:desk@example.org">بريد</a> نص.</p>'
        assert check("links", ready(body_ar=body)).ok is True

    def test_links_that_answered_pass(self):
        LinkCheck.objects.create(url=self.URL_OK, status=200, ok=True)
        assert check("links", ready(body_ar=self.body(self.URL_OK))).ok is True

    def test_a_broken_link_fails_and_is_named(self):
        LinkCheck.objects.create(url=self.URL_OK, status=200, ok=True)
        LinkCheck.objects.create(url=self.URL_GONE, status=404, ok=False)
        result = check("links", ready(body_ar=self.body(self.URL_OK, self.URL_GONE)))
        assert result.ok is False
        assert self.URL_GONE in result.message and self.URL_OK not in result.message

    def test_an_unchecked_link_is_not_known_yet(self):
        result = check("links", ready(body_ar=self.body(self.URL_OK)))
        assert result.ok is None
        entry = next(e for e in checklist.for_article(ready(body_ar=self.body(self.URL_OK)))
                     .entries if e.key == "links")
        assert entry.state == "pending"

    def test_an_address_too_long_to_keep_is_left_out(self):
        long = "https://example.org/" + "ب" * 1000  # 2,020 bytes in UTF-8
        assert checklist.body_links([self.body(long, self.URL_OK)]) == [self.URL_OK]

    def test_english_body_links_count_too(self):
        LinkCheck.objects.create(url=self.URL_GONE, status=404, ok=False)
        article = ready(title_en="A", summary_en="S.", body_en=self.body(self.URL_GONE))
        assert check("links", article).ok is False


# --- the settings, held on the desk's publish and schedule moves ---


@pytest.fixture
def desk(client, editor):
    log_in(client, editor)
    return client


def later() -> str:
    return (timezone.localtime() + timedelta(days=1)).strftime(LATER)


@pytest.mark.parametrize("move", ["publish", "schedule"])
def test_a_blocking_item_refuses_the_move_and_changes_nothing(desk, move):
    only("summary", CheckLevel.BLOCK)
    article = ready(summary_ar="")
    before = snapshot(article)

    # Not even with "publish anyway": a blocking item cannot be overridden.
    response = desk.post(move_url(article, move), {"at": later(), "override": "1"})

    assert response.status_code == 302
    assert desk_messages(response) == [(messages.ERROR, arabic(
        "Not published: fix these checklist items first: %(items)s.", items=arabic("Summary"),
    ))]
    assert_nothing_changed(article, before)


@pytest.mark.parametrize("move", ["publish", "schedule"])
def test_a_warning_needs_publish_anyway(desk, move):
    only("tags", CheckLevel.WARN)
    article = ready()
    article.tags.clear()
    before = snapshot(article)

    response = desk.post(move_url(article, move), {"at": later()})

    assert desk_messages(response) == [(messages.ERROR, arabic(
        "Not published: the checklist warns about %(items)s. Tick “Publish anyway” to "
        "publish despite the warnings.", items=arabic("Tags"),
    ))]
    assert_nothing_changed(article, before)


@pytest.mark.parametrize("move", ["publish", "schedule"])
def test_publish_anyway_is_recorded_in_the_history_with_the_items(desk, editor, move):
    levels(tags=CheckLevel.WARN, byline=CheckLevel.WARN)
    article = ready()
    article.tags.clear()
    article.bylines.all().delete()

    response = desk.post(move_url(article, move), {"at": later(), "override": "1"})

    assert desk_messages(response)[0][0] == messages.SUCCESS
    article.refresh_from_db()
    assert article.status == Status.PUBLISHED
    overridden, moved = ArticleEvent.objects.filter(article=article).order_by("pk")
    assert (overridden.action, overridden.by) == (Action.CHECKLIST_OVERRIDDEN, editor)
    assert moved.action == (Action.PUBLISHED if move == "publish" else Action.SCHEDULED)
    assert overridden.note.splitlines() == [
        f"{arabic('Byline')}: {arabic('No byline: add who wrote the story.')}",
        f"{arabic('Tags')}: {arabic('No tag: add at least one topic.')}",
    ]
    page = desk.get(f"/admin/articles/article/{article.pk}/change/").content.decode()
    assert arabic("Published despite warnings") in page
    assert arabic("No tag: add at least one topic.") in page


def test_publish_anyway_is_not_recorded_when_nothing_fails(desk):
    article = ready()

    desk.post(move_url(article, "publish"), {"override": "1"})

    assert list(ArticleEvent.objects.filter(article=article).values_list("action", flat=True)) \
        == [Action.PUBLISHED]


def test_an_item_switched_off_is_ignored(desk):
    levels(summary=CheckLevel.OFF, seo=CheckLevel.OFF)
    article = ready(summary_ar="", seo_description_ar="")

    response = desk.post(move_url(article, "publish"))

    assert desk_messages(response) == [(messages.SUCCESS, arabic("Published."))]
    assert list(ArticleEvent.objects.filter(article=article).values_list("action", flat=True)) \
        == [Action.PUBLISHED]
    assert "summary" not in [e.key for e in checklist.for_article(article).entries]


def test_the_service_holds_any_caller_to_the_checklist(editor):
    """Not only the desk's button: a command or a crafted call is held the same way."""
    only("summary", CheckLevel.BLOCK)
    article = ready(summary_ar="")

    with pytest.raises(NotReady):
        services.publish_article(article, by=editor, override=True)

    assert Article.objects.get(pk=article.pk).status == Status.IN_REVIEW


def test_other_moves_ignore_the_checklist(desk, editor):
    article = ArticleFactory(status=Status.IN_REVIEW, summary_ar="")  # fails several items

    desk.post(move_url(article, "send_back"), {"note": "أضف ملخصًا."})

    assert Article.objects.get(pk=article.pk).status == Status.DRAFT


def test_the_site_settings_page_offers_each_item_in_arabic(client):
    admin = UserFactory(username="boss", is_superuser=True)
    log_in(client, admin)

    html = client.get("/admin/sitesettings/sitesettings/1/change/").content.decode()

    assert arabic("Pre-publish checklist") in html
    for item in CHECKLIST_ITEMS:
        field = SiteSettings._meta.get_field(f"checklist_{item}")
        assert f'name="checklist_{item}"' in html
        assert arabic(field.verbose_name) in html
    assert arabic("Blocks publishing") in html and arabic("Not checked") in html


# --- links that answer: the task, against a real server on loopback ---


@pytest.fixture
def site(settings):
    """A server answering 200 on /ok, 404 elsewhere; GET only (HEAD gets 501)."""
    settings.NEWSROOM_LINK_CHECK_PRIVATE = True  # it is on loopback

    def respond(request):
        if request.path == "/ok":
            return 200, {"Content-Type": "text/plain"}, b"ok"
        return 404, {"Content-Type": "text/plain"}, b"gone"

    server = serve_http(respond)
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def linked(*urls) -> str:
    return "".join(f'<p><a href="{url}">رابط {n}</a></p>' for n, url in enumerate(urls))


def test_the_task_records_which_links_answer(site):
    closed = f"http://127.0.0.1:{free_port()}/nobody"
    article = ready(body_ar=linked(f"{site}/ok", f"{site}/missing", closed))

    assert check_links.call(article.pk) == 3

    answers = {c.url: (c.status, c.ok) for c in LinkCheck.objects.all()}
    assert answers == {f"{site}/ok": (200, True), f"{site}/missing": (404, False),
                       closed: (None, False)}
    result = check("links", article)
    assert result.ok is False
    assert f"{site}/missing" in result.message and closed in result.message
    assert f"{site}/ok" not in result.message


def test_the_checker_never_fetches_a_private_address(settings):
    """A body link into the newsroom's own network is not fetched, and counts as broken."""
    seen = []

    def respond(request):
        seen.append(request.path)
        return 200, {"Content-Type": "text/plain"}, b"ok"

    server = serve_http(respond)
    url = f"http://127.0.0.1:{server.server_address[1]}/ok"
    try:
        settings.NEWSROOM_LINK_CHECK_PRIVATE = False
        article = ready(body_ar=linked(url, "http://169.254.169.254/latest/meta-data/"))
        assert check_links.call(article.pk) == 2
    finally:
        server.shutdown()
        server.server_close()

    assert seen == []
    assert not LinkCheck.objects.filter(ok=True).exists()
    assert check("links", article).ok is False


def test_a_redirect_to_a_private_address_is_not_followed(settings):
    settings.NEWSROOM_LINK_CHECK_PRIVATE = False
    request = urllib.request.Request("http://example.org/moved")

    with pytest.raises(urllib.error.URLError):
        tasks._PublicRedirects().redirect_request(
            request, None, 302, "Found", {}, "http://10.0.0.5/admin/")


def test_the_task_checks_a_limited_number_of_links(site):
    article = ready(body_ar=linked(*(f"{site}/ok?n={n}" for n in range(30))))

    assert check_links.call(article.pk) == checklist.MAX_LINKS
    assert LinkCheck.objects.count() == checklist.MAX_LINKS


def test_a_gone_story_checks_nothing():
    assert check_links.call(987654) == 0


def test_saving_a_story_checks_its_links_after_the_commit(
    site, editor, django_capture_on_commit_callbacks
):
    article = ready()
    article.body_ar = linked(f"{site}/ok")

    with django_capture_on_commit_callbacks(execute=True):
        services.save_story(article, by=editor, edit_version=article.version)

    assert LinkCheck.objects.get(url=f"{site}/ok").ok is True


def test_a_move_does_not_check_links_again(site, editor, django_capture_on_commit_callbacks):
    article = ready(body_ar=linked(f"{site}/ok"))

    with django_capture_on_commit_callbacks(execute=True):
        services.publish_article(article, by=editor, override=True)

    assert not LinkCheck.objects.exists()


# --- the live endpoint: the form's unsaved data, checked without a write ---


def live_url(article=None) -> str:
    if article is None:
        return "/admin/articles/article/checklist/"
    return f"/admin/articles/article/{article.pk}/checklist/"


def states(response) -> dict:
    return {item["key"]: item["state"] for item in response.json()["items"]}


def test_the_journalist_sees_the_unsaved_text_checked(client, journalist):
    article = ArticleFactory(created_by=journalist, title_ar="عنوان قصير")
    log_in(client, journalist)

    short = client.post(live_url(article), {"title_ar": "قصير"})
    longer = client.post(live_url(article), {
        "title_ar": "وزارة النقل تفتتح خطا جديدا للحافلات", "summary_ar": "ملخص.",
        "section": str(article.section_id),
    })

    assert short.status_code == longer.status_code == 200
    assert (states(short)["headline"], states(longer)["headline"]) == ("fail", "pass")
    assert (states(short)["summary"], states(longer)["summary"]) == ("fail", "pass")
    assert (states(short)["section"], states(longer)["section"]) == ("fail", "pass")
    data = longer.json()
    assert data["blocking"] == 0 and data["warnings"] > 0
    assert Article.objects.get(pk=article.pk).title_ar == "عنوان قصير"


def test_the_endpoint_writes_nothing(client, editor):
    article = ready()
    log_in(client, editor)

    with CaptureQueriesContext(connection) as queries:
        response = client.post(live_url(article), {"title_ar": "عنوان جديد لم يُحفظ بعد"})

    assert response.status_code == 200
    written = [q["sql"] for q in queries if q["sql"].lstrip().split(" ", 1)[0].upper()
               in {"INSERT", "UPDATE", "DELETE"}]
    assert written == []


def test_the_new_story_endpoint_answers_who_may_write(client, journalist):
    log_in(client, journalist)
    response = client.post(live_url(), {"title_ar": "عنوان لخبر جديد لم يُحفظ"})
    assert response.status_code == 200
    assert states(response)["headline"] == "pass"


@pytest.mark.parametrize("who", ["colleague", "author of a story in review"])
def test_only_who_may_edit_the_story_may_ask(client, journalist, who):
    if who == "colleague":
        article = ArticleFactory(created_by=UserFactory(username="colleague", role="journalist"))
    else:
        article = ArticleFactory(created_by=journalist, status=Status.IN_REVIEW)
    log_in(client, journalist)

    assert client.post(live_url(article), {"title_ar": "عنوان"}).status_code == 403


def test_off_the_desk_is_sent_to_the_login_page(client):
    article = ArticleFactory()
    response = client.post(live_url(article), {"title_ar": "عنوان"})
    assert response.status_code == 302 and "/login/" in response["Location"]


@pytest.mark.parametrize("data", [
    {"section": "politics"}, {"lead_image": "1; DROP"}, {"tags": "x"},
    {"bylines-TOTAL_FORMS": "many"}, {"bylines-TOTAL_FORMS": "100000"},
    {"bylines-TOTAL_FORMS": "-1"}, {"bylines-TOTAL_FORMS": "٣"},
    {"bylines-TOTAL_FORMS": "1", "bylines-0-author": "-3"},
    {"section": "99999999999999999999999"},
])
def test_malformed_input_is_400_with_a_message(client, editor, data):
    article = ready()
    log_in(client, editor)

    response = client.post(live_url(article), data)

    assert response.status_code == 400
    assert response.json() == {"error": arabic("The form could not be read.")}


def test_the_change_page_shows_the_checklist_and_publish_anyway(client, editor, journalist):
    article = ArticleFactory(status=Status.IN_REVIEW, summary_ar="")
    log_in(client, editor)
    html = client.get(f"/admin/articles/article/{article.pk}/change/").content.decode()
    assert 'class="desk-checklist"' in html
    assert arabic("No summary: write one or two sentences under the headline.") in html
    assert 'name="override"' in html

    # A journalist never publishes: the checklist, without the override.
    mine = ArticleFactory(created_by=journalist, summary_ar="")
    client.logout()
    log_in(client, journalist)
    html = client.get(f"/admin/articles/article/{mine.pk}/change/").content.decode()
    assert 'class="desk-checklist"' in html and 'name="override"' not in html


def test_the_site_settings_page_changes_a_level(client):
    from tests.sitesettings.test_site_settings import settings_form

    log_in(client, UserFactory(username="boss", is_superuser=True))

    response = client.post("/admin/sitesettings/sitesettings/1/change/",
                           settings_form(checklist_summary="block", checklist_links="off"))

    assert response.status_code == 302
    site = SiteSettings.load()
    assert (site.checklist_summary, site.checklist_links) == (CheckLevel.BLOCK, CheckLevel.OFF)
    assert client.post("/admin/sitesettings/sitesettings/1/change/", settings_form(
        checklist_summary="sometimes")).status_code == 200  # refused, with the form's error
    assert SiteSettings.load().checklist_summary == CheckLevel.BLOCK
