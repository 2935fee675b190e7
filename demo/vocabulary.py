"""The words the demo generators use, read once per process from the JSON files in demo/data/.

The files hold the text; this module only gives it the shapes the generators index quickly
(frozen dataclasses and tuples, in the files' order, which the generated stories depend on).
"""

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"


@cache
def read(name: str):
    """demo/data/<name>.json, parsed once and shared: callers must not change it."""
    with (DATA / f"{name}.json").open(encoding="utf-8") as f:
        return json.load(f)


@dataclass(frozen=True)
class Place:
    ar: str
    nisba_m: str
    nisba_f: str
    en: str
    en_adj: str
    cities: tuple = ()  # (Arabic, English)


@dataclass(frozen=True)
class Actor:
    ar: str
    feminine: bool
    en: str  # "{n}" marks where a nationality goes
    national: bool


@dataclass(frozen=True)
class Predicate:
    present: str
    past: str
    rest: str
    en_base: str
    en_past: str
    en_rest: str


@dataclass(frozen=True)
class Theme:
    """One desk's vocabulary; rows are (Arabic, English) unless said otherwise."""

    key: str
    weight: int  # its share of the paper's stories
    section_stems: tuple  # a section whose name holds one of these writes for this desk
    job_title: tuple  # (Arabic masculine, Arabic feminine, English)
    actors: tuple
    predicates: tuple
    speakers: tuple  # (Arabic, English, feminine)
    quotes: tuple  # nominal sentences, what comes after «إن»
    contexts: tuple
    stats: tuple  # with {p} per cent, {n} small number, {m} large number
    subheads: tuple
    topics: tuple  # tags
    tag_nouns: tuple  # tags "<noun> <country>"


@dataclass(frozen=True)
class Vocabulary:
    places: tuple  # Place; the Arab countries first
    arab_countries: int  # how many of `places` are
    cities: tuple  # (Arabic, English, index into places), in places' order
    city_tag_nouns: tuple  # tags "<noun> <city>": (Arabic, English, theme)
    themes: dict  # key -> Theme, in the paper's order
    standard_sections: tuple  # (Arabic, English, parent's Arabic name, theme)
    times: tuple
    past_times: tuple
    future_times: tuple
    say: tuple  # (Arabic past, its complementiser, English)
    connectors: tuple
    lead_tails: tuple
    headline_tails: tuple
    venues: tuple
    subheads: tuple
    contexts: tuple
    quote_verbs_en: tuple
    kickers: tuple
    breaking_kicker: tuple
    outlet: tuple  # (slug, Arabic, English)
    agency: tuple
    male_names: tuple
    female_names: tuple
    family_names: tuple
    contributor_titles: tuple  # (Arabic masculine, Arabic feminine, English)

    @property
    def theme_weights(self) -> dict:
        return {key: theme.weight for key, theme in self.themes.items()}


def _rows(rows, *fields) -> tuple:
    """JSON rows as tuples: lists as they are, objects by the named fields."""
    if fields:
        return tuple(tuple(row[field] for field in fields) for row in rows)
    return tuple(tuple(row) for row in rows)


def _theme(row) -> Theme:
    return Theme(
        key=row["key"],
        weight=row["weight"],
        section_stems=tuple(row["section_stems"]),
        job_title=_rows([row["job_title"]], "ar_m", "ar_f", "en")[0],
        actors=tuple(Actor(**actor) for actor in row["actors"]),
        predicates=tuple(Predicate(**predicate) for predicate in row["predicates"]),
        speakers=_rows(row["speakers"], "ar", "en", "feminine"),
        **{
            name: _rows(row[name])
            for name in ("quotes", "contexts", "stats", "subheads", "topics", "tag_nouns")
        },
    )


@cache
def vocabulary() -> Vocabulary:
    """Everything in demo/data/ that seed_articles draws from, built once per process."""
    places, phrases, people = read("places"), read("phrases"), read("people")
    countries = places["arab_countries"] + places["other_countries"]
    return Vocabulary(
        places=tuple(
            Place(**{**country, "cities": _rows(country["cities"])}) for country in countries
        ),
        arab_countries=len(places["arab_countries"]),
        cities=tuple(
            (ar, en, n) for n, country in enumerate(countries) for ar, en in country["cities"]
        ),
        city_tag_nouns=_rows(places["city_tag_nouns"], "ar", "en", "theme"),
        themes={row["key"]: _theme(row) for row in read("themes")},
        standard_sections=_rows(read("sections"), "ar", "en", "parent", "theme"),
        say=_rows(phrases["say"], "ar", "that", "en"),
        quote_verbs_en=tuple(phrases["quote_verbs_en"]),
        breaking_kicker=tuple(phrases["breaking_kicker"]),
        **{
            name: _rows(phrases[name])
            for name in ("times", "past_times", "future_times", "connectors", "lead_tails",
                         "headline_tails", "venues", "subheads", "contexts", "kickers")
        },
        outlet=_rows([people["outlet"]], "slug", "ar", "en")[0],
        agency=_rows([people["agency"]], "slug", "ar", "en")[0],
        contributor_titles=_rows(people["contributor_titles"], "ar_m", "ar_f", "en"),
        **{name: _rows(people[name]) for name in ("male_names", "female_names", "family_names")},
    )


def arabic_word_count() -> int:
    """How many distinct Arabic words the vocabulary holds (a test keeps it in the thousands)."""
    words = set()

    def add(text):
        words.update(w.strip("«»،.:؟") for w in text.split())

    v = vocabulary()
    for theme in v.themes.values():
        for actor in theme.actors:
            add(actor.ar)
        for pred in theme.predicates:
            add(f"{pred.present} {pred.past} {pred.rest}")
        for rows in (theme.quotes, theme.contexts, theme.stats, theme.subheads, theme.topics,
                     theme.tag_nouns, theme.speakers):
            for row in rows:
                add(row[0])
    for place in v.places:
        add(f"{place.ar} {place.nisba_m} {place.nisba_f}")
    for rows in (v.cities, v.times, v.past_times, v.future_times, v.say, v.connectors,
                 v.lead_tails, v.headline_tails, v.venues, v.subheads, v.contexts,
                 v.male_names, v.female_names, v.family_names):
        for row in rows:
            add(row[0])
    words.discard("")
    return len(words)
