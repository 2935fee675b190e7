from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path, register_converter
from django.utils.translation import gettext_lazy as _

from editorial.admin import desk_pages
from public.mostread import hit
from public.seo import favicon_ico, robots_txt
from public.sitemaps import news_sitemaps, sitemaps

from . import health
from .converters import UnicodeSlugConverter

register_converter(UnicodeSlugConverter, "uslug")

admin.site.site_header = _("Newsroom desk")
admin.site.site_title = _("Newsroom desk")
admin.site.index_title = _("Today's desk")

# Error pages and health checks that answer without the database: newsroom/errors.py,
# newsroom/health.py.
handler400 = "newsroom.errors.bad_request"
handler403 = "newsroom.errors.permission_denied"
handler404 = "newsroom.errors.page_not_found"
handler500 = "newsroom.errors.server_error"

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    # The desk's inbox beside the admin, behind its login: editorial/admin/desk_pages.py.
    path("admin/desk/", include(desk_pages.urls())),
    path("admin/guide/", include("editorial.admin.guide")),  # the desk guide, staff only
    path("admin/", admin.site.urls),
    # The read-only JSON API, one address for both editions (?lang=en): api/urls.py.
    path("api/v1/", include("api.urls")),
    path("robots.txt", robots_txt, name="robots"),
    path("favicon.ico", favicon_ico, name="favicon"),
    # The most-read beacon: one edition-free address, never cached (public/mostread.py).
    path("hit/<int:pk>/", hit, name="hit"),
    # An index of bounded files, one section (and page of it) each: public/sitemaps.py.
    path(
        "sitemap.xml", sitemap_views.index,
        {"sitemaps": sitemaps, "sitemap_url_name": "sitemap_section"}, name="sitemap",
    ),
    path(
        "sitemap-<section>.xml", sitemap_views.sitemap,
        {"sitemaps": sitemaps, "template_name": "seo/sitemap.xml"}, name="sitemap_section",
    ),
    path(
        "news-sitemap.xml", sitemap_views.sitemap,
        {"sitemaps": news_sitemaps, "template_name": "seo/news_sitemap.xml"},
        name="news_sitemap",
    ),
]

# Arabic at "/", English at "/en/".
urlpatterns += i18n_patterns(
    path("preview/", include("editorial.urls")),
    path("", include("public.urls")),
    prefix_default_language=False,
)

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
