"""RSS feeds (issue #4): the site's latest stories."""

from django.contrib.syndication.views import Feed
from django.urls import reverse

from .views import public_articles


class LatestStoriesFeed(Feed):
    def title(self):
        from sitesettings.models import SiteSettings

        return SiteSettings.load().site_name

    def link(self):
        return reverse("articles:home")

    def items(self):
        return public_articles()[:30]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_pubdate(self, item):
        return item.published_at
