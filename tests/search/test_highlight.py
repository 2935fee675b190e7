"""The reader's words marked in headlines and summaries, everything else escaped."""

from search.highlight import highlight
from search.terms import query_terms


class TestHighlight:
    def test_matching_words_are_marked_in_their_written_form(self):
        terms = query_terms("اتهمت الحكومه الولايات")
        html = highlight("روسيا اتّهمت الحكومة والولايات المتحدة", terms)
        assert html == (
            "روسيا <mark>اتّهمت</mark> <mark>الحكومة</mark> <mark>والولايات</mark> المتحدة"
        )

    def test_everything_else_is_escaped(self):
        html = highlight('<b onclick="x">زلزال</b> & مطر', query_terms("زلزال"))
        assert html == (
            "&lt;b onclick=&quot;x&quot;&gt;<mark>زلزال</mark>&lt;/b&gt; &amp; مطر"
        )

    def test_no_terms_no_marks(self):
        assert highlight("<زلزال>", []) == "&lt;زلزال&gt;"
