"""No English on the desk: every admin page a journalist or an editor can open, crawled.

The pages are discovered, not listed: every named URL pattern of the admin site and of each
registered model admin, filled with objects of that model the user may see (a draft, a story
in review, a scheduled one…), so a page added to the desk is crawled the day it is merged.
Each page's visible text (text nodes outside <script>/<style>, plus the title, placeholder,
aria-label and alt attributes and the labels of input buttons) must hold no run of two Latin
letters, except the few on ALLOWED. The fixtures are Arabic, so English cannot come from data.
Then the JavaScript: every gettext() string of every script the desk pages load must have an
Arabic translation in the admin's JavaScript catalogue (/admin/jsi18n/).
"""

import json
import re
from datetime import timedelta
from urllib.parse import urlsplit

import html5lib
import pytest
import reversion
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.contrib.staticfiles import finders
from django.core.files.base import ContentFile
from django.test import RequestFactory
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.converters import IntConverter
from django.urls.resolvers import LocalePrefixPattern
from django.utils import timezone
from reversion.models import Version

from articles.models import Tag
from editorial import autosave, planning, services
from editorial.desk import DESK_VIEWS
from editorial.models import Assignment
from editorial.previews import create_preview_link
from images.services import create_image
from tests.factories import ArticleFactory, AuthorFactory, SectionFactory, UserFactory
from tests.images.samples import image_bytes

LATIN = re.compile(r"[A-Za-z]{2,}")
# Latin words a page may show, each for a reason.
ALLOWED = {
    "English",  # the English edition's language named in its own language (language menus)
    "JPEG", "PNG", "WebP", "GIF",  # the photo formats the library takes, named as files are
}
# Texts never checked: what the person typed or the browser fills in.
SKIPPED_TAGS = {"script", "style", "template", "textarea", "noscript"}
CHECKED_ATTRIBUTES = ("title", "placeholder", "aria-label", "alt")
BUTTON_TYPES = {"submit", "button", "reset"}
# Objects of each model crawled per pattern that takes one (a story in each state).
OBJECTS_PER_MODEL = 8
# The list's own views, beside the plain list: a search with and without results, each desk.
LIST_QUERIES = ["?q=خبر", "?q=زززز", *(f"?desk={key}" for key, _label, _view in DESK_VIEWS)]


@pytest.fixture
def journalist(db):
    """Arabic names, even the user name the desk shows beside a byline."""
    return UserFactory(username="سارة", first_name="سارة", last_name="العلي", role="journalist")


@pytest.fixture
def editor(db):
    return UserFactory(username="منى", first_name="منى", last_name="الحسن", role="editor")


@pytest.fixture
def newsroom(journalist, editor):
    """A desk with something on every page, all of it written in Arabic."""
    now = timezone.now()
    section = SectionFactory(name_ar="سياسة", name_en="سياسة", description_ar="أخبار السياسة")
    SectionFactory(name_ar="الخليج", name_en="الخليج", parent=section)
    author = AuthorFactory(name_ar="سارة الكاتبة", name_en="سارة", job_title_ar="مراسلة",
                           user=journalist)
    photo = create_image(file=ContentFile(image_bytes((320, 200))), alt_text_ar="ميناء البصرة",
                         caption_ar="الميناء صباحا", credit_ar="المصور", uploaded_by=journalist)
    tag = Tag.objects.create(name_ar="النقل", name_en="النقل", name="النقل")
    common = {"section": section, "created_by": journalist, "bylines": [author],
              "lead_image": photo, "kicker_ar": "خاص", "seo_description_ar": "وصف الخبر"}
    draft = ArticleFactory(title_ar="مسودة خبر عن الطرق", **common)
    draft.tags.add(tag)
    with reversion.create_revision():
        reversion.set_user(journalist)
        draft.save()
    with reversion.create_revision():
        draft.body_ar = "<p>فقرة معدلة من النص.</p>"
        draft.save()
    sent_back = ArticleFactory(title_ar="خبر أعيد إلى كاتبه", **common)
    services.submit_for_review(sent_back, by=journalist, note="جاهز")
    services.send_back(sent_back, by=editor, note="أضف المصدر")
    in_review = ArticleFactory(title_ar="خبر ينتظر المراجعة", **common)
    services.submit_for_review(in_review, by=journalist, note="جاهز للمراجعة")
    ArticleFactory(title_ar="خبر تحت الحظر", embargoed=True, **common)
    ArticleFactory(title_ar="خبر مجدول", scheduled=True, **common)
    published = ArticleFactory(title_ar="خبر منشور", published=True, published_at=now, **common)
    create_preview_link(published, by=editor, note="للمحامي")
    ArticleFactory(title_ar="خبر سحب من النشر", unpublished=True, **common)
    # The story budget: one overdue assignment and one whose draft is started (the calendar
    # of this week, "my desk" and the assignment's pages show both).
    late = Assignment(headline="تغطية جلسة المجلس", section=section, assignee=journalist,
                      due_at=now - timedelta(hours=1), notes="اتصل بالمقرر")
    planning.create_assignment(late, by=editor)
    started = Assignment(headline="حوار مع الوزير", section=section, assignee=journalist,
                         due_at=now + timedelta(hours=3), publish_at=now + timedelta(hours=6))
    planning.convert_to_draft(planning.create_assignment(started, by=editor), by=journalist)
    # Working copies, so the edit and add pages offer to restore one (the autosave notice).
    typed = {"fields": {"title_ar": "عنوان لم يحفظ بعد"}, "labels": {}}
    for user in (journalist, editor):
        autosave.save_working_copy(user, None, typed, None)
    autosave.save_working_copy(journalist, draft, typed, draft.version)
    return published


# The desk's two roles. A superuser also opens the site's machinery (groups and their
# permission names, login attempts, task results): English from the database and from
# packages without Arabic, for the technical staff; not crawled.
@pytest.mark.parametrize("role", ["journalist", "editor"])
def test_every_desk_page_is_in_arabic(client, newsroom, journalist, editor, role):
    user = {"journalist": journalist, "editor": editor}[role]
    client.force_login(user)

    leaks, scripts, crawled = crawl(client, user)

    assert len(crawled) > 20, crawled  # the crawl found the desk
    assert {"/admin/desk/inbox/", "/admin/guide/"} <= set(crawled), crawled  # beside the admin
    # The fixture's working copy is offered: the autosave notice was on a crawled page.
    assert b"desk-autosave-notice" in client.get(reverse("admin:articles_article_add")).content
    assert not leaks, f"English on the desk as {role}:\n" + "\n".join(leaks)
    assert {"/static/admin/js/admin/DateTimeShortcuts.js", "/static/articles/editor.js",
            "/static/editorial/desk.js"} <= scripts, scripts
    untranslated = untranslated_script_strings(client, scripts)
    assert not untranslated, (
        f"Scripts on the desk as {role} show these strings in English (no Arabic in the "
        "JavaScript catalogue, /admin/jsi18n/):\n" + "\n".join(untranslated)
    )


def test_the_login_page_is_in_arabic(client, db):
    response = client.get(reverse("admin:login"))
    assert response.status_code == 200
    leaks = [f"{reverse('admin:login')}: {leak}" for leak in english_in(response)]
    assert not leaks, "\n".join(leaks)


def test_pages_reached_by_a_post_are_in_arabic(client, newsroom, editor):
    """What a GET cannot reach: the bulk delete's confirmation, a form sent back with errors."""
    client.force_login(editor)
    stories = reverse("admin:articles_article_changelist")
    pages = {
        "delete confirmation": client.post(stories, {
            "action": "delete_selected", "_selected_action": [newsroom.pk], "index": 0}),
        "empty story form": client.post(reverse("admin:articles_article_add"), {
            "bylines-TOTAL_FORMS": 0, "bylines-INITIAL_FORMS": 0}),
        "empty section form": client.post(reverse("admin:sections_section_add"), {}),
        "empty photo form": client.post(reverse("admin:images_image_add"), {}),
    }
    assert {name: response.status_code for name, response in pages.items()} == dict.fromkeys(
        pages, 200)
    assert "errornote" in pages["empty story form"].content.decode()
    leaks = [f"{name}: {leak}" for name, response in pages.items() for leak in english_in(response)]
    assert not leaks, "\n".join(leaks)


def test_the_crawl_catches_english(client, newsroom, editor):
    """The crawl is not blind: an English headline on the list is reported with its page."""
    newsroom.title_ar = "Breaking news in English"
    newsroom.save()
    client.force_login(editor)

    response = client.get(reverse("admin:articles_article_changelist"))

    assert "“Breaking news in” in “Breaking news in English”" in english_in(response)


# --- discovering the pages ---


def crawl(client, user):
    """Every admin page `user` can open: (leaks, script URLs, pages crawled)."""
    pages_of, scripts, crawled = {}, set(), []
    for url in admin_urls(user):
        response = client.get(url)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue  # a redirect, a POST-only URL (405), a page not for this role, JSON
        crawled.append(url)
        for leak in english_in(response):
            pages_of.setdefault(leak, []).append(url)
        scripts |= scripts_of(response)
    # One line per string, with the pages it is on: what the lead needs to find and fix it.
    leaks = [
        f"{leak} on {', '.join(pages[:3])}" + (f" and {len(pages) - 3} more" if pages[3:] else "")
        for leak, pages in pages_of.items()
    ]
    return leaks, scripts, crawled


def admin_urls(user):
    site = admin.site
    request = RequestFactory().get("/admin/")
    request.user = user
    unfillable = []
    for pattern in site.get_urls():
        if isinstance(pattern, URLPattern) and pattern.name:
            yield from site_urls(pattern, unfillable)
    for model_admin in site._registry.values():
        if not model_admin.has_view_or_change_permission(request):
            continue
        objects = list(model_admin.get_queryset(request).order_by("pk")[:OBJECTS_PER_MODEL])
        for pattern in flatten(model_admin.get_urls()):
            names = list(pattern.pattern.regex.groupindex)
            if not names:
                url = reverse(f"admin:{pattern.name}")
                yield url
                if pattern.name.endswith("_changelist"):
                    yield from (url + query for query in LIST_QUERIES)
                if pattern.name.endswith("_add"):
                    yield url + "?_popup=1"
                continue
            for obj in objects:
                kwargs = fill(names, obj)
                if kwargs is None:
                    unfillable.append(f"{pattern.name} {pattern.pattern}")
                    break
                yield reverse(f"admin:{pattern.name}", kwargs=kwargs)
    yield from desk_urls_beside_the_admin()
    assert not unfillable, (
        "The crawl cannot fill these admin URLs; teach fill() in "
        f"tests/editorial/test_untranslated_crawl.py their arguments: {sorted(set(unfillable))}"
    )


def desk_urls_beside_the_admin(patterns=None, namespace="", route=""):
    """The desk's own pages under /admin/ outside the admin site (the inbox, the guide).
    Their arguments are not objects of a model admin: a stand-in (1, "x") reaches pages
    that do not need a real object; the others answer 404 or 405 and are not crawled."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        full = route + str(pattern.pattern)
        if not full.startswith("admin/"[: len(full)]):
            continue
        if isinstance(pattern, URLResolver):
            if pattern.namespace == admin.site.name:
                continue  # the admin site's own patterns are walked with their objects
            if isinstance(pattern.pattern, LocalePrefixPattern):
                continue  # the readers' pages
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from desk_urls_beside_the_admin(pattern.url_patterns, inner, full)
        elif pattern.name and full.startswith("admin/"):
            converters = getattr(pattern.pattern, "converters", {})
            kwargs = {name: 1 if isinstance(converter, IntConverter) else "x"
                      for name, converter in converters.items()}
            yield reverse(f"{namespace}{pattern.name}", kwargs=kwargs)


def site_urls(pattern, unfillable):
    names = list(pattern.pattern.regex.groupindex)
    name = f"admin:{pattern.name}"
    if not names:
        yield reverse(name)
    elif names == ["app_label"]:
        for label in sorted({model._meta.app_label for model in admin.site._registry}):
            yield reverse(name, kwargs={"app_label": label})
    elif set(names) == {"content_type_id", "object_id"}:
        return  # "view on site": a redirect to the public page
    else:
        unfillable.append(f"{pattern.name} {pattern.pattern}")


def flatten(patterns):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from flatten(pattern.url_patterns)
        elif pattern.name:
            yield pattern


def fill(names, obj):
    """URL arguments for `obj`'s pages, or None for an argument the crawl does not know."""
    kwargs = {}
    for name in names:
        if name in ("object_id", "pk", "id"):
            kwargs[name] = obj.pk
        elif name == "version_id":
            version = Version.objects.get_for_object(obj).first()
            kwargs[name] = version.pk if version else 0
        elif name == "link_id":
            link = obj.preview_links.first() if hasattr(obj, "preview_links") else None
            kwargs[name] = link.pk if link else 0
        elif name == "move":
            kwargs[name] = "submit"
        elif name == "content_type_id":
            kwargs[name] = ContentType.objects.get_for_model(obj).pk
        else:
            return None
    return kwargs


# --- reading a page as a person does ---


def english_in(response) -> list[str]:
    """Each run of Latin letters a person sees on the page, with the text around it."""
    found = []
    for text in visible_texts(response.content.decode()):
        words = [word for word in LATIN.findall(text) if word not in ALLOWED]
        if words:
            found.append(f"“{' '.join(words)}” in “{' '.join(text.split())[:120]}”")
    return list(dict.fromkeys(found))


def visible_texts(html: str):
    tree = html5lib.parse(html, namespaceHTMLElements=False)
    yield from _texts(tree)


def _texts(element):
    if not isinstance(element.tag, str):  # a comment: its tail is text, read by the parent
        return
    if element.tag in SKIPPED_TAGS or _left_to_right(element):
        return
    for name in CHECKED_ATTRIBUTES:
        if element.get(name):
            yield element.get(name)
    if element.tag == "input" and element.get("type") in BUTTON_TYPES and element.get("value"):
        yield element.get("value")
    if element.text:
        yield element.text
    for child in element:
        yield from _texts(child)
        if child.tail:
            yield child.tail


def _left_to_right(element) -> bool:
    """A slug, an address, the English edition: written left to right, on purpose; and a
    link that shows its own address (the photo's file under "Currently")."""
    if element.get("dir") == "ltr" or (element.get("lang") or "").startswith("en"):
        return True
    text = (element.text or "").strip()
    return element.tag == "a" and bool(text) and (element.get("href") or "").endswith(text)


# --- the scripts' strings ---

GETTEXT_CALL = re.compile(
    r"""\b(?:gettext|gettext_noop|ngettext)\(\s*((?:(?:"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')"""
    r"""\s*\+?\s*)+)"""
)
LITERAL = re.compile(r""""((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)'""")
PLACEHOLDER = re.compile(r"%\(\w+\)s|%s")
MODULE_IN_ATTRIBUTE = re.compile(r"/static/[\w./-]+\.m?js")


def scripts_of(response) -> set[str]:
    tree = html5lib.parse(response.content.decode(), namespaceHTMLElements=False)
    found = set()
    for element in tree.iter():
        if not isinstance(element.tag, str):
            continue
        if element.tag == "script" and element.get("src"):
            found.add(element.get("src"))
        elif element.tag == "script" and element.get("type") == "importmap" and element.text:
            found |= set(json.loads(element.text).get("imports", {}).values())
        # Modules named in a widget's configuration (the body editor's extensions).
        for value in element.attrib.values():
            found |= set(MODULE_IN_ATTRIBUTE.findall(value))
    return {urlsplit(src).path for src in found if urlsplit(src).path.startswith("/static/")}


def untranslated_script_strings(client, scripts) -> list[str]:
    catalog = js_catalog(client)
    missing = []
    for src in sorted(scripts):
        path = finders.find(src.removeprefix("/static/"))
        if path is None:
            continue
        with open(path, encoding="utf-8") as source:
            code = source.read()
        for call in GETTEXT_CALL.finditer(code):
            msgid = "".join(a or b for a, b in LITERAL.findall(call.group(1)))
            msgid = msgid.encode().decode("unicode_escape") if "\\" in msgid else msgid
            translated = catalog.get(msgid)
            forms = translated if isinstance(translated, list) else [translated]
            if any(not form or LATIN.search(PLACEHOLDER.sub("", form)) for form in forms):
                missing.append(f"{src}: “{msgid}”")
    return missing


def js_catalog(client) -> dict:
    response = client.get(reverse("admin:jsi18n"))
    assert response.status_code == 200
    match = re.search(r"const newcatalog = (\{.*?\});\n", response.content.decode(), re.S)
    return json.loads(match.group(1)) if match else {}


def test_the_script_check_reads_the_catalogue(client, editor):
    client.force_login(editor)
    catalog = js_catalog(client)
    assert catalog["Today"] == "اليوم"

