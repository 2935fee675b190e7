"""The Python twin of the text the database keeps in `Article.search_extra`: a story's tag
and byline names (SQLite: search/triggers.py; PostgreSQL: migration 0001). Nothing writes it
from here; tests/search/test_triggers.py holds the database to it."""

from collections import defaultdict

from articles.models import ArticleAuthor, TaggedArticle


def search_extra_for(article_ids) -> dict[int, str]:
    """{article id: its tag and byline names, one a line}: for each tag by name, then each
    byline in order, the Arabic name then the English, each name once and none empty."""
    names = defaultdict(list)
    tagged = TaggedArticle.objects.filter(content_object_id__in=article_ids).order_by("tag__name")
    for article_id, *labels in tagged.values_list(
        "content_object_id", "tag__name_ar", "tag__name_en"
    ):
        names[article_id] += labels
    bylines = ArticleAuthor.objects.filter(article_id__in=article_ids).order_by("order", "pk")
    for article_id, *labels in bylines.values_list(
        "article_id", "author__name_ar", "author__name_en"
    ):
        names[article_id] += labels
    return {pk: "\n".join(dict.fromkeys(n for n in names[pk] if n)) for pk in article_ids}
