"""Invented stories, bylines and tags for `manage.py seed_articles`, drawn from demo/data/.

Every story is a function of a ``random.Random``, so a seed always gives the same text. The
markup is ours (``<p>``, ``<h2>``, ``<blockquote>``) and the data holds no ``<``, ``>`` or
``&``, so a body is already what ``core.text.sanitize_body`` keeps.
"""

import bisect
import itertools
import random
from dataclasses import dataclass
from functools import cache
from html import escape

from core.text import arabic_slug
from demo.vocabulary import Predicate, Theme, read, vocabulary


def zipf_cum_weights(n: int, s: float = 1.0, offset: float = 0.0) -> list[float]:
    """Cumulative weights 1/(rank+offset)^s for ranks 1..n, for `random.choices`."""
    return list(itertools.accumulate(1.0 / (rank + offset) ** s for rank in range(1, n + 1)))


def pick_weighted(rng: random.Random, cum_weights: list[float]) -> int:
    """An index drawn with the given cumulative weights (`bisect`, no list of options)."""
    return bisect.bisect(cum_weights, rng.random() * cum_weights[-1])


def theme_for_section(name_ar: str, name_en: str = "", parent_theme: str | None = None) -> str:
    """The theme whose vocabulary fits a section: by its name, else its parent's, else world."""
    names = f"{name_ar or ''} {(name_en or '').lower()}"
    for key, theme in vocabulary().themes.items():
        if any(stem in names for stem in theme.section_stems):
            return key
    return parent_theme or "world"


# --------------------------------------------------------------------------------------------
# Bylines


@dataclass(frozen=True)
class SeedAuthor:
    name_ar: str
    name_en: str
    staff: bool
    job_title_ar: str
    job_title_en: str
    theme: str

    @property
    def slug(self) -> str:
        return arabic_slug(self.name_ar, 150)


def seed_authors(count: int = 200, staff: int = 35) -> list[SeedAuthor]:
    """`count` invented journalists, most prolific first; the first `staff` are staff.

    Fixed (not drawn from the story seed), so every run finds the same people by slug.
    """
    v = vocabulary()
    rng = random.Random("seed_articles authors")
    themes = list(v.theme_weights)
    theme_weights = list(v.theme_weights.values())
    seen, authors = set(), []
    while len(authors) < count:
        female = rng.random() < 0.42
        first = rng.choice(v.female_names if female else v.male_names)
        family = rng.choice(v.family_names)
        name_ar = f"{first[0]} {family[0]}"
        if name_ar in seen:
            continue
        seen.add(name_ar)
        theme = rng.choices(themes, theme_weights)[0]
        is_staff = len(authors) < staff
        title = v.themes[theme].job_title if is_staff else rng.choice(v.contributor_titles)
        authors.append(SeedAuthor(
            name_ar=name_ar, name_en=f"{first[1]} {family[1]}", staff=is_staff,
            job_title_ar=title[1] if female else title[0], job_title_en=title[2], theme=theme,
        ))
    return authors


# --------------------------------------------------------------------------------------------
# Tags


@dataclass(frozen=True)
class SeedTag:
    name_ar: str
    name_en: str | None
    theme: str | None  # None: a place, fits every desk
    country: int | None = None  # index into the places for a country's own tag


def seed_tags(count: int = 2000) -> list[SeedTag]:
    """`count` topic tags, in a fixed order: places, then each desk's topics, then
    "<topic> <country>" pairs (انتخابات العراق، نفط ليبيا…). Fixed, like the authors."""
    v = vocabulary()
    tags: list[SeedTag] = []
    for n, place in enumerate(v.places):
        tags.append(SeedTag(place.ar, _strip_the(place.en), None, n))
    tags.extend(SeedTag(ar, en, None) for ar, en, _n in v.cities)
    for theme in v.themes.values():
        tags.extend(SeedTag(ar, en, theme.key) for ar, en in theme.topics)
    pairs = [
        SeedTag(f"{noun_ar} {place.ar}", f"{_strip_the(place.en)} {noun_en}", theme.key)
        for place in v.places
        for theme in v.themes.values()
        for noun_ar, noun_en in theme.tag_nouns
    ]
    pairs += [
        SeedTag(f"{noun_ar} {city_ar}", f"{city_en} {noun_en}", theme)
        for city_ar, city_en, _n in v.cities
        for noun_ar, noun_en, theme in v.city_tag_nouns
    ]
    random.Random("seed_articles tags").shuffle(pairs)
    tags.extend(pairs)
    unique, seen_ar, seen_en, seen_slug = [], set(), set(), set()
    for tag in tags:
        slug = arabic_slug(tag.name_ar, 90)
        if tag.name_ar in seen_ar or slug in seen_slug:
            continue
        if tag.name_en and tag.name_en.lower() in seen_en:
            tag = SeedTag(tag.name_ar, None, tag.theme, tag.country)
        seen_ar.add(tag.name_ar)
        seen_slug.add(slug)
        if tag.name_en:
            seen_en.add(tag.name_en.lower())
        unique.append(tag)
    if len(unique) < count:
        raise ValueError(f"only {len(unique)} distinct tags can be made, {count} asked")
    return unique[:count]


def _strip_the(text: str) -> str:
    return text[4:] if text.startswith("the ") else text


# --------------------------------------------------------------------------------------------
# Library images: honest descriptions of generated pictures, not pretend photos.


def image_look(n: int) -> tuple[dict, int]:
    """Picture `n` of the pool: its colours (a row of images.json) and its shape's index."""
    images = read("images")
    colours, shapes = images["colours"], images["shapes"]
    return colours[n % len(colours)], (n // len(colours) + n) % len(shapes)


def image_alt_text(n: int) -> str:
    images = read("images")
    colours, shape = image_look(n)
    return images["alt_text"].format(shapes=images["shapes"][shape], colours=colours["ar"])


# --------------------------------------------------------------------------------------------
# Grammar helpers


def _past(verb: str, feminine: bool) -> str:
    # أعلن → أعلنت; a final alif or alif maqsura gives way: نفى → نفت، دعا → دعت
    if not feminine:
        return verb
    return verb[:-1] + "ت" if verb[-1] in "ىا" else verb + "ت"


def _present(verb: str, feminine: bool) -> str:
    # يعلن → تعلن
    return "ت" + verb[1:] if feminine and verb.startswith("ي") else verb


def _third_person(verb: str) -> str:
    if verb == "have":
        return "has"
    if verb.endswith(("s", "sh", "ch", "x", "z", "o")):
        return verb + "es"
    if verb.endswith("y") and verb[-2] not in "aeiou":
        return verb[:-1] + "ies"
    return verb + "s"


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


# --------------------------------------------------------------------------------------------
# Stories


@dataclass
class Story:
    """A generated story's text. ``*_en`` are empty when the story has no English edition."""

    title_ar: str
    summary_ar: str
    body_ar: str
    kicker_ar: str = ""
    title_en: str = ""
    summary_en: str = ""
    body_en: str = ""
    kicker_en: str = ""
    place: int = 0  # index into the places: the country the story is about


@cache
def _country_weights() -> tuple[list[float], list[float]]:
    """Zipf weights of the countries: home desks' (the Arab ones) and the world desk's (all)."""
    v = vocabulary()
    return (
        zipf_cum_weights(v.arab_countries, s=1.1),
        zipf_cum_weights(len(v.places), s=0.7, offset=1.0),
    )


class StoryWriter:
    """Writes one story for a desk (theme) from a `random.Random`.

    A story has a focus: a country, a main actor and what it did. The headline, summary and
    first paragraph tell that; the rest adds reactions, quotes, figures and background.
    """

    def __init__(self, rng: random.Random, theme: Theme, *, english: bool):
        # rng.random() and indexing, not rng.choice(): a million stories make ~40 million
        # picks, and choice() costs several times more. Deterministic all the same.
        self.random = rng.random
        self.v = vocabulary()
        self.theme = theme
        self.english = english
        self.place_index = self._pick_country()
        self.place = self.v.places[self.place_index]
        self._used: set[str] = set()
        self._last_actor = None

    # Choices

    def _pick(self, seq):
        return seq[int(self.random() * len(seq))]

    def _int(self, low: int, high: int) -> int:
        return low + int(self.random() * (high - low + 1))

    def _pick_country(self) -> int:
        home, world = _country_weights()
        weights = world if self.theme.key == "world" else home
        return bisect.bisect(weights, self.random() * weights[-1])

    def _actor(self, avoid=None) -> tuple[str, str, bool]:
        """(Arabic, English, feminine) of an actor of the desk, with the story's country
        as its nationality when it takes one."""
        actors = self.theme.actors
        n = int(self.random() * len(actors))
        if actors[n] is avoid:
            n = (n + 1) % len(actors)
        actor = self._last_actor = actors[n]
        ar, en = actor.ar, actor.en
        if actor.national:
            ar = f"{ar} {self.place.nisba_f if actor.feminine else self.place.nisba_m}"
            en = en.replace("{n}", f"{self.place.en_adj} ")
        return ar, en, actor.feminine

    def _predicate(self) -> Predicate:
        return self._pick(self.theme.predicates)

    def _person(self) -> tuple[str, str, bool]:
        role_ar, role_en, feminine = self._pick(self.theme.speakers)
        first = self._pick(self.v.female_names if feminine else self.v.male_names)
        family = self._pick(self.v.family_names)
        return f"{role_ar} {first[0]} {family[0]}", f"{role_en} {first[1]} {family[1]}", feminine

    # Sentences: each returns (Arabic, English); English is "" when not wanted.

    def _event(self, actor, pred: Predicate, time=None, tail=None) -> tuple[str, str]:
        ar_actor, en_actor, feminine = actor
        ar = f"{_past(pred.past, feminine)} {ar_actor}"
        if time:
            ar += f" {time[0]}"
        ar += f" {pred.rest}"
        if tail:
            ar += f"، {tail[0]}"
        en = ""
        if self.english:
            en = f"{_cap(en_actor)} {pred.en_past} {pred.en_rest}"
            if time:
                en += f" {time[1]}"
            if tail:
                en += f", {tail[1]}"
            en += "."
        return ar + ".", en

    def _reported(self) -> tuple[str, str]:
        say_ar, comp, say_en = self._pick(self.v.say)
        ar1, en1, fem1 = self._actor()
        ar2, en2, fem2 = self._actor(avoid=self._last_actor)
        pred = self._predicate()
        time = self._pick(self.v.times)
        ar = (f"{_past(say_ar, fem1)} {ar1} {time[0]} {comp} {ar2} "
              f"س{_present(pred.present, fem2)} {pred.rest}.")
        if not self.english:
            return ar, ""
        return ar, f"{_cap(en1)} {say_en} {time[1]} that {en2} would {pred.en_base} {pred.en_rest}."

    def _quote(self) -> tuple[str, str]:
        person_ar, person_en, feminine = self._person()
        venue = self._pick(self.v.venues)
        # Two people in one story do not say the same words.
        for _attempt in range(4):
            quote = self._pick(self.theme.quotes)
            if quote[0] not in self._used:
                break
        self._used.add(quote[0])
        said = "وقالت" if feminine else "وقال"
        ar = f"{said} {person_ar} {venue[0]} إن «{quote[0]}»."
        if not self.english:
            return ar, ""
        verb = self._pick(self.v.quote_verbs_en)
        return ar, f"“{_cap(quote[1])},” {person_en} {verb} {venue[1]}."

    def _context(self) -> tuple[str, str]:
        if self.random() < 0.25:
            return self._pick(self.v.contexts)
        return self._pick(self.theme.contexts)

    def _stat(self) -> tuple[str, str]:
        ar, en = self._pick(self.theme.stats)
        # {n} is 11..95: with those, Arabic counts the noun in the singular (٥٤ سريرًا);
        # {m} is a multiple of 250, so it ends in hundreds or thousands (١٢٬٥٠٠ زائر).
        numbers = {
            "p": f"{1.5 + self.random() * 43.5:.1f}",
            "n": str(self._int(11, 95)),
            "m": f"{self._int(12, 480) * 250:,}",
        }
        return ar.format(**numbers), (en.format(**numbers) if self.english else "")

    def _expected(self) -> tuple[str, str]:
        (ar_actor, en_actor, feminine), pred, when = self._clause(self.v.future_times)
        ar = f"ومن المتوقع أن {_present(pred.present, feminine)} {ar_actor} {pred.rest} {when[0]}."
        en = f"{_cap(en_actor)} is expected to {pred.en_base} {pred.en_rest} {when[1]}."
        return ar, en if self.english else ""

    def _earlier(self) -> tuple[str, str]:
        (ar_actor, en_actor, feminine), pred, when = self._clause(self.v.past_times)
        was = "وكانت" if feminine else "وكان"
        ar = f"{was} {ar_actor} قد {_past(pred.past, feminine)} {pred.rest} {when[0]}."
        en = f"{_cap(when[1])}, {en_actor} {pred.en_past} {pred.en_rest}."
        return ar, en if self.english else ""

    def _clause(self, times) -> tuple:
        """Who (an actor of the desk), does what, and when (from `times`)."""
        return self._actor(), self._predicate(), self._pick(times)

    def _connected(self) -> tuple[str, str]:
        connector = self._pick(self.v.connectors)
        ar, en = self._event(self._actor(), self._predicate(), self._pick(self.v.times))
        return f"{connector[0]}، {ar}", (f"{connector[1]}, {en[0].lower()}{en[1:]}" if en else "")

    # Kinds of sentence, each repeated by how often it comes up.
    _KINDS = (
        ("_connected",) * 3 + ("_reported",) * 3 + ("_quote",) * 3 + ("_context",) * 3
        + ("_stat",) * 2 + ("_expected",) + ("_earlier",) * 2
    )

    def _sentence(self) -> tuple[str, str]:
        # A sentence (a background line, a quote) is used once per story.
        for _attempt in range(4):
            ar, en = getattr(self, self._pick(self._KINDS))()
            if ar not in self._used:
                break
        self._used.add(ar)
        return ar, en

    def _paragraph(self, first: tuple[str, str] | None = None) -> tuple[str, str]:
        """30 to 70 words: sentences until a drawn target is reached, never past 70."""
        target = self._int(30, 70)
        ar_parts, en_parts, words = [], [], 0
        if first:
            ar_parts.append(first[0])
            en_parts.append(first[1])
            words = first[0].count(" ") + 1
        for _attempt in range(12):
            if words >= target:
                break
            ar, en = self._sentence()
            n = ar.count(" ") + 1
            if words + n > 70:
                if words >= 30:
                    break
                continue
            ar_parts.append(ar)
            en_parts.append(en)
            words += n
        return " ".join(ar_parts), " ".join(en_parts)

    # The story

    def headline(self, actor, pred: Predicate) -> tuple[str, str]:
        """8 to 14 words, present tense, subject first: «وزير المالية يطلق خطة…»."""
        ar_actor, en_actor, feminine = actor
        ar = f"{ar_actor} {_present(pred.present, feminine)} {pred.rest}"
        en = f"{_cap(en_actor)} {_third_person(pred.en_base)} {pred.en_rest}"
        words = ar.count(" ") + 1
        # A place and a circumstance, when they fit: more variety, and the short ones reach 8.
        if self.place.cities and (words < 8 or self.random() < 0.3):
            city = self._pick(self.place.cities)
            if words + city[0].count(" ") + 2 <= 14:
                ar, en = f"{ar} في {city[0]}", f"{en} in {city[1]}"
                words += city[0].count(" ") + 2
        if words < 8 or self.random() < 0.4:
            tail = self._pick(self.v.headline_tails)
            if words + tail[0].count(" ") + 1 <= 14:
                ar, en = f"{ar} {tail[0]}", f"{en} {tail[1]}"
                words += tail[0].count(" ") + 1
        if words < 8:
            ar, en = f"{self.place.ar}: {ar}", f"{self.place.en}: {en}"
        return ar, en

    def write(self, *, kicker: bool = False, breaking: bool = False) -> Story:
        actor = self._actor()
        pred = self._predicate()
        for _attempt in range(6):
            title_ar, title_en = self.headline(actor, pred)
            if title_ar.count(" ") + 1 <= 14:
                break
            actor, pred = self._actor(), self._predicate()

        # Summary: what happened, and a line of background when that is short.
        summary = self._event(actor, pred, tail=self._pick(self.v.lead_tails))
        if summary[0].count(" ") + 1 < 20:
            extra = self._context()
            self._used.add(extra[0])
            summary = (f"{summary[0]} {extra[0]}", f"{summary[1]} {extra[1]}")

        lead = self._event(actor, pred, self._pick(self.v.times), self._pick(self.v.lead_tails))
        paragraphs = [self._paragraph(first=lead)]
        paragraphs += [self._paragraph() for _n in range(self._int(5, 15) - 1)]

        # Sub-headings in about half the longer stories, never before the third paragraph.
        headings = {}
        if len(paragraphs) >= 6 and self.random() < 0.5:
            for _n in range(self._int(1, min(3, len(paragraphs) // 3))):
                position = self._int(2, len(paragraphs) - 1)
                pool = self.theme.subheads if self.random() < 0.6 else self.v.subheads
                headings[position] = self._pick(pool)
        # A pull quote now and then.
        pull_quote_at = pull_quote = None
        if self.random() < 0.08:
            pull_quote_at = self._int(2, len(paragraphs) - 1)
            pull_quote = self._pick(self.theme.quotes)

        story = Story(
            title_ar=title_ar, summary_ar=summary[0],
            body_ar=self._html(paragraphs, headings, pull_quote_at, pull_quote, 0),
            place=self.place_index,
        )
        kicker_en = ""
        if breaking or kicker:
            story.kicker_ar, kicker_en = (
                self.v.breaking_kicker if breaking else self._pick(self.v.kickers)
            )
        if self.english:
            story.title_en, story.summary_en = title_en, summary[1]
            story.body_en = self._html(paragraphs, headings, pull_quote_at, pull_quote, 1)
            story.kicker_en = kicker_en
        return story

    @staticmethod
    def _html(paragraphs, headings, pull_quote_at, pull_quote, lang: int) -> str:
        # escape() is belt and braces: no entry of demo/data contains markup characters.
        parts = []
        for n, paragraph in enumerate(paragraphs):
            if n in headings:
                parts.append(f"<h2>{escape(headings[n][lang], quote=False)}</h2>")
            if n == pull_quote_at:
                text = f"«{pull_quote[0]}»" if lang == 0 else f"“{_cap(pull_quote[1])}”"
                parts.append(f"<blockquote><p>{escape(text, quote=False)}</p></blockquote>")
            parts.append(f"<p>{escape(paragraph[lang], quote=False)}</p>")
        return "".join(parts)


def write_story(rng: random.Random, theme_key: str, *, english: bool, kicker: bool = False,
                breaking: bool = False) -> Story:
    """One invented story for the desk `theme_key`, drawn from `rng`."""
    return StoryWriter(rng, vocabulary().themes[theme_key], english=english).write(
        kicker=kicker, breaking=breaking
    )
