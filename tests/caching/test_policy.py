"""One definition of what is cacheable (caching/policy.py), and deploy/nginx.conf agrees with it.

The nginx file is parsed, not rendered: the statuses its micro-cache stores, the paths it never
stores, the paths it serves itself, and the session cookie it bypasses for.
"""

import re

import pytest
from django.conf import settings
from django.test import RequestFactory

from caching import pagecache, policy
from tests.caching.test_frontcache import NGINX_CONF, block, directives

CONF = directives(NGINX_CONF.read_text())
# Readers' pages: what both caches must keep.
PUBLIC_PATHS = ["/", "/en/", "/feed/", "/en/feed/", "/search/", "/article/12/some-story/",
                "/section/news/", "/en/author/someone/", "/tag/x/", "/sitemap.xml",
                "/administration/", "/previews-of-the-week/", "/hits-of-the-year/", "/tag/hit/"]


def nginx_location_block(prefix: str) -> str:
    return block(CONF, f"location {prefix}")


def nginx_private_regexes() -> list[str]:
    """The regexes of `map $uri $newsroom_private_path` that set it to 1."""
    body = block(CONF, "map $uri $newsroom_private_path")
    return re.findall(r"^\s*~(\S+)\s+1;", body, re.M)


def test_nginx_stores_exactly_the_cacheable_statuses():
    valid = re.findall(r"^\s*proxy_cache_valid\s+([^;]+);", CONF, re.M)
    assert len(valid) == 1, valid
    *statuses, lifetime = valid[0].split()
    assert tuple(int(s) for s in statuses) == policy.CACHEABLE_STATUSES
    assert lifetime == "1s"


def test_nginx_never_stores_the_private_paths_and_only_those():
    regexes = [re.compile(r) for r in nginx_private_regexes()]
    assert regexes, "no private paths in deploy/nginx.conf"

    def private_at_nginx(path):
        return any(r.search(path) for r in regexes)

    assert set(policy.PRIVATE_PREFIXES) | {"/hit/"} <= set(policy.NEVER_STORED_PREFIXES)
    for prefix in policy.NEVER_STORED_PREFIXES:
        assert private_at_nginx(prefix), prefix
        assert private_at_nginx(prefix + "some/page/"), prefix
    # And nothing else: each of nginx's patterns is one of the app's prefixes.
    for regex in regexes:
        assert any(regex.search(prefix) for prefix in policy.NEVER_STORED_PREFIXES), regex
    for path in PUBLIC_PATHS:
        assert not private_at_nginx(path), path
        assert not policy.is_private(path), path
        assert not policy.never_stored(path), path
    # The private-path flag both skips and never fills the micro-cache.
    for directive in ("proxy_cache_bypass", "proxy_no_cache"):
        values = re.search(rf"^\s*{directive}\s+([^;]+);", CONF, re.M).group(1).split()
        assert "$newsroom_private_path" in values, directive


def test_nginx_bypasses_for_the_session_cookie_the_page_cache_bypasses_for():
    cookie = f"$cookie_{settings.SESSION_COOKIE_NAME}"
    for directive in ("proxy_cache_bypass", "proxy_no_cache"):
        values = re.search(rf"^\s*{directive}\s+([^;]+);", CONF, re.M).group(1).split()
        assert cookie in values, directive
    environ = {"REQUEST_METHOD": "GET", "HTTP_COOKIE": f"{settings.SESSION_COOKIE_NAME}=x"}
    assert not pagecache.cacheable_request(environ, "/")


def test_files_nginx_serves_itself_are_never_looked_up_in_the_page_cache():
    served = re.findall(r"^\s*location\s+(/\S+/)\s*\{", CONF, re.M)
    assert set(served) == {"/static/", "/media/"}
    for prefix in served:
        assert policy.skips_page_cache(prefix + "css/site.css"), prefix


@pytest.mark.parametrize("path", [*policy.PAGE_CACHE_SKIPS])
def test_the_page_cache_skips_each_listed_path(path, settings):
    settings.NEWSROOM_PAGE_CACHE = True
    assert not pagecache.cacheable_request({"REQUEST_METHOD": "GET"}, path)


@pytest.mark.parametrize("path", PUBLIC_PATHS)
def test_the_page_cache_keeps_readers_pages(path, settings):
    settings.NEWSROOM_PAGE_CACHE = True
    assert pagecache.cacheable_request({"REQUEST_METHOD": "GET"}, path)


@pytest.mark.parametrize("status", [200, 301, 302, 304, 403, 404, 410, 500, 503])
def test_cache_headers_follow_the_same_statuses(status):
    """PublicCacheHeadersMiddleware marks public exactly what the caches may keep."""
    from django.contrib.auth.models import AnonymousUser
    from django.http import HttpResponse

    from caching.middleware import PublicCacheHeadersMiddleware

    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    response = PublicCacheHeadersMiddleware(lambda r: HttpResponse(status=status))(request)
    assert ("public" in response.get("Cache-Control", "")) == policy.cacheable_status(status)
