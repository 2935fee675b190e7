"""demo/stories.py: invented stories, bylines and tags, the same for the same seed."""

import json
import os
import random
import subprocess
import sys
from pathlib import Path

from django.test import SimpleTestCase

from demo import stories
from demo.vocabulary import vocabulary

ROOT = Path(__file__).resolve().parents[2]

# Prints a few stories, bylines and tags as JSON; run in fresh interpreters below.
PRINT_SAMPLE = """
import json, random
from dataclasses import asdict
from demo import stories
print(json.dumps({
    "stories": [asdict(stories.write_story(random.Random(n), theme, english=True, kicker=True))
                for n, theme in enumerate(["politics", "world", "economy", "sport"])],
    "authors": [asdict(a) for a in stories.seed_authors(20)],
    "tags": [asdict(t) for t in stories.seed_tags(300)[-20:]],
}, ensure_ascii=False))
"""


class StoryTextTests(SimpleTestCase):
    def test_a_story_is_a_function_of_its_random_state(self):
        """Same random state, same story, in both languages."""
        one = stories.write_story(random.Random(7), "economy", english=True)
        two = stories.write_story(random.Random(7), "economy", english=True)
        self.assertEqual(one, two)
        self.assertTrue(one.title_en and one.body_en and one.summary_en)

    def test_the_same_seed_gives_the_same_text_in_another_process(self):
        """Nothing depends on hash order or load order: two interpreters with different hash
        seeds write the same stories, bylines and tags."""
        outputs = [
            subprocess.run(
                [sys.executable, "-c", PRINT_SAMPLE], cwd=ROOT, check=True, capture_output=True,
                text=True, env={**os.environ, "PYTHONHASHSEED": hash_seed},
            ).stdout
            for hash_seed in ("1", "2")
        ]
        self.assertEqual(outputs[0], outputs[1])
        sample = json.loads(outputs[0])
        self.assertEqual(len(sample["stories"]), 4)
        self.assertTrue(all(story["title_en"] for story in sample["stories"]))

    def test_feminine_subjects_take_feminine_verbs(self):
        """«الحكومة تطلق…» and «أطلقت الحكومة…», «نفت», «دعت»."""
        self.assertEqual(stories._present("يطلق", True), "تطلق")
        self.assertEqual(stories._past("أطلق", True), "أطلقت")
        self.assertEqual(stories._past("نفى", True), "نفت")
        self.assertEqual(stories._past("دعا", True), "دعت")
        self.assertEqual(stories._past("أطلق", False), "أطلق")

    def test_text_has_no_markup_characters(self):
        """Bodies are built as HTML around the data's text, so the text must hold none."""
        for n in range(200):
            story = stories.write_story(random.Random(n), list(vocabulary().themes)[n % 7],
                                        english=True)
            for text in (story.title_ar, story.summary_ar, story.title_en, story.summary_en):
                self.assertFalse(set(text) & set("<>&"))

    def test_a_section_name_picks_its_desk(self):
        """By a stem of its Arabic or English name, else its parent's desk, else world."""
        self.assertEqual(stories.theme_for_section("رياضة"), "sport")
        self.assertEqual(stories.theme_for_section("منوعات", "Markets"), "economy")
        self.assertEqual(stories.theme_for_section("ملفات", "", "tech"), "tech")
        self.assertEqual(stories.theme_for_section("ملفات"), "world")


class BylinesAndTagsTests(SimpleTestCase):
    def test_bylines_are_distinct_people_the_first_ones_staff(self):
        authors = stories.seed_authors(200)
        self.assertEqual(len({a.slug for a in authors}), 200)
        self.assertEqual([a.staff for a in authors], [True] * 35 + [False] * 165)

    def test_tags_are_distinct_by_arabic_name_and_english_name(self):
        tags = stories.seed_tags(2000)
        self.assertEqual(len({t.name_ar for t in tags}), 2000)
        english = [t.name_en.lower() for t in tags if t.name_en]
        self.assertEqual(len(set(english)), len(english))
