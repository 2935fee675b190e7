"""Sitemaps (issue #4)."""

from django.contrib.sitemaps import Sitemap

from .views import public_articles


class ArticleSitemap(Sitemap):
    changefreq = "hourly"

    def items(self):
        return public_articles().order_by("-published_at")

    def lastmod(self, item):
        return item.updated_at


sitemaps = {"articles": ArticleSitemap}
