"""What the reader typed becomes the words SQLite looks for and the highlighter marks."""

import pytest

from search.terms import MAX_QUERY_LENGTH, clean_query, query_terms


class TestCleanQuery:
    def test_control_characters_and_extra_space_go(self):
        assert clean_query("  روسيا\x00\t\nأمريكا\x7f ") == "روسيا أمريكا"

    def test_the_query_is_cut_to_its_maximum_length(self):
        assert len(clean_query("ب" * (MAX_QUERY_LENGTH + 50))) == MAX_QUERY_LENGTH


class TestQueryTerms:
    def test_terms_are_normalised_and_stripped_of_prefixes(self):
        assert query_terms("والولايات المتحدة") == ["لاي", "متحد"]

    def test_short_words_keep_their_letters(self):
        assert query_terms("إلى على") == ["الي", "علي"]

    @pytest.mark.parametrize("query", ["روسيا و أمريكا", "روسيا وَ أمريكا", "و روسيا ـ أمريكا"])
    def test_a_spaced_out_conjunction_is_not_a_term(self, query):
        assert query_terms(query) == ["روسيا", "امريكا"]

    def test_diacritics_do_not_split_words(self):
        assert query_terms("قَدَّمت") == ["قدمت"]

    @pytest.mark.parametrize("query", ["", "   ", "!!!", "& | !", "«»،؛", "ـــ", "\u064e"])
    def test_queries_without_words_have_no_terms(self, query):
        assert query_terms(query) == []

    def test_terms_are_capped(self):
        assert len(query_terms(" ".join(f"كلمة{n}" for n in range(50)))) == 10
