"""The public site in a real browser: both editions, phone and desktop, screenshots and axe.

Every page a reader reaches (home, story, section, author, topic, search, 404) is loaded in
Chromium in Arabic (right to left, at /) and in English (left to right, at /en/), at a
phone width and a desktop width, in the light and the dark colour scheme. Each run saves
full-page screenshots to test-artifacts/ for a person to look at, and runs axe-core against
WCAG 2.2 A/AA in both schemes: any violation fails.

The content is made per test (live-server tests need committed rows, and a transactional
test flushes them when it ends). The photos are uploaded once per session and their stored
files reused, as uploading is the slow part.
"""

import io
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image as PillowImage

from articles.models import ArticleAuthor
from images.models import Image
from images.services import create_image
from public.mostread import record_view
from sitesettings.models import SiteSettings
from tests.factories import ArticleFactory, AuthorFactory, SectionFactory, TagFactory

AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

PAGES = ["home", "article", "section", "author", "tag", "search", "about", "404"]
LANGUAGES = ["ar", "en"]
WIDTHS = {390: 844, 1280: 900}  # phone and desktop viewports: width -> height

SEARCH_WORD = {"ar": "الانتخابات", "en": "elections"}

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def jpeg(width=1600, height=900, colours=((155, 28, 28), (29, 78, 216))):
    """A JPEG with a diagonal gradient between two colours, like a photo's tones."""
    (r1, g1, b1), (r2, g2, b2) = colours
    gradient = PillowImage.linear_gradient("L").rotate(45, expand=True).resize((width, height))
    start = PillowImage.new("RGB", (width, height), (r1, g1, b1))
    end = PillowImage.new("RGB", (width, height), (r2, g2, b2))
    data = io.BytesIO()
    PillowImage.composite(end, start, gradient).save(data, "JPEG", quality=85)
    return data.getvalue()


# Stored files of the test photos, by name: made once per test session with create_image
# (checks, metadata stripping, WebP renditions), then reused. Each transactional test
# flushes the rows but not the media files, and the uploads are the slow part of the setup.
_STORED_PHOTOS = {}


def photo(name, alt_ar, alt_en, caption_ar, **colours):
    """A library photo with Arabic and English texts, as a lead image."""
    texts = {
        "alt_text_ar": alt_ar, "alt_text_en": alt_en, "caption_ar": caption_ar,
        "caption_en": alt_en, "credit_ar": "رويترز", "credit_en": "Reuters",
    }
    stored = _STORED_PHOTOS.get(name)
    if stored:
        return Image.objects.create(**stored, **texts)
    image = create_image(file=ContentFile(jpeg(**colours), name=f"{name}.jpg"), **texts)
    _STORED_PHOTOS[name] = {
        field: getattr(image, field) for field in ("width", "height", "rendition_widths")
    } | {"file": image.file.name}
    return image


def story(minutes_ago, **fields):
    published_at = timezone.now() - timedelta(minutes=minutes_ago)
    return ArticleFactory(published=True, published_at=published_at, **fields)


def make_content():
    """A small front page: a lead story with a photo, a breaking story, three sections,
    a byline, a topic, stories with and without English editions and photos.

    Returns the objects the parametrized pages are built from.
    """
    site = SiteSettings.load()
    site.site_name_ar, site.site_name_en = "الأمصار", "Al-Amsar"
    site.tagline_ar, site.tagline_en = "أخبار العراق والعالم", "News from Iraq and the world"
    site.masthead_note_ar = "رئيس التحرير: سلمى الجبوري"
    site.masthead_note_en = "Editor-in-chief: Salma al-Jubouri"
    site.contact_email = "desk@example.org"
    site.save()

    politics = SectionFactory(name_ar="سياسة", name_en="Politics", order=1,
                              description_ar="أخبار الحكومة والبرلمان والانتخابات.",
                              description_en="Government, parliament and elections.")
    economy = SectionFactory(name_ar="اقتصاد", name_en="Economy", order=2)
    culture = SectionFactory(name_ar="ثقافة وفنون", name_en="Culture and arts", order=3)
    reporter = AuthorFactory(name_ar="ليلى حسن", name_en="Layla Hassan",
                             job_title_ar="مراسلة الشؤون السياسية",
                             job_title_en="Political correspondent",
                             bio_ar="تغطي البرلمان والانتخابات منذ عام ٢٠١٥.",
                             bio_en="She has covered parliament and elections since 2015.")
    topic = TagFactory(name_ar="الانتخابات البرلمانية", name_en="Parliamentary elections")

    lead = story(
        30, section=politics, is_featured=True,
        title_ar="المفوضية تعلن موعد الانتخابات البرلمانية المقبلة في تشرين الثاني",
        title_en="Electoral commission sets November date for parliamentary elections",
        kicker_ar="بغداد", kicker_en="Baghdad",
        summary_ar="قالت المفوضية إن التصويت سيجري في يوم واحد في كل المحافظات.",
        summary_en="The commission said voting will take place on one day in every province.",
        body_ar="<p>أعلنت المفوضية العليا المستقلة للانتخابات اليوم موعد التصويت.</p>"
                "<h2>ماذا بعد؟</h2><p>تبدأ الحملات الانتخابية قبل شهر من الموعد.</p>",
        body_en="<p>The Independent High Electoral Commission announced the date today.</p>"
                "<h2>What next?</h2><p>Campaigning starts a month before the vote.</p>",
        lead_image=photo("voters", "ناخبون أمام مركز اقتراع في بغداد",
                         "Voters outside a polling station in Baghdad",
                         "ناخبون في انتخابات سابقة"),
    )
    # The agency byline has no English name: the English edition falls back to the Arabic.
    agencies = AuthorFactory(name_ar="وكالات", kind="agency")
    ArticleAuthor.objects.create(article=lead, author=reporter, order=0)
    ArticleAuthor.objects.create(article=lead, author=agencies, order=1)
    lead.tags.add(topic)

    breaking = story(
        10, section=politics, is_breaking=True,
        title_ar="عاجل: البرلمان يصوت على قانون الانتخابات الجديد",
        title_en="Breaking: parliament votes on the new elections law",
        body_en="<p>Parliament voted on the law this afternoon.</p>",
    )
    ArticleAuthor.objects.create(article=breaking, author=reporter, order=0)
    breaking.tags.add(topic)

    market = story(
        60, section=economy,
        title_ar="أسعار النفط ترتفع مع تراجع المخزونات العالمية",
        title_en="Oil prices rise as world stocks fall",
        body_en="<p>Brent crude rose two percent.</p>",
        lead_image=photo("tanker", "ناقلة نفط في ميناء البصرة", "An oil tanker at Basra port",
                         "ناقلة في البصرة", colours=((20, 60, 40), (230, 180, 60))),
    )
    market.tags.add(topic)
    # Arabic-only stories: on the Arabic edition, never on the English one.
    story(90, section=economy, title_ar="البنك المركزي يثبت سعر صرف الدينار")
    story(120, section=culture, kicker_ar="معرض",
          title_ar="معرض بغداد الدولي للكتاب يفتح أبوابه بمشاركة ثلاثمئة دار نشر",
          lead_image=photo("books", "زوار بين رفوف الكتب", "Visitors among bookshelves",
                           "معرض الكتاب", colours=((90, 40, 120), (250, 240, 220))))
    story(150, section=culture, title_ar="فرقة المقام العراقي تحيي حفلاً في البصرة",
          title_en="Iraqi maqam ensemble plays in Basra",
          body_en="<p>The concert was sold out.</p>")
    story(180, section=politics, title_ar="وزير الخارجية يزور عمّان لبحث ملف المياه",
          lead_image=photo("river", "نهر دجلة", "The Tigris river", "نهر دجلة"))
    # Read by readers, so «الأكثر قراءة» shows on the home and story pages axe checks.
    for read, times in ((market, 3), (breaking, 2), (lead, 1)):
        for _ in range(times):
            record_view(read.pk)
    return {"lead": lead, "section": politics, "author": reporter, "tag": topic}


def page_path(name, language, content):
    prefix = "" if language == "ar" else "/en"
    if name == "home":
        return f"{prefix}/"
    if name == "search":
        return f"{prefix}/search/?q={SEARCH_WORD[language]}"
    if name == "404":
        return f"{prefix}/no-such-page/"
    if name == "about":
        return f"{prefix}/about/"
    target = {"article": "lead", "section": "section", "author": "author", "tag": "tag"}[name]
    # get_absolute_url builds the address in the active language (Arabic here).
    return prefix + content[target].get_absolute_url()


def load_fully(page, url):
    """Open `url` and wait for fonts and every image, lazy ones included."""
    response = page.goto(url)
    page.evaluate("""async () => {
        document.querySelectorAll('img[loading=lazy]').forEach(img => { img.loading = 'eager'; });
        await Promise.all([...document.images].map(img => img.decode().catch(() => null)));
        await document.fonts.ready;
    }""")
    return response


def axe_violations(page):
    """axe-core's WCAG 2.2 A/AA violations on the page as it is now."""
    # Evaluated by the test, not added as a <script>: the page's CSP refuses inline scripts.
    page.evaluate(AXE.read_text())
    # resultTypes: details for violations only, which makes a run about twice as fast.
    return page.evaluate(
        """tags => axe.run(document, {runOnly: {type: 'tag', values: tags},
                                      resultTypes: ['violations']})
                  .then(result => result.violations)""",
        AXE_TAGS,
    )


def describe(violations):
    lines = []
    for v in violations:
        targets = [", ".join(node["target"]) for node in v["nodes"]]
        lines.append(f"{v['id']} ({v['impact']}): {v['help']}\n    targets: {targets}")
    return "\n".join(lines)


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("name", PAGES)
def test_public_page(page, live_server, artifacts_dir, name, language, width):
    """The page loads in its edition's language and direction, and axe finds nothing."""
    content = make_content()
    page.set_viewport_size({"width": width, "height": WIDTHS[width]})

    response = load_fully(page, live_server.url + page_path(name, language, content))

    screenshot = artifacts_dir / f"public-{name}-{language}-{width}.png"
    page.screenshot(path=screenshot, full_page=True)
    assert screenshot.exists() and screenshot.stat().st_size > 0

    assert response.status == (404 if name == "404" else 200)
    if name == "article":  # the English edition of the story, not the Arabic one
        headline = getattr(content["lead"], f"title_{language}")
        assert page.locator("h1").inner_text() == headline
    elif name not in ("404", "about"):  # a list with stories in it, so axe checks real cards
        assert page.locator("main .card").count() >= 2
    if name in ("home", "article"):  # and the most-read aside
        assert page.locator(".most-read li").count() == 3  # all three have both editions
    html = page.locator("html")
    assert html.get_attribute("lang") == language
    assert html.get_attribute("dir") == ("rtl" if language == "ar" else "ltr")
    # Nothing sticks out sideways: no horizontal scrolling on a phone or a desktop.
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= width, f"page is {scroll_width}px wide in a {width}px viewport"

    violations = axe_violations(page)
    assert not violations, f"axe on {page.url}:\n{describe(violations)}"

    # The same page for a reader whose system is set to dark: the dark palette applies
    # (a dark background, not only a screenshot), and axe still finds nothing.
    page.emulate_media(color_scheme="dark")
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    red, green, blue = (int(c) for c in background[4:-1].split(", ")[:3])
    assert red + green + blue < 3 * 64, f"dark mode left the page {background}"
    page.screenshot(path=artifacts_dir / f"public-{name}-{language}-{width}-dark.png",
                    full_page=True)
    violations = axe_violations(page)
    assert not violations, f"axe on {page.url} (dark):\n{describe(violations)}"


def focused(page, script):
    """Evaluate `script` with `el` bound to the focused element."""
    return page.evaluate(f"(() => {{ const el = document.activeElement; return {script}; }})()")


FOCUS_RING = """[getComputedStyle(el).outlineStyle, parseFloat(getComputedStyle(el).outlineWidth),
                 getComputedStyle(el).outlineColor]"""


@pytest.mark.parametrize("language", LANGUAGES)
def test_keyboard_skip_link_and_menu(page, live_server, language):
    """Tab from the top reaches the visible skip link first; Enter moves focus to <main>.

    Every menu link is then reachable with Tab, in order, with a visible focus outline.
    """
    make_content()
    home = live_server.url + ("/" if language == "ar" else "/en/")
    page.goto(home)

    page.keyboard.press("Tab")
    assert focused(page, "el.classList.contains('skip-link')"), focused(page, "el.outerHTML")
    skip = page.locator(".skip-link")
    box = skip.bounding_box()
    assert skip.is_visible() and box["y"] >= 0 and box["height"] > 0, f"skip link at {box}"
    assert box["x"] >= 0 and box["x"] + box["width"] <= 1280, f"skip link at {box}"
    style, width, _colour = focused(page, FOCUS_RING)
    assert style != "none" and width >= 2, "the skip link has no focus outline"

    page.keyboard.press("Enter")
    page.wait_for_function("document.activeElement && document.activeElement.id === 'main'")
    assert page.url.endswith("#main")

    # From the top again: Tab through the masthead into the menu and out of it.
    expected = page.locator(".site-nav a").evaluate_all(
        "links => links.map(a => a.getAttribute('href'))"
    )
    assert len(expected) == 5  # home, three sections, search
    page.goto(home)
    reached = []
    for _ in range(20):
        page.keyboard.press("Tab")
        if focused(page, "!!el.closest('.site-nav')"):
            href = focused(page, "el.getAttribute('href')")
            style, width, colour = focused(page, FOCUS_RING)
            assert style == "solid" and width >= 2, f"{href}: focus outline {style} {width}px"
            assert colour not in ("transparent", "rgba(0, 0, 0, 0)"), f"{href}: {colour}"
            reached.append(href)
        elif reached:
            break
    assert reached == expected


@pytest.mark.parametrize("width", WIDTHS)
def test_english_page_of_a_story_only_in_arabic(page, live_server, artifacts_dir, width):
    """The English address of an Arabic-only story: an English page that says so, the Arabic
    headline in Arabic and right to left, a link to the story; axe finds nothing."""
    make_content()
    arabic_only = story(5, title_ar="البنك المركزي يثبت سعر صرف الدينار",
                        summary_ar="قرر البنك المركزي الإبقاء على سعر الصرف دون تغيير.")
    page.set_viewport_size({"width": width, "height": WIDTHS[width]})

    response = load_fully(page, f"{live_server.url}/en{arabic_only.get_absolute_url()}")

    page.screenshot(path=artifacts_dir / f"public-only-in-arabic-en-{width}.png", full_page=True)
    assert response.status == 200
    assert page.locator("html").get_attribute("lang") == "en"
    heading = page.locator("h1")
    assert heading.inner_text() == arabic_only.title_ar
    assert heading.evaluate("el => getComputedStyle(el).direction") == "rtl"
    assert heading.evaluate("el => el.closest('[lang]').lang") == "ar"
    page.get_by_role("link", name="Read the story in Arabic").click()
    assert page.url == f"{live_server.url}{arabic_only.get_absolute_url()}"
    page.go_back()
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)
        violations = axe_violations(page)
        assert not violations, f"axe on {page.url} ({scheme}):\n{describe(violations)}"
