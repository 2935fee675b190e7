"""Arabic-Indic digits in readers' text (core/digits.py): Arabic words' numbers converted,
addresses, code and Latin text left as written."""

import pytest

from core.digits import arabic_indic_html, arabic_indic_text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("في عام 2025 قُتل 12 شخصاً", "في عام ٢٠٢٥ قُتل ١٢ شخصاً"),
        ("2025 عام الانتخابات", "٢٠٢٥ عام الانتخابات"),
        ("قال إن Windows 10 سيتوقف", "قال إن Windows 10 سيتوقف"),
        ("قمة G20 وCOVID-19 في 2026", "قمة G20 وCOVID-19 في ٢٠٢٦"),
        ("iPhone 15 Pro", "iPhone 15 Pro"),
        (
            "راسلونا على info2@example.com أو https://example.com/2025 قبل 5 أيار",
            "راسلونا على info2@example.com أو https://example.com/2025 قبل ٥ أيار",
        ),
        ("الساعة 10:30 و45&nbsp;دقيقة &amp; 3.5%", "الساعة ١٠:٣٠ و٤٥&nbsp;دقيقة &amp; ٣.٥%"),
        ("&#1575; 7", "&#1575; ٧"),
    ],
)
def test_text(text, expected):
    assert arabic_indic_text(text) == expected


def test_links_keep_their_addresses_and_latin_words_their_digits():
    html = (
        '<p>زار <a href="https://example.com/2025/05/story-12" title="تقرير 2025">'
        "تقرير 2025</a> وقرأ عن iPhone 15 في 3 أيام.</p>"
    )
    assert arabic_indic_html(html) == (
        '<p>زار <a href="https://example.com/2025/05/story-12" title="تقرير 2025">'
        "تقرير ٢٠٢٥</a> وقرأ عن iPhone 15 في ٣ أيام.</p>"
    )


def test_email_links_and_their_text_are_left_alone():
    html = '<p>للتواصل: <a href="mailto:desk24@example.com">desk24@example.com</a> خلال 24 ساعة</p>'
    assert arabic_indic_html(html) == (
        '<p>للتواصل: <a href="mailto:desk24@example.com">desk24@example.com</a> خلال ٢٤ ساعة</p>'
    )


def test_code_and_left_to_right_elements_are_left_alone():
    html = (
        '<p>الأمر <code>rm -rf /tmp/1</code> و<span dir="ltr">+964 770 123</span> '
        'ثم <span dir="ltr"><span>2</span> 3</span> و4</p>'
    )
    assert arabic_indic_html(html) == (
        '<p>الأمر <code>rm -rf /tmp/1</code> و<span dir="ltr">+964 770 123</span> '
        'ثم <span dir="ltr"><span>2</span> 3</span> و٤</p>'
    )


def test_images_keep_their_attributes_even_with_a_greater_than_sign_in_the_alt_text():
    html = (
        '<figure data-image-id="12"><img src="/media/2025/05/a1.jpg" alt="أكثر من > 5 '
        'مرات 2025" width="800" height="600"><figcaption>صورة 2025</figcaption></figure>'
    )
    assert arabic_indic_html(html) == html.replace("صورة 2025", "صورة ٢٠٢٥")


def test_a_number_after_a_latin_word_in_an_earlier_element_stays_latin():
    """The script carries across inline elements within a paragraph, not across paragraphs."""
    html = "<p>نظام <b>Android</b> 14 الجديد</p><p>14 يوماً</p>"
    assert arabic_indic_html(html) == "<p>نظام <b>Android</b> 14 الجديد</p><p>١٤ يوماً</p>"


def test_text_without_digits_is_returned_as_it_was():
    html = '<p>خبر بلا أرقام <a href="/ar/1/">هنا</a></p>'
    assert arabic_indic_html(html) == html
