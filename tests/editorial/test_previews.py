"""Previews: the desk reads a story before readers do, and an editor can lend a signed,
expiring, revocable link to someone without an account. Neither is ever cached or indexed."""

import re
from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.core import signing
from django.test import Client
from django.utils import timezone, translation

from authors.models import Author
from editorial.models import PreviewLink
from editorial.previews import SALT
from editorial.services import publish_article
from editorial.workflow import Status
from tests.factories import ArticleFactory, UserFactory

pytestmark = pytest.mark.django_db

TITLE = "تسريبات عن صفقة السلاح قبل إعلانها"


@pytest.fixture
def draft(journalist):
    return ArticleFactory(created_by=journalist, title_ar=TITLE)


@pytest.fixture
def editor_client(editor):
    client = Client()
    client.force_login(editor)
    return client


@pytest.fixture
def author_client(journalist):
    client = Client()
    client.force_login(journalist)
    return client


def preview_url(article) -> str:
    return f"/preview/{article.pk}/"


def assert_private_preview(response, status=Status.DRAFT):
    """The story, marked as a preview in its status, with headers that keep it out of caches
    and search indexes."""
    assert response.status_code == 200
    html = response.content.decode()
    assert TITLE in html
    banner = re.search(r'<p class="preview-banner"[^>]*>(.*?)</p>', html, re.S)
    assert banner, "the page says it is a preview"
    with translation.override("ar"):
        assert str(status.label) in banner.group(1)
    directives = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"no-cache", "no-store", "private", "max-age=0"} <= directives, directives
    assert "noindex" in response["X-Robots-Tag"]


def assert_not_shown(response, status):
    assert response.status_code == status
    assert TITLE not in response.content.decode()
    assert "preview-banner" not in response.content.decode()


class TestPreview:
    @pytest.mark.parametrize("who", ["editor", "journalist"])
    def test_editor_and_author_preview_a_draft(self, client, draft, who, request):
        """An editor, and the journalist who wrote it, read the draft as readers will."""
        client.force_login(request.getfixturevalue(who))

        response = client.get(preview_url(draft))

        assert_private_preview(response)

    def test_journalist_in_the_byline_previews_a_colleagues_draft(self, client, draft):
        """A co-author signed on the story (through their author profile) may preview it."""
        colleague = UserFactory(role="journalist")
        author = Author.objects.create(name_ar="مراسل مشارك", user=colleague)
        draft.bylines.create(author=author, order=0)
        client.force_login(colleague)

        assert_private_preview(client.get(preview_url(draft)))

    def test_another_journalist_is_refused(self, client, draft):
        """A journalist who neither wrote nor signs the story gets 403, and none of it."""
        client.force_login(UserFactory(role="journalist"))

        assert_not_shown(client.get(preview_url(draft)), 403)

    def test_anonymous_visitor_is_sent_to_log_in(self, client, draft):
        """Without a session the preview address leads to the desk's login, and back."""
        response = client.get(preview_url(draft))

        assert response.status_code == 302
        assert response["Location"] == f"/admin/login/?next=/preview/{draft.pk}/"

    def test_reader_gets_404_at_a_drafts_public_address(self, client, draft):
        """The story's own address does not exist for readers while it is a draft."""
        assert_not_shown(client.get(draft.get_absolute_url()), 404)


def create_link(client, article, **fields):
    return client.post(
        f"/admin/articles/article/{article.pk}/preview-links/",
        {"note": "المحامي", "hours": "48", **fields},
    )


def link_address(response) -> str:
    """The link's address, as the editor reads it in the confirmation message."""
    shown = " ".join(str(message) for message in get_messages(response.wsgi_request))
    match = re.search(r"http://testserver(/preview/shared/[^/\s]+/)", shown)
    assert match, shown
    return match.group(1)


def active_links(client, article) -> set[str]:
    """The tokens of the links the desk panel lists as active for the story.

    Compared by token: an address is signed with the second it was made in, so the panel's
    copy of a link may differ from the creation message's by its timestamp.
    """
    page = client.get(f"/admin/articles/article/{article.pk}/change/").content.decode()
    match = re.search(r'<details class="desk-links">(.*?)</details>', page, re.S)
    assert match, "the editor sees the preview links panel"
    return {token(address) for address in re.findall(r'value="http://testserver([^"]+)"',
                                                       match.group(1))}


def token(address: str) -> str:
    return signing.loads(address.removeprefix("/preview/shared/").removesuffix("/"), salt=SALT)


class TestPreviewLinks:
    @pytest.fixture
    def address(self, editor_client, draft):
        response = create_link(editor_client, draft, hours="2")
        assert response.status_code == 302
        return link_address(response)

    def test_editor_creates_a_link_that_opens_the_draft_without_an_account(
        self, editor_client, editor, draft
    ):
        """The link is made for the stated time, with its note, and shows the draft to
        anyone who has it."""
        before = timezone.now()
        response = create_link(editor_client, draft)
        after = timezone.now()

        assert response.status_code == 302
        link = PreviewLink.objects.get()
        assert (link.article, link.note, link.created_by, link.revoked_at) == (
            draft, "المحامي", editor, None
        )
        assert before + timedelta(hours=48) <= link.expires_at <= after + timedelta(hours=48)
        assert_private_preview(Client().get(link_address(response)))

    def test_link_keeps_working_once_the_story_is_published(self, editor, draft, address):
        """Publication does not break a link already sent."""
        publish_article(draft, by=editor, override=True)

        assert_private_preview(Client().get(address), status=Status.PUBLISHED)

    def test_link_stops_working_when_it_expires(self, draft, address, monkeypatch):
        """Just before its time the link works; just after, it is a 404."""
        expires_at = PreviewLink.objects.get().expires_at
        reader = Client()

        monkeypatch.setattr(timezone, "now", lambda: expires_at - timedelta(seconds=1))
        assert_private_preview(reader.get(address))
        monkeypatch.setattr(timezone, "now", lambda: expires_at + timedelta(seconds=1))
        assert_not_shown(reader.get(address), 404)

    def test_revoked_link_is_404(self, editor_client, draft, address):
        """The editor revokes the link from the desk; it stops working at once and leaves
        the desk's list of active links."""
        link = PreviewLink.objects.get()
        assert active_links(editor_client, draft) == {link.token}

        response = editor_client.post(
            f"/admin/articles/article/{draft.pk}/preview-links/{link.pk}/revoke/"
        )

        assert response.status_code == 302
        link.refresh_from_db()
        assert link.revoked_at is not None
        assert_not_shown(Client().get(address), 404)
        assert active_links(editor_client, draft) == set()

    @pytest.mark.parametrize("tamper", ["signature", "payload"])
    def test_tampered_link_is_404(self, draft, address, tamper):
        """A link with one character changed, in its token or its signature, opens nothing."""
        signed = address.removeprefix("/preview/shared/").removesuffix("/")
        at = len(signed) - 1 if tamper == "signature" else 1
        changed = "A" if signed[at] != "A" else "B"
        forged = signed[:at] + changed + signed[at + 1:]

        assert_not_shown(Client().get(f"/preview/shared/{forged}/"), 404)
        assert_private_preview(Client().get(address))  # the genuine link still works

    def test_journalist_cannot_create_a_link(self, author_client, draft):
        """Even for their own draft: 403, and no link exists."""
        response = create_link(author_client, draft)

        assert response.status_code == 403
        assert not PreviewLink.objects.exists()

    def test_journalist_cannot_revoke_a_link(self, author_client, draft, address):
        """The author's revoke is 403; the editor's link keeps working."""
        link = PreviewLink.objects.get()

        response = author_client.post(
            f"/admin/articles/article/{draft.pk}/preview-links/{link.pk}/revoke/"
        )

        assert response.status_code == 403
        link.refresh_from_db()
        assert link.revoked_at is None
        assert_private_preview(Client().get(address))
