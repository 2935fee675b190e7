"""Bulk moves on the story list: each story through the same service and rules as its button.

A story the move is not open to (already live, under embargo) is named with the reason and
left as it was; the others go through. A journalist is never offered "publish", and a
forged POST of it changes nothing.
"""

import pytest
from django.contrib import messages

from editorial.models import ArticleEvent
from editorial.workflow import Status
from tests.editorial.test_roles_and_moves import desk_messages, local_time, snapshot
from tests.factories import ArticleFactory, checklist_ready

pytestmark = pytest.mark.django_db

LIST = "/admin/articles/article/"


def run_action(client, action, stories):
    return client.post(LIST, {
        "action": action, "_selected_action": [story.pk for story in stories], "index": 0,
    })


def offered_actions(client) -> list[str]:
    return [value for value, _label in client.get(LIST).context["action_form"]
            .fields["action"].choices if value]


def test_editor_publishes_several_and_hears_which_were_refused(client, editor, journalist):
    ready = [checklist_ready(ArticleFactory(in_review=True, created_by=journalist))
             for _ in range(2)]
    live = ArticleFactory(published=True, title_ar="خبر منشور من قبل")
    embargoed = ArticleFactory(embargoed=True, title_ar="خبر تحت الحظر")
    # The checklist warns (no summary, photo, byline…): a bulk move never overrides it.
    incomplete = ArticleFactory(in_review=True, title_ar="خبر لم يكتمل بعد")
    before = {story.pk: snapshot(story) for story in (live, embargoed, incomplete)}
    client.force_login(editor)

    response = run_action(client, "publish_selected", [*ready, live, embargoed, incomplete])

    assert response.status_code == 302
    for story in ready:
        story.refresh_from_db()
        assert story.status == Status.PUBLISHED
        assert story.events.get().action == ArticleEvent.Action.PUBLISHED
    assert {story.pk: snapshot(story) for story in (live, embargoed, incomplete)} == before
    said = desk_messages(response)
    assert said[:2] == [
        (messages.WARNING, "لم يتم ذلك للخبر «خبر منشور من قبل»: حالته الآن «منشور»، فلا تصح "
                           "هذه الخطوة."),
        (messages.WARNING, "لم يتم ذلك للخبر «خبر تحت الحظر»: محظور نشره حتى "
                           f"{local_time(embargoed.embargo_until)}."),
    ]
    level, text = said[2]
    assert level == messages.WARNING and text.startswith("لم يتم ذلك للخبر «خبر لم يكتمل بعد»:")
    assert said[3:] == [(messages.SUCCESS, "نُشر خبران.")]


def test_journalist_submits_their_drafts_in_bulk(client, journalist):
    drafts = [ArticleFactory(created_by=journalist) for _ in range(3)]
    waiting = ArticleFactory(in_review=True, created_by=journalist, title_ar="خبر أرسل من قبل")
    client.force_login(journalist)

    response = run_action(client, "submit_selected", [*drafts, waiting])

    for draft in drafts:
        draft.refresh_from_db()
        assert draft.status == Status.IN_REVIEW
    assert desk_messages(response) == [
        (messages.WARNING, "لم يتم ذلك للخبر «خبر أرسل من قبل»: حالته الآن «قيد المراجعة»، فلا "
                           "تصح هذه الخطوة."),
        (messages.SUCCESS, "أُرسلت 3 أخبار للمراجعة."),
    ]


def test_journalist_is_not_offered_publish_and_a_forged_post_changes_nothing(
    client, journalist
):
    # Complete, so only the role can refuse it (a bulk move never overrides the checklist).
    draft = checklist_ready(ArticleFactory(in_review=True, created_by=journalist))
    before = snapshot(draft)
    client.force_login(journalist)

    assert offered_actions(client) == ["submit_selected"]
    response = run_action(client, "publish_selected", [draft])

    assert snapshot(draft) == before
    assert not draft.events.exists()
    assert all(level != messages.SUCCESS for level, _text in desk_messages(response))


def test_editor_is_offered_delete_submit_and_publish(client, editor):
    client.force_login(editor)
    assert offered_actions(client) == ["delete_selected", "submit_selected", "publish_selected"]
