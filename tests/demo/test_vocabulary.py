"""demo/data/: the text of the demo, read once, in the shapes the generators expect."""

import json
import re
import subprocess
from string import Formatter

from django.test import SimpleTestCase

from demo.vocabulary import DATA, arabic_word_count, read, vocabulary


def strings(value):
    """Every string in a parsed JSON value."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for item in value:
            yield from strings(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from strings(item)


def placeholders(text: str) -> set[str]:
    return {name for _literal, name, _spec, _conv in Formatter().parse(text) if name is not None}


class DataFilesTests(SimpleTestCase):
    def test_every_data_file_is_json_and_tracked_by_git(self):
        """A clean clone gets every file the demo reads: none is ignored or left untracked."""
        files = sorted(path.name for path in DATA.glob("*.json"))
        self.assertIn("themes.json", files)
        for name in files:
            json.loads((DATA / name).read_text(encoding="utf-8"))
        git = ["git", "-C", str(DATA)]
        if subprocess.run([*git, "rev-parse"], capture_output=True).returncode:
            self.skipTest("not a git checkout")
        listed = subprocess.run(
            [*git, "ls-files", "--error-unmatch", *files], capture_output=True, text=True
        )
        self.assertEqual(listed.returncode, 0, listed.stderr)

    def test_read_once_per_process(self):
        self.assertIs(vocabulary(), vocabulary())
        self.assertIs(read("load_demo"), read("load_demo"))

    def test_generator_text_holds_no_markup_characters(self):
        """The generators wrap the text in <p>, <h2> and <blockquote> without sanitising it."""
        for name in ("places", "phrases", "themes", "people", "sections", "images"):
            for text in strings(read(name)):
                self.assertFalse(set(text) & set("<>&"), f"{name}.json: {text!r}")

    def test_the_vocabulary_is_a_few_thousand_words(self):
        self.assertGreater(arabic_word_count(), 2000)

    def test_figures_have_the_same_placeholders_in_both_languages(self):
        """{p} per cent, {n} a small number, {m} a large one: nothing else, nothing lost."""
        for theme in vocabulary().themes.values():
            for ar, en in theme.stats:
                self.assertLessEqual(placeholders(ar), {"p", "n", "m"}, ar)
                self.assertEqual(placeholders(ar), placeholders(en), ar)

    def test_actors_that_take_a_nationality_say_where_it_goes(self):
        for theme in vocabulary().themes.values():
            for actor in theme.actors:
                self.assertEqual("{n}" in actor.en, actor.national, actor)

    def test_each_desk_has_a_standard_section_and_its_words(self):
        v = vocabulary()
        self.assertEqual({theme for *_names, theme in v.standard_sections}, set(v.themes))
        for theme in v.themes.values():
            self.assertTrue(theme.actors and theme.predicates and theme.quotes, theme.key)
        names = [name for name, *_rest in v.standard_sections]
        for _name, _en, parent, _theme in v.standard_sections:
            self.assertTrue(parent is None or parent in names, parent)

    def test_demo_stories_name_sections_authors_and_tags_the_file_defines(self):
        demo = read("load_demo")
        sections = {row["slug"] for row in demo["sections"]}
        authors = {row["slug"] for row in demo["authors"]}
        for story in demo["articles"]:
            self.assertIn(story["section"], sections)
            self.assertLessEqual(set(story["authors"]), authors)
            self.assertLessEqual(set(story["tags"]), set(demo["tags"]))
            self.assertTrue(re.fullmatch(r"(<(p|h2|blockquote)>.*)+", "".join(story["body_ar"])))
