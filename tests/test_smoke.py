import re

import pytest

from tests.factories import ArticleFactory, UserFactory


@pytest.mark.django_db
def test_home_lists_published_articles_right_to_left(client):
    """The Arabic home page is RTL and lists published stories only."""
    published = ArticleFactory(published=True, title_ar="خبر منشور للقراء")
    ArticleFactory(title_ar="مسودة لم تنشر بعد")

    response = client.get("/")

    html = response.content.decode()
    assert response.status_code == 200
    assert re.search(r'<html lang="ar" dir="rtl">', html)
    assert published.title_ar in html
    assert "مسودة لم تنشر بعد" not in html


@pytest.mark.django_db
def test_admin_is_arabic_and_rtl(client):
    """The editing desk speaks Arabic: lang/dir on <html> and Arabic labels."""
    client.force_login(UserFactory(username="journalist", role="journalist"))

    response = client.get("/admin/articles/article/add/")

    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="ar" dir="rtl">' in html
