import pytest

from core.text import arabic_slug, removed_markup, sanitize_body


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        # Diacritics, typographic quotes and the Arabic comma go; letters stay.
        ("اتّهمت روسيا “الغرب”، بالقرب", "اتهمت-روسيا-الغرب-بالقرب"),
        # Tatweel (kashida) is decoration, not a letter.
        ("الحكومـــة تُعلن", "الحكومة-تعلن"),
        ("Putin meets بلينكن in Geneva", "putin-meets-بلينكن-in-geneva"),
        ("١٠٠ ألف جندي", "١٠٠-ألف-جندي"),
    ],
)
def test_arabic_slug_keeps_letters(title, slug):
    assert arabic_slug(title) == slug


def test_arabic_slug_cuts_long_headlines_at_a_word_boundary():
    title = " ".join(["كلمة"] * 100)
    slug = arabic_slug(title, max_length=50)
    assert len(slug) <= 50
    assert slug.endswith("كلمة")


def test_sanitize_body_keeps_structure_and_text():
    html = (
        "<h2>عنوان</h2><p><strong>قوي</strong> و<em>مائل</em></p><ul><li>بند</li></ul>"
        "<blockquote><p>اقتباس</p></blockquote>"
        '<p><a href="https://example.org/a" title="t">رابط</a></p>'
    )
    cleaned = sanitize_body(html)
    for fragment in ("<h2>عنوان</h2>", "<strong>قوي</strong>", "<em>مائل</em>", "<li>بند</li>",
                     "<blockquote><p>اقتباس</p></blockquote>", 'href="https://example.org/a"'):
        assert fragment in cleaned


@pytest.mark.parametrize(
    ("html", "gone"),
    [
        ("<p>نص<script>alert(1)</script></p>", "alert"),
        ('<p onclick="steal()">نص</p>', "steal"),
        ('<p><a href="javascript:alert(1)">نص</a></p>', "javascript"),
        ('<p><a href="JaVaScRiPt:alert(1)">نص</a></p>', "alert"),
        ('<iframe src="https://evil.example"></iframe><p>نص</p>', "evil"),
        ("<style>p{display:none}</style><p>نص</p>", "display"),
        ('<p style="position:fixed">نص</p>', "fixed"),
        ('<p><img src="https://tracker.example/p.gif" alt="x">نص</p>', "tracker"),
        ("<p>نص<!-- تعليق داخلي --></p>", "تعليق"),
    ],
)
def test_sanitize_body_removes_hostile_markup_but_keeps_text(html, gone):
    cleaned = sanitize_body(html)
    assert gone not in cleaned
    assert "نص" in cleaned


def test_sanitize_body_keeps_library_images():
    html = (
        '<figure><img src="/media/images/a.jpg" alt="وصف">'
        "<figcaption>تعليق</figcaption></figure>"
    )
    assert sanitize_body(html) == html


def test_untouched_editor_gives_an_empty_body():
    assert sanitize_body("<p></p>") == ""
    assert sanitize_body("") == ""


def test_removed_markup_names_what_was_taken_out():
    html = '<p style="x" onmouseover="y">a<script></script><a href="javascript:z">b</a></p>'
    assert removed_markup(html) == ["<script>", "javascript:", "onmouseover", "style"]
    assert removed_markup("<p><strong>a</strong> <a href='https://x.org'>b</a></p>") == []
