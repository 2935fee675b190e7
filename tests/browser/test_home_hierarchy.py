"""The front page's hierarchy as a reader sees it, in Chromium: both editions, a phone and a
desktop, light and dark.

The lead's headline is the largest; no story is on the page twice; every photo below the
first screen waits to be scrolled to (loading=lazy) and the ones that do not are on the first
screen; each photo's `sizes` is the width it is drawn at, so the browser fetches the right
rendition. Full-page screenshots go to test-artifacts/home-{lang}-{width}-{scheme}.png.
"""

import re

import pytest

from sections.models import Section
from tests.browser.test_public_pages import make_content, photo, story

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = {390: 844, 1366: 900}  # phone and desktop viewports: width -> height
LANGUAGES = ["ar", "en"]

HEADLINES = [
    "الحكومة تقر موازنة العام المقبل بعد جلسة طويلة",
    "ارتفاع صادرات التمور إلى دول الخليج",
    "مهرجان المسرح العربي يختتم دورته في بغداد",
    "البرلمان يستضيف وزير الكهرباء لمناقشة أزمة الصيف",
    "سوق الأوراق المالية يغلق على ارتفاع طفيف",
    "افتتاح متحف جديد للتراث في الموصل",
    "وفد حكومي يزور البصرة لمتابعة مشاريع المياه",
    "المصارف تمدد ساعات العمل قبل العطلة",
    "فرقة شبابية تفوز بجائزة الموسيقى العربية",
    "لجنة النزاهة تفتح ملفات العقود المتأخرة",
    "أسعار الذهب تتراجع في الأسواق المحلية",
    "إعادة ترميم شارع المتنبي تقترب من نهايتها",
    "مجلس المحافظة يصوت على خطة النقل الجديدة",
    "شركة وطنية توقع عقداً لبناء مصفاة",
    "معرض للفن التشكيلي يجمع رسامين من ثلاثة أجيال",
    "الكتل السياسية تتفق على جدول أعمال الجلسة المقبلة",
    "البنك الدولي يتوقع نمواً أسرع هذا العام",
    "مكتبة عامة جديدة تفتح أبوابها للطلاب",
]
PHOTOS = [
    ("voters", {}),
    ("tanker", {"colours": ((20, 60, 40), (230, 180, 60))}),
    ("books", {"colours": ((90, 40, 120), (250, 240, 220))}),
    ("river", {}),
]


def make_front():
    """The public pages' content, and 18 more stories with photos over its three sections
    (a third of them in English too): enough for the Arabic home's section blocks to compete
    with the lists above them, and a thin English edition (10 stories)."""
    make_content()
    sections = list(Section.objects.order_by("order"))
    for n, headline in enumerate(HEADLINES):
        name, colours = PHOTOS[n % 4]
        english = {"title_en": f"Story {n} in English", "body_en": "<p>Text.</p>",
                   "summary_en": "A summary."} if n % 3 == 0 else {}
        story(200 + 20 * n, section=sections[n % 3], title_ar=headline,
              summary_ar="ملخص قصير للخبر في سطر أو سطرين.", **english,
              lead_image=photo(name, "صورة", "A photo", "صورة", **colours))


MEASURE = """() => {
    const probe = document.createElement('div');
    probe.style.position = 'absolute';
    document.body.append(probe);
    const px = length => {
        probe.style.width = length;
        return probe.getBoundingClientRect().width;
    };
    // The width `sizes` gives at this viewport: its first entry whose media matches.
    const sized = sizes => {
        for (const entry of sizes.split(/,\\s*(?![^()]*\\))/)) {
            const m = entry.trim().match(/^(\\(.*?\\))\\s+(.*)$/);
            if (!m) return px(entry.trim());
            if (matchMedia(m[1]).matches) return px(m[2]);
        }
        return null;
    };
    const result = {
        images: [...document.images].map(img => ({
            src: img.getAttribute('src'),
            loading: img.getAttribute('loading'),
            fetchpriority: img.getAttribute('fetchpriority'),
            top: img.getBoundingClientRect().top + scrollY,
            width: img.getBoundingClientRect().width,
            sized: img.sizes ? sized(img.sizes) : null,
            slot: img.closest('.card') ? img.closest('.card').className : '',
        })),
        headlines: [...document.querySelectorAll('main .card .card-title')].map(h => ({
            lead: !!h.closest('.card-lead'),
            size: parseFloat(getComputedStyle(h).fontSize),
            text: h.textContent.trim(),
        })),
        // The most-read aside is a ranking, not a slot of the page's hierarchy: a story
        // there may also have its card (as on every news site's "most read").
        links: [...document.querySelectorAll('main a[href]')]
            .filter(a => !a.closest('.most-read')).map(a => a.pathname),
        mostRead: document.querySelectorAll('main .most-read li').length,
    };
    probe.remove();
    return result;
}"""


def load_everything(page):
    """Make every lazy photo load and wait for the photos and fonts: for the screenshots."""
    page.evaluate("""async () => {
        document.querySelectorAll('img[loading=lazy]').forEach(img => { img.loading = 'eager'; });
        await Promise.all([...document.images].map(img => img.decode().catch(() => null)));
        await document.fonts.ready;
    }""")


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("language", LANGUAGES)
def test_home_hierarchy(page, live_server, artifacts_dir, language, width):
    make_front()
    height = WIDTHS[width]
    page.set_viewport_size({"width": width, "height": height})
    response = page.goto(live_server.url + ("/" if language == "ar" else "/en/"))
    assert response.status == 200
    page.evaluate("document.fonts.ready")
    seen = page.evaluate(MEASURE)

    # The lead's headline is larger than any other card's.
    heads = seen["headlines"]
    lead = [h for h in heads if h["lead"]]
    others = [h for h in heads if not h["lead"]]
    assert len(lead) == 1 and len(others) >= 10, heads
    biggest = max(others, key=lambda h: h["size"])
    assert lead[0]["size"] > biggest["size"], (lead[0], biggest)

    # No story twice: each links to its story once, in one card (the most-read ranking aside).
    assert seen["mostRead"] > 0
    stories = [m.group(1) for path in seen["links"] if (m := re.search(r"/article/(\d+)/", path))]
    assert len(stories) == len(heads)
    assert len(stories) == len(set(stories)), sorted(s for s in stories if stories.count(s) > 1)

    # Photos below the first screen are lazy; the ones that are not are on the first screen.
    images = seen["images"]
    assert len(images) >= 3
    for image in images:
        if image["top"] >= height:
            assert image["loading"] == "lazy", image
        if image["loading"] != "lazy":
            assert image["top"] < height, image
    assert [i["fetchpriority"] for i in images].count("high") == 1
    assert "card-lead" in next(i for i in images if i["fetchpriority"] == "high")["slot"]
    # Each photo's `sizes` is the width it is drawn at (to the pixel, rounding apart).
    for image in images:
        assert image["sized"] is not None, image
        assert abs(image["sized"] - image["width"]) <= 1.5, image

    if language == "en":  # a thin English edition: Arabic headlines follow, marked Arabic
        block = page.locator("main .from-arabic")
        assert block.count() == 1
        titles = block.locator(".card-title")
        assert titles.count() >= 5
        assert titles.evaluate_all(
            "hs => hs.every(h => h.lang === 'ar' && h.dir === 'rtl')"
        )

    # Nothing sticks out sideways.
    assert page.evaluate("document.documentElement.scrollWidth") <= width

    load_everything(page)
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)
        shot = artifacts_dir / f"home-{language}-{width}-{scheme}.png"
        page.screenshot(path=shot, full_page=True)
        assert shot.stat().st_size > 0
