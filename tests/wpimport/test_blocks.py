"""WordPress markup to our allowed body HTML (wpimport/blocks.py): pure, no database."""

from types import SimpleNamespace

from wpimport.blocks import autop, convert, image_references
from wpimport.wxr import address_path

PHOTO = SimpleNamespace(
    pk=5, alt_text_ar="وصف", width=640, height=400, file=SimpleNamespace(url="/media/images/p.jpg")
)


def no_photos(wp_id, src):
    return None


def test_headings_outside_h2_to_h4_keep_their_place():
    body = convert(
        '<!-- wp:heading {"level":1} --><h1>أ</h1><!-- /wp:heading -->'
        '<!-- wp:heading {"level":6} --><h6>ب</h6><!-- /wp:heading -->',
        no_photos,
    )
    assert body.body == "<h2>أ</h2><h4>ب</h4>"


def test_embed_becomes_a_link_and_iframes_go():
    content = (
        '<!-- wp:embed {"url":"https://www.youtube.com/watch?v=abc"} -->\n'
        '<figure class="wp-block-embed"><div class="wp-block-embed__wrapper">\n'
        "https://www.youtube.com/watch?v=abc\n</div></figure>\n<!-- /wp:embed -->"
        '<!-- wp:html --><iframe src="https://evil.example"></iframe><!-- /wp:html -->'
    )
    body = convert(content, no_photos).body
    assert body == (
        '<p><a href="https://www.youtube.com/watch?v=abc" '
        'rel="noopener noreferrer">https://www.youtube.com/watch?v=abc</a></p>'
    )


def test_classic_caption_shortcode_becomes_a_figure_with_a_library_photo():
    content = (
        '[caption id="attachment_3" align="alignnone" width="300"]<img class="size-medium '
        'wp-image-3" src="http://old/wp-content/uploads/p-300x200.jpg" alt="" /> '
        "جسر بغداد[/caption]\n\nفقرة."
    )
    seen = []
    converted = convert(content, lambda wp_id, src: seen.append((wp_id, src)) or PHOTO)
    assert seen == [(3, "http://old/wp-content/uploads/p-300x200.jpg")]
    assert converted.body == (
        '<figure data-image-id="5"><img src="/media/images/p.jpg" alt="وصف" width="640" '
        'height="400" data-image-id="5"><figcaption>جسر بغداد</figcaption></figure>\n'
        "<p>فقرة.</p>"
    )
    assert converted.images == [5]


def test_photo_not_brought_in_is_left_out_and_listed():
    content = '<p>قبل</p><img src="http://elsewhere/x.jpg" alt="x"><p>بعد</p>'
    converted = convert(content, no_photos)
    assert converted.body == "<p>قبل</p><p>بعد</p>"
    assert converted.missing_images == ["http://elsewhere/x.jpg"]


def test_unknown_shortcodes_stay_as_text_and_are_noted():
    converted = convert('[contact-form-7 id="1"]\n\n[gallery ids="1,2"]', no_photos)
    assert converted.body == '<p>[contact-form-7 id="1"]</p>'
    assert converted.notes == ["shortcodes kept as text: [contact-form-7]"]


def test_autop_makes_paragraphs_and_line_breaks():
    assert autop("سطر\nسطر ثانٍ\n\n<h2>عنوان</h2>\n\nأخير") == (
        "<p>سطر<br>سطر ثانٍ</p>\n<h2>عنوان</h2>\n<p>أخير</p>"
    )


def test_image_references_read_ids_and_sources():
    assert image_references('<img class="wp-image-12 x" src="a.jpg"><img src=\'b.jpg\'>') == [
        (12, "a.jpg"),
        (None, "b.jpg"),
    ]


def test_address_path_decodes_permalinks_and_keeps_short_addresses():
    assert address_path("http://wp.example/2025/01/02/%d8%b3%d9%84%d8%a7%d9%85/") == (
        "/2025/01/02/سلام/"
    )
    assert address_path("http://wp.example/?p=12&x=1") == "/?p=12"
    assert address_path("http://wp.example/") == ""
