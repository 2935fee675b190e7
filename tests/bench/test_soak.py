"""bench/soak.py's judgements and its desk client's form handling, against the real admin."""

import importlib.util
from pathlib import Path

import pytest
from reversion.models import Version

from articles.models import Article
from tests.factories import ArticleFactory, AuthorFactory

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def soak():
    spec = importlib.util.spec_from_file_location("bench_soak", ROOT / "bench" / "soak.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.django_db
def test_the_desk_client_posts_the_change_form_back_as_a_browser_would(soak, client, editor):
    author = AuthorFactory()
    article = ArticleFactory(published=True, bylines=[author])
    client.force_login(editor)
    url = f"/admin/articles/article/{article.pk}/change/"
    page = client.get(url).content.decode()
    assert f"/{article.pk}/move/unpublish/" in page  # how the desk client finds its move

    form = soak.FormFields("article_form")
    form.feed(page)
    data = {}
    for name, value in form.fields:
        data.setdefault(name, []).append("عنوان جديد من المكتب" if name == "title_ar" else value)
    data["_save"] = ["1"]
    response = client.post(url, data)

    assert response.status_code == 302, soak._error_text(response.content.decode())
    article.refresh_from_db()
    assert article.title_ar == "عنوان جديد من المكتب"
    assert article.version == 2
    assert list(article.bylines.values_list("author_id", flat=True)) == [author.pk]
    assert Version.objects.get_for_object(article).count() == 1
    assert Article.objects.get(pk=article.pk).body_ar == "<p>فقرة أولى من نص الخبر.</p>"


def state(title="قديم", version=3, n_versions=2, latest=None, events=(), status="published",
          empty=0):
    latest = latest or {"title_ar": title, "version": version, "status": status}
    return {"stories": {"1": {
        "title_ar": title, "version": version, "status": status, "updated_at": f"t{version}",
        "bylines": [5], "n_versions": n_versions, "latest_version": latest,
        "latest_bylines": [5], "events": list(events),
    }}, "empty_revisions": empty, "idle_in_transaction": 0}


def test_a_save_is_judged_whole_only_when_row_and_revisions_agree(soak):
    before = state()
    assert soak.judge_save(before, state(), "1", "جديد") == {
        "state": "old", "problems": [], "ok": True}
    assert soak.judge_save(before, state("جديد", 4, 3), "1", "جديد")["ok"]

    half = soak.judge_save(before, state("جديد", 3, 2), "1", "جديد")
    assert half["state"] == "half" and not half["ok"]
    # The row saved but its revision not: the latest version is still the old one.
    lost = soak.judge_save(before, state("جديد", 4, 2, latest={"title_ar": "قديم", "version": 3,
                                                              "status": "published"}), "1", "جديد")
    assert not lost["ok"] and len(lost["problems"]) == 2
    assert not soak.judge_save(before, state(empty=1), "1", "جديد")["ok"]


def test_desk_events_must_chain_up_to_the_row_status(soak):
    chain = [("unpublished", "published", "unpublished"), ("published", "unpublished", "published")]
    assert soak.event_chain_problems(state(events=chain)["stories"]["1"]) == []
    broken = [chain[0], ("published", "draft", "published")]
    assert len(soak.event_chain_problems(state(events=broken)["stories"]["1"])) == 1
    assert len(soak.event_chain_problems(state(events=chain[:1])["stories"]["1"])) == 1


def test_gap_and_recovery_are_read_from_the_readers_answers(soak):
    def rec(t0, t1, status):
        return soak.Rec(0, t0, t1, "cached", "home", "app", status)

    records = [rec(0.0, 0.1, 200), rec(1.0, 1.1, 500), rec(2.0, 2.1, 0)]
    records += [rec(3.0 + i / 10, 3.05 + i / 10, 200) for i in range(12)]
    assert soak.longest_gap(records, 0.0, 5.0) == pytest.approx(2.95)
    assert soak.recovery(records, 1.5) == pytest.approx(1.55)
    assert soak.recovery(records[:5], 1.5) is None  # fewer than 10 successes in a row
