#!/usr/bin/env python3
"""A deterministic synthetic briefing for briefgen's scale benchmark.

    python benchmarks/generate.py N --seed S --out DIR

writes a briefing project into DIR (``mkdocs.yml``, ``content/articles/*.md``, ``content/facts.yaml``,
``content/briefing.md``) with N articles of 400–900 words and about 20 claims per article, each cited
1–4 times by words that stand exactly once in the cited article. Some citations are made unique only by
``occurrence:``, ``prefix:``/``suffix:`` or ``paragraph:`` (ambiguous words, on purpose), some cite a whole
paragraph (or its first sentence), and some quotes are printed slightly differently by a later article
and recorded under ``variants:`` (near misses). A few articles carry a wire story (``syndicated_from``)
or copy an earlier article verbatim (``copy_of``), so corroboration and quote-wording checks have
origin groups to work on.

The world is fictional (countries, cities, people, outlets), written in news style with the things
that trip sentence splitters: "U.S.", "U.N.", "D.P.R.K.", "Sept. 10", "Mr.", "Gen.", curly quotes.
Actors and venues grow with the square root of N (about 20 + 20·√N in all), so entity pages grow but
do not explode; actors and venues are drawn with a skew, so a few of them are in many claims.

Determinism: one ``random.Random(seed)``-derived generator per article and per world, seeded from
(seed, purpose, index) strings; no set iteration, no hash randomisation, no clock. Same N and seed,
same bytes (``--self-test`` checks it).
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import math
import random
import re
import shutil
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

GENERATOR_VERSION = "1"

# ---------------------------------------------------------------------------------------------
# The word bank (written for this benchmark; nothing is downloaded)

COUNTRIES = (
    ("Veloria", "Velorian"), ("Ostrana", "Ostranan"), ("Karvia", "Karvian"), ("Meridia", "Meridian"),
    ("Talmora", "Talmoran"), ("Dorvany", "Dorvanian"), ("Senmark", "Senmarkish"), ("Belgora", "Belgoran"),
    ("Ruvenia", "Ruvenian"), ("Lontara", "Lontaran"), ("Ardessa", "Ardessan"), ("Castrel", "Castrelian"),
    ("Norvald", "Norvaldic"), ("Zemira", "Zemiran"), ("Keshet", "Keshetian"), ("Valdora", "Valdoran"),
    ("Pelmark", "Pelmarkish"), ("Oristan", "Oristani"), ("Tarvona", "Tarvonan"), ("Ismera", "Ismeran"),
    ("Corvale", "Corvalese"), ("Druskel", "Druskelian"), ("Hallmyr", "Hallmyric"), ("Quorra", "Quorran"),
)

CITY_PREFIX = ("", "", "", "Port ", "New ", "Fort ", "Lake ", "San ", "Upper ", "East ")
CITY_A = ("Ald", "Var", "Kes", "Mor", "Tel", "Bran", "Cor", "Dun", "Esk", "Fal", "Gor", "Hal", "Ist", "Jor",
          "Kal", "Lin", "Mar", "Nor", "Ost", "Pel", "Quel", "Ros", "Sal", "Tor", "Ul", "Ven", "Wes", "Yar",
          "Zan", "Bel")
CITY_B = ("in", "na", "ova", "burg", "mouth", "ara", "essa", "holm", "ford", "ica", "ston", "vik", "ano",
          "era", "ul", "ash", "ade", "ora", "ent", "ik")

EVENT_ADJ = ("Eastern", "Northern", "Coastal", "Continental", "Maritime", "Southern", "Highland", "Western",
             "Inland", "Polar", "Central", "Atlantic")
EVENT_NOUN = ("Economic Forum", "Trade Summit", "Security Conference", "Energy Dialogue", "Grain Congress",
              "Water Summit", "Shipping Conference", "Investment Forum")

GIVEN_F = ("Ana", "Mira", "Lena", "Sofia", "Irena", "Talia", "Vera", "Nadia", "Elin", "Katya", "Dora",
           "Lidia", "Maren", "Runa", "Selma", "Tova", "Ilse", "Jana", "Oksana", "Petra", "Zora", "Hana",
           "Alma", "Greta", "Livia", "Noor", "Edda", "Rosa", "Yara", "Inga")
GIVEN_M = ("Ben", "Dario", "Emil", "Goran", "Ivo", "Jonas", "Karel", "Luka", "Milo", "Nils", "Oren",
           "Pavel", "Rafe", "Stellan", "Teo", "Viktor", "Anton", "Bruno", "Casimir", "Dag", "Elias", "Felix",
           "Gustav", "Henrik", "Ilan", "Jakob", "Kaspar", "Lorenz", "Marek", "Otto")
SURNAME_A = ("Mor", "Kal", "Vesh", "Dan", "Ter", "Ost", "Bra", "Lin", "Har", "Sav", "Ron", "Tam", "Gol", "Pet",
             "Riv", "Nor", "Zel", "Kov", "Bel", "Fen", "Dra", "Mal", "Ser", "Vol", "Ask", "Bod", "Cal", "Dub",
             "Eg", "Fal")
SURNAME_B = ("vik", "an", "ev", "ov", "strom", "ard", "ens", "ic", "berg", "ani", "ez", "ors", "ell", "ado",
             "inen", "as", "ow", "ski", "ton", "ero")

# (title in running text, role as the fact sheet says it, honorific override)
TITLES = (
    ("Foreign Minister", "Foreign Minister", ""), ("Defense Minister", "Defense Minister", ""),
    ("Trade Minister", "Trade Minister", ""), ("Finance Minister", "Finance Minister", ""),
    ("Prime Minister", "Prime Minister", ""), ("President", "President", ""),
    ("Vice Premier", "Vice Premier", ""), ("Interior Minister", "Interior Minister", ""),
    ("Energy Minister", "Energy Minister", ""), ("Fisheries Minister", "Fisheries Minister", ""),
    ("Ambassador to the U.N.", "Ambassador to the United Nations", ""),
    ("army chief Gen.", "Chief of the army", "Gen."), ("navy commander Adm.", "Commander of the navy", "Adm."),
    ("opposition leader", "Leader of the opposition", ""), ("Sen.", "Senator", "Sen."),
    ("central bank Gov.", "Governor of the central bank", "Gov."),
    ("Deputy Foreign Minister", "Deputy Foreign Minister", ""), ("Agriculture Minister", "Agriculture Minister", ""),
)

# (name after the demonym, short form, what it is)
ORG_TYPES = (
    ("Coast Guard", "coast guard", "Maritime security agency"),
    ("Central Bank", "central bank", "Central bank"),
    ("Ministry of Fisheries", "fisheries ministry", "Government ministry"),
    ("Port Authority", "port authority", "Port operator"),
    ("Grain Board", "grain board", "State grain trading agency"),
    ("Border Police", "border police", "Border security force"),
    ("Electoral Commission", "electoral commission", "Election authority"),
    ("State News Agency", "news agency", "State news agency"),
    ("Chamber of Commerce", "chamber", "Business association"),
    ("Energy Regulator", "regulator", "Energy market regulator"),
    ("Farmers Union", "union", "Farmers' trade union"),
    ("Statistics Office", "statistics office", "National statistics agency"),
    ("Navy", "navy", "Naval force"),
    ("Railway Company", "railway company", "State railway operator"),
    ("Shipping Line", "shipping line", "State shipping company"),
    ("Supreme Court", "court", "Highest court"),
    ("National Assembly", "assembly", "Parliament"),
    ("Health Ministry", "health ministry", "Government ministry"),
    ("Weather Service", "weather service", "Meteorological agency"),
    ("Mining Company", "mining company", "State mining company"),
)

OUTLETS = (
    "The Velorian Herald", "Ostrana Daily", "The Meridian Times", "Harbour Post", "The Northern Ledger",
    "Karvia Today", "The Coastal Observer", "Talmora Courier", "The Continental Review", "Dorvany Evening News",
    "The Senmark Gazette", "Belgora Tribune", "The Ruvenian Record", "Lontara Morning Star", "The Ardessa Chronicle",
    "Castrel Weekly", "The Norvald Sentinel", "Zemira Post", "The Keshet Monitor", "Valdora Independent",
    "The Pelmark Examiner", "Oristan Voice", "The Tarvona Journal", "Ismera Bulletin", "The Corvale Dispatch",
    "Druskel News", "The Hallmyr Standard", "Quorra Press", "The Regional Wire Review", "Strait Times Online",
)
WIRES = ("Associated Press", "Reuters", "Agence France-Presse")
AUTHOR_SUFFIX = ("", "", "", " and staff", "")

# (topic phrase, theme)
TOPICS = (
    ("fishing rights in the Varn Strait", "Maritime disputes"), ("patrols near the Ossel Shoals", "Maritime disputes"),
    ("a shared naval exercise", "Maritime disputes"), ("shipping lanes through the Kessa Channel", "Maritime disputes"),
    ("grain exports", "Food and trade"), ("fertiliser prices", "Food and trade"), ("a customs union", "Food and trade"),
    ("tariffs on steel", "Food and trade"), ("a pipeline through the Dalen Pass", "Energy"),
    ("gas deliveries for the winter", "Energy"), ("a nuclear power plant", "Energy"), ("electricity imports", "Energy"),
    ("border crossings", "Border security"), ("refugees from the northern provinces", "Border security"),
    ("a demilitarised zone", "Border security"), ("arms sales", "Arms and sanctions"),
    ("artillery shells", "Arms and sanctions"), ("sanctions enforcement", "Arms and sanctions"),
    ("missile tests", "Arms and sanctions"), ("the debt restructuring", "Finance"), ("a currency swap line", "Finance"),
    ("the central bank's reserves", "Finance"), ("the next election", "Domestic politics"),
    ("a new constitution", "Domestic politics"), ("press freedom", "Domestic politics"),
    ("water rights on the Orsk River", "Water and climate"), ("drought relief", "Water and climate"),
    ("flood defences", "Water and climate"), ("a railway link", "Infrastructure"), ("port expansion", "Infrastructure"),
    ("a new airport", "Infrastructure"), ("satellite technology", "Technology"), ("undersea cables", "Technology"),
    ("vaccine supplies", "Health"), ("hospital funding", "Health"), ("a prisoner exchange", "Diplomacy"),
    ("the return of ambassadors", "Diplomacy"), ("a peace framework", "Diplomacy"), ("visa rules", "Diplomacy"),
    ("mining licences", "Resources"), ("rare earth exports", "Resources"), ("timber quotas", "Resources"),
)
COMMODITIES = ("wheat", "barley", "maize", "fertiliser", "coal", "crude oil", "diesel", "timber", "copper ore",
               "iron ore", "sunflower oil", "rice", "cement", "steel coil", "rare earths", "potash", "soybeans",
               "frozen fish", "sugar", "cotton")
UNITS_WEIGHT = ("tonnes", "metric tons")
ACTIONS = ("sign a trade agreement", "reopen its embassy", "resume grain shipments", "lift the export ban",
           "join the customs union", "release the detained sailors", "close the border crossing",
           "hold a referendum", "cut gas deliveries", "expand the naval base", "withdraw its troops",
           "begin talks on the debt", "restore direct flights", "extend the ceasefire", "allow inspectors in",
           "pay the overdue transit fees", "end the fishing moratorium", "open a second pipeline",
           "recognise the new government", "buy more artillery shells")
OFFENCES = ("violating its airspace", "jamming shipping radio", "smuggling weapons across the border",
            "blocking grain convoys", "interfering in its election", "detaining its fishermen",
            "diverting the Orsk River", "spying on its navy", "breaking the ceasefire", "dumping cheap steel",
            "hacking its power grid", "harbouring armed groups")
FACILITIES = ("munitions factory", "shipyard", "missile plant", "tractor works", "power station",
              "fertiliser plant", "military academy", "steel mill", "satellite centre", "naval dock")
MEASURES = ("raise the retirement age", "extend the state of emergency", "ratify the border treaty",
            "ban foreign ownership of farmland", "approve the new budget", "cut fuel subsidies",
            "lower the voting age", "expand the coast guard", "nationalise the railways",
            "join the regional defence pact", "tax windfall profits", "recognise the disputed islands")
CLAUSES = ("the talks had made little progress", "the government would not change its position",
           "a deal was close but not yet agreed", "the delegation would return next month",
           "the proposal needed more work", "the border would stay open for trucks",
           "no decision had been taken on the shipments", "both sides wanted to avoid escalation",
           "the inspectors would be allowed in within weeks", "the ministry was studying the request",
           "the figures would be published by the end of the quarter", "the harbour would reopen in stages",
           "the government had received no formal request", "the convoy had been turned back at the border",
           "prices would fall once the new harvest arrived", "further sanctions were under consideration")
TROOP_UNITS = ("troops", "armoured vehicles", "patrol boats", "artillery pieces", "drones", "fishing vessels",
               "border guards", "tank transporters")
ATTRIB_PLAN = ("a spokesman said", "according to two officials familiar with the plans", "the ministry said",
               "a government statement said", "diplomats said", "an aide confirmed")
FACILITY_VERBS = ("visited", "toured", "inspected", "opened")

# Quotes: three independent parts with slots, so two quotes rarely share more than one part.
QUOTE_OPEN = ("We will not accept", "Nobody in {c} will tolerate", "Our government cannot support",
              "The people of {c} will never agree to", "We are ready to discuss", "History will judge",
              "I have told my counterpart that we reject", "Let me be clear: we oppose",
              "There is no room in {c} for", "We have always welcomed", "Every family in {c} deserves",
              "My ministry will investigate", "We must not repeat", "It is time to end",
              "Our navy will continue to monitor", "We have asked our partners to review",
              "The farmers of {c} are paying for", "I see no reason to delay", "We will keep fighting",
              "This agreement finally settles", "Frankly, I am tired of hearing about", "Our lawyers are examining",
              "Parliament deserves a vote on", "Nobody told us anything about", "My first question was about",
              "We will publish everything we know about", "Young people in {c} are angry about",
              "Our engineers warned for years about", "The opposition keeps lying about",
              "I spent the whole night discussing")
QUOTE_MID = ("any plan that leaves {x} without {y}", "a settlement that ignores {x}", "the long quarrel over {x}",
             "every proposal on {x} and {y}", "the hidden costs of {x}", "what happened to {x} in {m}",
             "the damage done to {x} since {m}", "the promises made about {x}",
             "the closure of {x} for {n} days", "a fair price for {x}", "the quiet deal on {x}",
             "the losses of {n} million on {x}", "the threat to {x} from {y}", "a new start for {x}",
             "the {n} inspectors sent to {x}", "the secret annex on {x}", "the broken pumps at {x}",
             "the {n} percent levy on {y}", "the rumours about {x} and {y}", "the empty warehouses near {x}",
             "the convoy stuck outside {x}", "the {n} ships waiting off {x}", "the new checkpoint at {x}",
             "the fire at {x} in {m}")
QUOTE_CLOSE = ("and we will say so at every meeting", "whatever our neighbours say", "before the winter comes",
               "as long as I hold this office", "because our people expect nothing less",
               "and the numbers prove it", "without further delay", "in the presence of observers",
               "however long it takes", "for the sake of our children", "and that is final",
               "even if the talks collapse", "while the world is watching", "in good faith",
               "until the last truck has crossed", "no matter who wins the vote", "and I will repeat it tomorrow",
               "in front of every camera in the country", "before the ministers meet again",
               "even if it costs me my seat", "with or without outside help", "starting on Monday morning",
               "so that nobody can accuse us of hiding it", "and the courts will agree")
QUOTE_NOUNS = ("our fishing towns", "the harbour workers", "the northern farms", "the grain silos",
               "the river villages", "the border markets", "our steel towns", "the island ferries",
               "the mountain roads", "the coastal schools", "our fuel depots", "the rail yards",
               "the old shipyards", "our water supply", "the copper mines", "the weather stations")
# Near-miss rewordings an outlet makes inside the quotation marks (original, replacement).
NEAR_MISS = (("We will not", "We won't"), ("will never", "would never"), ("cannot", "can not"),
             ("We are ready", "We're ready"), ("I have told", "I told"), ("Let me be clear: we", "Let me be clear, we"),
             ("There is no room", "There's no room"), ("We have always", "We've always"),
             ("will continue to", "will go on to"), ("We have asked", "We asked"), ("are paying for", "pay for"),
             ("I see no reason", "I can see no reason"), ("will keep", "shall keep"), ("finally settles", "settles"),
             ("My ministry will", "The ministry will"), ("We must not", "We cannot"), ("It is time", "It's time"),
             ("History will judge", "History is going to judge"), ("Every family", "Each family"),
             ("Our government cannot", "Our government can't"), ("Nobody in", "No one in"))

FILLER = (
    "Relations between {s1} and {s2} have been strained since {y}.",
    "The two governments have disagreed over {topic} for years.",
    "The U.S. has urged both sides to show restraint.",
    "Officials in the D.P.R.K. did not respond to a request for comment.",
    "The U.N. Security Council is due to discuss the matter later this month.",
    "Analysts said the dispute had unsettled markets in the region.",
    "It was not immediately clear how the plan would be paid for.",
    "Neither government has published the text of the proposal.",
    "Shipping insurers have raised premiums for vessels in the area.",
    "The issue is expected to dominate the next round of talks.",
    "Opposition lawmakers in {s1} criticised the government's handling of {topic}.",
    "A spokesperson for the foreign ministry declined to comment.",
    "Diplomats described the atmosphere at the meeting as tense but businesslike.",
    "Prices for {commodity} have risen sharply since the spring.",
    "The region has seen several similar incidents in recent months.",
    "Independent observers have not been allowed into the area.",
    "Local media in {s2} gave the story prominent coverage.",
    "The ministry said more details would follow.",
    "Trade between the two countries fell by {p} percent last year.",
    "Both governments say they want a negotiated settlement.",
    "Ms. Ivers, a regional analyst, said the timing was not a coincidence.",
    "Mr. Halden, a former diplomat, said the talks could drag on for months.",
    "The U.S. Treasury said it was monitoring the situation closely.",
    "Farmers in the border provinces have complained about delays.",
)

HEADINGS = ("What was agreed", "The view from {c}", "A long dispute", "What comes next", "Reaction abroad",
            "Questions remain", "The figures", "Background")

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")
MONTHS_AP = ("Jan.", "Feb.", "March", "April", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec.")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

# Fold typographic characters the way briefgen matches citations (one character for one).
_FOLD = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-"})


def fold(text: str) -> str:
    return text.translate(_FOLD)


def slugify(text: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return slug if slug and slug[0].isalpha() else f"x-{slug}"


def q(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def sub_rng(seed: int, *purpose: object) -> random.Random:
    """An independent, reproducible generator for one purpose (no hash randomisation involved)."""
    key = "/".join(str(p) for p in (seed,) + purpose).encode()
    return random.Random(int.from_bytes(hashlib.sha256(key).digest()[:8], "big"))


def skewed(rng: random.Random, n: int, power: float = 2.2) -> int:
    """An index in range(n), low indexes much more likely: a few entities are in many claims."""
    return min(n - 1, int(n * (rng.random() ** power)))


def ap_date(day: dt.date, ref: dt.date) -> str:
    text = f"{MONTHS_AP[day.month - 1]} {day.day}"
    return text if day.year == ref.year else f"{text}, {day.year}"


def money(millions: int) -> str:
    return f"${millions} million" if millions < 1000 else f"${millions / 1000:.1f} billion"


def long_date(day: dt.date) -> str:
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


# ---------------------------------------------------------------------------------------------
# The world: actors and venues


@dataclass
class Actor:
    id: str
    name: str
    kind: str                  # person | organisation | state
    full: str                  # first mention in an article
    short: str                 # later mentions
    role: str = ""
    affiliation: str = ""
    description: str = ""
    country: int = 0
    aliases: tuple[str, ...] = ()
    cites: list[dict] = field(default_factory=list)        # citations of its role / description
    seen_in: list[str] = field(default_factory=list)       # articles with a full mention, in order


@dataclass
class Venue:
    id: str
    name: str
    kind: str                  # country | city | event
    full: str
    short: str
    located_in: str = ""       # venue id
    cites: list[dict] = field(default_factory=list)


@dataclass
class World:
    states: list[Actor]
    orgs: list[Actor]
    persons: list[Actor]
    countries: list[Venue]
    cities: list[Venue]
    events: list[Venue]

    @property
    def actors(self) -> list[Actor]:
        return self.states + self.orgs + self.persons

    @property
    def venues(self) -> list[Venue]:
        return self.countries + self.cities + self.events


def build_world(n: int, seed: int) -> World:
    rng = sub_rng(seed, "world")
    root = math.sqrt(n)
    n_actors = round(12 + 13 * root)
    n_venues = round(8 + 7 * root)
    n_countries = min(len(COUNTRIES), 4 + round(root / 2))
    n_events = min(len(EVENT_ADJ) * len(EVENT_NOUN), 1 + round(n_venues * 0.12))
    n_cities = max(3, n_venues - n_countries - n_events)
    n_orgs = round((n_actors - n_countries) * 0.22)
    n_persons = n_actors - n_countries - n_orgs
    used: dict[str, str] = {}

    def unique_id(base: str) -> str:
        ident, k = base[:56].strip("-"), 2
        while ident in used:
            ident, k = f"{base[:52].strip('-')}-{k}", k + 1
        used[ident] = base
        return ident

    countries = [Venue(unique_id(slugify(c) + "-country"), c, "country", c, c) for c, _d in COUNTRIES[:n_countries]]
    states = [Actor(unique_id(slugify(c)), c, "state", c, c, country=i,
                    description=f"State; its government is a party to the disputes in this briefing")
              for i, (c, _d) in enumerate(COUNTRIES[:n_countries])]
    names: dict[str, int] = {}
    cities: list[Venue] = []
    while len(cities) < n_cities:
        name = rng.choice(CITY_PREFIX) + rng.choice(CITY_A) + rng.choice(CITY_B)
        if name in names or any(name == c for c, _ in COUNTRIES):
            continue
        names[name] = 1
        ci = rng.randrange(n_countries)
        demonym = COUNTRIES[ci][1]
        cities.append(Venue(unique_id(slugify(name)), name, "city", f"the {demonym} city of {name}", name,
                            located_in=countries[ci].id))
    events: list[Venue] = []
    combos = [f"{a} {b}" for a in EVENT_ADJ for b in EVENT_NOUN]
    rng.shuffle(combos)
    for name in combos[:n_events]:
        events.append(Venue(unique_id(slugify(name)), name, "event", f"the {name}", f"the {name}",
                            located_in=rng.choice(cities).id))
    orgs: list[Actor] = []
    org_combos = [(ci, t) for ci in range(n_countries) for t in range(len(ORG_TYPES))]
    rng.shuffle(org_combos)
    for ci, t in org_combos[:n_orgs]:
        country, demonym = COUNTRIES[ci]
        kind_name, short, what = ORG_TYPES[t]
        name = f"{demonym} {kind_name}"
        orgs.append(Actor(unique_id(slugify(name)), name, "organisation", f"the {name}", f"the {short}",
                          description=f"{what} of {country}", country=ci))
    persons: list[Actor] = []
    taken: dict[str, int] = {}
    while len(persons) < n_persons:
        female = rng.random() < 0.5
        given = rng.choice(GIVEN_F if female else GIVEN_M)
        surname = rng.choice(SURNAME_A) + rng.choice(SURNAME_B)
        name = f"{given} {surname}"
        if name in taken:
            continue
        taken[name] = 1
        ci = skewed(rng, n_countries, 1.3)
        country, demonym = COUNTRIES[ci]
        title, role, honorific = rng.choice(TITLES)
        honorific = honorific or ("Ms." if female else "Mr.")
        persons.append(Actor(unique_id(slugify(name)), name, "person", f"{demonym} {title} {name}",
                             f"{honorific} {surname}", role=f"{role} of {country}",
                             affiliation=f"Government of {country}" if "opposition" not in title else f"Opposition in {country}",
                             country=ci, aliases=(surname,)))
    return World(states, orgs, persons, countries, cities, events)


# ---------------------------------------------------------------------------------------------
# Sentences with marked ranges


class Sent:
    """A sentence built from pieces, remembering where marked pieces (dates) stand."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.marks: dict[str, tuple[int, int]] = {}
        self.length = 0

    def add(self, text: str, mark: str = "") -> Sent:
        if mark:
            self.marks[mark] = (self.length, self.length + len(text))
        self.parts.append(text)
        self.length += len(text)
        return self

    @property
    def text(self) -> str:
        text = "".join(self.parts)
        return text[:1].upper() + text[1:]


@dataclass
class Fact:
    """Something that happened, told by one article first and echoed by up to three later ones."""

    id: str
    kind: str
    home: str
    slots: dict
    theme: str
    day: dt.date | None = None
    end: dt.date | None = None
    relative: str = ""                        # "on Tuesday" when the home article dates it by weekday
    cites: list[dict] = field(default_factory=list)
    event: str = ""                           # dated-event id
    event_cites: list[dict] = field(default_factory=list)
    echoes: int = 0
    key: bool = False
    note: str = ""
    contradicts: str = ""


@dataclass
class QuoteRec:
    id: str
    speaker: Actor
    text: str
    home: str
    occasion: str
    day: dt.date
    cites: list[str] = field(default_factory=list)
    variants: list[tuple[str, list[str], str]] = field(default_factory=list)   # (text, sources, note)
    echoes: int = 0
    features: tuple[tuple[str, object], ...] = ()


class ArticleWriter:
    """Renders the sentences of one article, tracking first and later mentions."""

    def __init__(self, sid: str, published: dt.date) -> None:
        self.sid = sid
        self.published = published
        self.mentioned: dict[str, int] = {}
        self.full_mentions: list[Actor] = []

    def a(self, actor: Actor) -> str:
        if actor.id in self.mentioned:
            return actor.short
        self.mentioned[actor.id] = 1
        self.full_mentions.append(actor)
        return actor.full

    def v(self, venue: Venue) -> str:
        if venue.id in self.mentioned or venue.kind != "city":
            return venue.short
        self.mentioned[venue.id] = 1
        return venue.full

    def when(self, fact: Fact, echo: bool) -> str:
        if fact.relative and not echo:
            return fact.relative
        return f"on {ap_date(fact.day, self.published)}"


def render_fact(fact: Fact, w: ArticleWriter, echo: bool, variant: int) -> Sent:
    """The sentence that tells ``fact`` in an article (the first telling, or an echo)."""
    s, k = fact.slots, fact.kind
    out = Sent()
    if k == "meet":
        if not echo:
            out.add(w.a(s["a"])).add(" met ").add(w.a(s["b"])).add(" in ").add(w.v(s["c"])).add(" ")
            out.add(w.when(fact, False), "when").add(f" to discuss {s['topic']}.")
        elif variant == 0:
            out.add(w.a(s["b"])).add(" and ").add(w.a(s["a"])).add(f" held talks on {s['topic']} in ")
            out.add(w.v(s["c"])).add(" ").add(w.when(fact, True), "when").add(", according to officials.")
        else:
            out.add(f"talks between ").add(w.a(s["a"])).add(" and ").add(w.a(s["b"]))
            out.add(f" on {s['topic']} took place in ").add(w.v(s["c"])).add(" ").add(w.when(fact, True), "when").add(".")
    elif k == "figure":
        amount = f"{s['n']:,} {s['unit']} of {s['commodity']}"
        if not echo:
            out.add(w.a(s["o"])).add(f" said {amount} had passed through ").add(w.v(s["c"]))
            out.add(f" since {MONTHS[s['month'] - 1]}.")
        else:
            out.add(f"since {MONTHS[s['month'] - 1]}, {amount} have passed through ").add(w.v(s["c"]))
            out.add(", according to ").add(w.a(s["o"])).add(".")
    elif k == "plan":
        if not echo:
            out.add(w.a(s["a"])).add(f" is expected to attend {s['e'].full} in ").add(w.v(s["c"])).add(" ")
            out.add(w.when(fact, False), "when").add(f", {s['attrib']}.")
        else:
            out.add(w.a(s["a"])).add(" plans to travel to ").add(w.v(s["c"])).add(f" for {s['e'].full} ")
            out.add(w.when(fact, True), "when").add(".")
    elif k == "usoff":
        if not echo:
            out.add("a U.S. official said Washington expected ").add(w.a(s["s"])).add(f" to {s['action']} before ")
            out.add(ap_date(fact.day, w.published), "when").add(".")
        else:
            out.add("Washington expects ").add(w.a(s["s"])).add(f" to {s['action']} before ")
            out.add(ap_date(fact.day, w.published), "when").add(", a U.S. official said.")
    elif k == "accuse":
        if not echo:
            out.add(w.a(s["s1"])).add(" accused ").add(w.a(s["s2"])).add(" ").add(w.when(fact, False), "when")
            out.add(f" of {s['offence']}, a charge {s['s2'].name}\u2019s government denied.")
        else:
            out.add(w.a(s["s2"])).add(" has denied accusations by ").add(w.a(s["s1"]))
            out.add(f" that it was {s['offence']}.")
    elif k == "dprk":
        verb = s["verb"]
        if not echo:
            out.add("D.P.R.K. state media reported that ").add(w.a(s["a"])).add(f" had {verb} a {s['facility']} near ")
            out.add(w.v(s["c"])).add(" ").add(w.when(fact, False), "when").add(".")
        else:
            out.add(w.a(s["a"])).add(f" {verb} a {s['facility']} near ").add(w.v(s["c"]))
            out.add(" ").add(w.when(fact, True), "when").add(", D.P.R.K. state media said.")
    elif k == "vote":
        if not echo:
            out.add("lawmakers in ").add(w.a(s["s"])).add(f" voted {s['n1']} to {s['n2']} ")
            out.add(w.when(fact, False), "when").add(f" to {s['measure']}.")
        else:
            out.add(w.a(s["s"])).add(f"\u2019s parliament approved a bill to {s['measure']} by {s['n1']} votes to {s['n2']}.")
    elif k == "deal":
        if not echo:
            out.add(w.a(s["a"])).add(" and ").add(w.a(s["b"])).add(f" signed a {money(s['amount'])} agreement on ")
            out.add(f"{s['topic']} in ").add(w.v(s["c"])).add(" ").add(w.when(fact, False), "when").add(".")
        else:
            out.add(f"the {money(s['amount'])} deal on {s['topic']} was signed in ").add(w.v(s["c"]))
            out.add(" by ").add(w.a(s["a"])).add(" and ").add(w.a(s["b"])).add(".")
    elif k == "told":
        if not echo:
            out.add(w.a(s["a"])).add(" told reporters in ").add(w.v(s["c"])).add(f" that {s['clause']}.")
        else:
            out.add(w.a(s["a"])).add(" said in ").add(w.v(s["c"])).add(f" that {s['clause']}.")
    elif k == "troops":
        if not echo:
            out.add(w.a(s["o"])).add(f" reported {s['n']:,} {s['units']} near ").add(w.v(s["c"])).add(" ")
            out.add(w.when(fact, False), "when").add(".")
        else:
            out.add(f"some {s['n']:,} {s['units']} were seen near ").add(w.v(s["c"])).add(" ")
            out.add(w.when(fact, True), "when").add(", according to ").add(w.a(s["o"])).add(".")
    elif k == "schedule":
        start, end = fact.day, fact.end
        span = f"from {ap_date(start, w.published)} to {end.day if end.month == start.month else ap_date(end, w.published)}"
        if not echo:
            out.add(f"{s['e'].full} in ").add(w.v(s["c"])).add(" is scheduled to run ").add(span, "when").add(".")
        else:
            out.add(f"{s['e'].full} will be held in ").add(w.v(s["c"])).add(" ").add(span, "when").add(".")
    elif k == "rate":
        if not echo:
            out.add("the central bank of ").add(w.a(s["s"])).add(f" raised its benchmark rate by {s['bp']} basis points ")
            out.add(f"to {s['rate']} percent ").add(w.when(fact, False), "when").add(".")
        else:
            out.add("the central bank of ").add(w.a(s["s"])).add(f" lifted borrowing costs to {s['rate']} percent, ")
            out.add(f"a rise of {s['bp']} basis points.")
    else:  # pragma: no cover
        raise ValueError(k)
    return out


def statement(fact: Fact, link: bool = False) -> str:
    """The claim, in the analyst's words (entity links for the narrative when ``link``)."""
    s, k = fact.slots, fact.kind

    def n(x: Actor | Venue) -> str:
        return f"[[{x.id}|{x.name}]]" if link else x.name

    d = long_date(fact.day) if fact.day else ""
    if k == "meet":
        return f"{n(s['a'])} and {n(s['b'])} met in {n(s['c'])} on {d} to discuss {s['topic']}"
    if k == "figure":
        return (f"The {n(s['o'])} reported that {s['n']:,} {s['unit']} of {s['commodity']} had passed through "
                f"{n(s['c'])} since {MONTHS[s['month'] - 1]}")
    if k == "plan":
        return f"{n(s['a'])} is expected to attend the {n(s['e'])} in {n(s['c'])} on {d}"
    if k == "usoff":
        return f"A U.S. official said Washington expects {n(s['s'])} to {s['action']} before {d}"
    if k == "accuse":
        return f"{n(s['s1'])} accused {n(s['s2'])} of {s['offence']}, which {s['s2'].name} denies"
    if k == "dprk":
        return f"North Korean (D.P.R.K.) state media reported that {n(s['a'])} {s['verb']} a {s['facility']} near {n(s['c'])}"
    if k == "vote":
        return f"Lawmakers in {n(s['s'])} voted {s['n1']} to {s['n2']} to {s['measure']}"
    if k == "deal":
        return f"{n(s['a'])} and {n(s['b'])} signed an agreement worth {money(s['amount'])} on {s['topic']} in {n(s['c'])}"
    if k == "told":
        return f"{n(s['a'])} said in {n(s['c'])} that {s['clause']}"
    if k == "troops":
        return f"The {n(s['o'])} reported {s['n']:,} {s['units']} near {n(s['c'])} on {d}"
    if k == "schedule":
        return f"The {n(s['e'])} in {n(s['c'])} runs from {long_date(fact.day)} to {long_date(fact.end)}"
    if k == "rate":
        return f"The central bank of {n(s['s'])} raised its benchmark rate by {s['bp']} basis points to {s['rate']} percent"
    raise ValueError(k)


def fact_actors(fact: Fact) -> list[Actor]:
    return [v for key, v in fact.slots.items() if isinstance(v, Actor)]


def fact_venues(fact: Fact) -> list[Venue]:
    return [v for key, v in fact.slots.items() if isinstance(v, Venue)]


def event_what(fact: Fact) -> str:
    s = fact.slots
    return {
        "meet": lambda: f"Talks between {s['a'].name} and {s['b'].name} in {s['c'].name}",
        "plan": lambda: f"{s['a'].name} expected at the {s['e'].name}",
        "accuse": lambda: f"{s['s1'].name} accuses {s['s2'].name} of {s['offence']}",
        "dprk": lambda: f"{s['a'].name} at a {s['facility']} near {s['c'].name}",
        "vote": lambda: f"Vote in {s['s'].name} to {s['measure']}",
        "deal": lambda: f"{s['a'].name} and {s['b'].name} sign an agreement on {s['topic']}",
        "troops": lambda: f"{s['units'].capitalize()} reported near {s['c'].name}",
        "schedule": lambda: f"The {s['e'].name} in {s['c'].name}",
        "rate": lambda: f"The central bank of {s['s'].name} raises its benchmark rate",
        "usoff": lambda: f"Deadline for {s['s'].name} to {s['action']}",
    }[fact.kind]()


# ---------------------------------------------------------------------------------------------
# Articles


@dataclass
class Block:
    kind: str                 # paragraph | heading
    text: str


@dataclass
class CiteRequest:
    """A citation to pick once the article's text is final."""

    target: object            # Fact, Actor, or ("event", Fact)
    block: int
    start: int                # offset of the sentence in the block's text
    sentence: str
    cover: tuple[int, int] | None = None   # range in the sentence the words must include
    first_in_block: bool = False


@dataclass
class ArticleRec:
    sid: str
    index: int
    meta: dict
    blocks: list[Block]
    words: int
    copy_of: str = ""


class Corpus:
    def __init__(self, n: int, seed: int) -> None:
        self.n, self.seed = n, seed
        self.world = build_world(n, seed)
        self.facts: list[Fact] = []
        self.facts_by_home: dict[str, list[Fact]] = {}
        self.quotes: list[QuoteRec] = []
        self.articles: list[ArticleRec] = []
        self.start = dt.date(2023, 1, 2)
        self.span_days = max(30, n // 3)
        self.stats: dict[str, int] = {}
        self._actor_ptr = 0
        self._venue_ptr = 0
        self.quote_texts: dict[str, str] = {}
        self.quotes_by_source: dict[str, list[QuoteRec]] = {}
        self.wire_pairs: dict[str, dict[tuple, str]] = {}

    def count(self, what: str, k: int = 1) -> None:
        self.stats[what] = self.stats.get(what, 0) + k

    # -- casting ----------------------------------------------------------------------------

    def cast(self, rng: random.Random) -> tuple[list[Actor], list[Actor], list[Actor], list[Venue], list[Venue]]:
        """Actors and venues of one article: the next few in turn (so all appear) and popular ones."""
        w = self.world
        persons, orgs, states = [], [], []
        per_article = max(1, math.ceil(len(w.persons) / self.n))
        for _ in range(min(per_article, 4)):
            persons.append(w.persons[self._actor_ptr % len(w.persons)])
            self._actor_ptr += 1
        for _ in range(rng.randint(2, 4)):
            persons.append(w.persons[skewed(rng, len(w.persons))])
        orgs = [w.orgs[skewed(rng, len(w.orgs))] for _ in range(rng.randint(1, 3))]
        orgs.append(w.orgs[(self._actor_ptr // 2) % len(w.orgs)])
        states = [w.states[skewed(rng, len(w.states), 1.5)] for _ in range(3)]
        cities = [w.cities[self._venue_ptr % len(w.cities)]]
        self._venue_ptr += 1
        cities += [w.cities[skewed(rng, len(w.cities))] for _ in range(rng.randint(1, 3))]
        events = [w.events[skewed(rng, len(w.events), 1.5)] for _ in range(2)]
        return (_dedupe(persons), _dedupe(orgs), _dedupe(states), _dedupe(cities), _dedupe(events))

    # -- facts ------------------------------------------------------------------------------

    def new_fact(self, rng: random.Random, sid: str, index: int, k: int, pub: dt.date, cast: tuple) -> Fact:
        persons, orgs, states, cities, events = cast
        kind = rng.choices(("meet", "figure", "plan", "usoff", "accuse", "dprk", "vote", "deal", "told", "troops",
                            "schedule", "rate"), weights=(14, 10, 9, 6, 7, 5, 6, 8, 14, 8, 4, 3))[0]
        topic, theme = rng.choice(TOPICS)
        p2 = rng.sample(persons, 2) if len(persons) >= 2 else [persons[0], self.world.persons[0]]
        s2 = rng.sample(states, 2) if len(states) >= 2 else [states[0], self.world.states[-1]]
        if p2[0] is p2[1]:
            p2[1] = next(p for p in self.world.persons if p is not p2[0])
        if s2[0] is s2[1]:
            s2[1] = next(x for x in self.world.states if x is not s2[0])
        city, event, org = rng.choice(cities), rng.choice(events), rng.choice(orgs)
        fid = f"c{index:05d}{k:02d}-{kind}-{slugify(topic)[:28].strip('-')}"
        slots: dict = {}
        day = end = None
        relative = ""
        if kind == "meet":
            slots = {"a": p2[0], "b": p2[1], "c": city, "topic": topic}
            day = pub - dt.timedelta(days=rng.randint(1, 25))
        elif kind == "figure":
            slots = {"o": org, "n": rng.randint(2, 900) * 100 + rng.randint(0, 99), "unit": rng.choice(UNITS_WEIGHT),
                     "commodity": rng.choice(COMMODITIES), "c": city, "month": 1 + (pub.month + 8 - rng.randint(0, 3)) % 12}
            theme = "Food and trade"
        elif kind == "plan":
            slots = {"a": p2[0], "e": event, "c": city, "attrib": rng.choice(ATTRIB_PLAN)}
            day = pub + dt.timedelta(days=rng.randint(1, 30))
            theme = "Summits and visits"
        elif kind == "usoff":
            slots = {"s": s2[0], "action": rng.choice(ACTIONS)}
            day = pub + dt.timedelta(days=rng.randint(5, 60))
            theme = "U.S. policy"
        elif kind == "accuse":
            slots = {"s1": s2[0], "s2": s2[1], "offence": rng.choice(OFFENCES)}
            day = pub - dt.timedelta(days=rng.randint(1, 20))
        elif kind == "dprk":
            slots = {"a": p2[0], "facility": rng.choice(FACILITIES), "c": city, "verb": rng.choice(FACILITY_VERBS)}
            day = pub - dt.timedelta(days=rng.randint(1, 14))
            theme = "Arms and sanctions"
        elif kind == "vote":
            n1 = rng.randint(90, 240)
            slots = {"s": s2[0], "n1": n1, "n2": rng.randint(20, n1 - 10), "measure": rng.choice(MEASURES)}
            day = pub - dt.timedelta(days=rng.randint(1, 10))
            theme = "Domestic politics"
        elif kind == "deal":
            slots = {"a": p2[0], "b": p2[1], "topic": topic, "c": city, "amount": rng.randint(12, 4800)}
            day = pub - dt.timedelta(days=rng.randint(1, 20))
        elif kind == "told":
            slots = {"a": p2[0], "c": city, "clause": rng.choice(CLAUSES)}
        elif kind == "troops":
            slots = {"o": org, "n": rng.randint(12, 4000), "units": rng.choice(TROOP_UNITS), "c": city}
            day = pub - dt.timedelta(days=rng.randint(1, 12))
            theme = "Border security"
        elif kind == "schedule":
            slots = {"e": event, "c": city}
            day = pub + dt.timedelta(days=rng.randint(3, 40))
            end = day + dt.timedelta(days=rng.randint(1, 4))
            theme = "Summits and visits"
        elif kind == "rate":
            slots = {"s": s2[0], "bp": rng.choice((25, 50, 75, 100, 150)),
                     "rate": f"{rng.randint(2, 14)}.{rng.choice(('00', '25', '50', '75'))}"}
            day = pub - dt.timedelta(days=rng.randint(1, 10))
            theme = "Finance"
        if day is not None and kind not in ("usoff", "schedule") and abs((day - pub).days) <= 6 and rng.random() < 0.6:
            relative = f"on {WEEKDAYS[day.weekday()]}"
        fact = Fact(fid, kind, sid, slots, theme, day, end, relative)
        if day is not None and kind in ("meet", "plan", "schedule", "troops", "vote", "accuse") and \
                rng.random() < {"schedule": 1.0, "plan": 0.6}.get(kind, 0.3):
            fact.event = f"d{index:05d}{k:02d}-{kind}"
        return fact

    # -- one article ------------------------------------------------------------------------

    def write_article(self, index: int) -> None:
        rng = sub_rng(self.seed, "article", index)
        pub = self.start + dt.timedelta(days=(index * self.span_days) // self.n + rng.randint(0, 2))
        outlet = OUTLETS[skewed(rng, len(OUTLETS), 1.4)]
        sid = f"s{index:05d}-{slugify(outlet.removeprefix('The '))}"[:64].strip("-")
        if index >= 8 and rng.random() < 0.03:
            self.write_copy(index, sid, outlet, pub, rng)
            return
        wire = rng.choice(WIRES) if rng.random() < 0.12 else ""
        cast = self.cast(rng)
        writer = ArticleWriter(sid, pub)
        items: list[tuple[str, object]] = []           # ("fact", Fact) | ("echo", Fact) | ("quote"...) | ("filler", str)
        n_new = rng.randint(17, 24)
        for k in range(n_new):
            fact = self.new_fact(rng, sid, index, k + 1, pub, cast)
            items.append(("fact", fact))
        echo_candidates = self.echo_candidates(rng, index)
        for fact in echo_candidates[:rng.randint(2, 7)]:
            items.append(("echo", fact))
        for k in range(rng.randint(1, 3)):
            quote = self.new_quote(rng, sid, index, k + 1, pub, cast, wire)
            if quote is not None:
                items.append(("quote", quote))
        for quote in self.quote_echo_candidates(rng, index)[:rng.randint(0, 2)]:
            if self.wire_allows(wire, quote.features, quote.id):
                self.wire_register(wire, quote.features, quote.id)
                items.append(("quote-echo", quote))
        lead, rest = items[0], items[1:]
        rng.shuffle(rest)
        items = [lead] + rest
        target_words = rng.randint(400, 900)
        blocks, requests, quote_places, words = self.layout(rng, writer, items, target_words, cast)
        meta = self.front_matter(rng, sid, outlet, pub, index, statement(lead[1]), wire)
        rec = ArticleRec(sid, index, meta, blocks, words)
        self.articles.append(rec)
        self.resolve_requests(rng, rec, requests, quote_places, writer)
        for item_kind, item in items:
            if item_kind == "fact" and item.cites:
                self.facts.append(item)   # only now: an article never echoes its own facts
                self.facts_by_home.setdefault(sid, []).append(item)

    def echo_candidates(self, rng: random.Random, index: int) -> list[Fact]:
        pool = self.facts
        if not pool:
            return []
        chosen: list[Fact] = []
        seen: dict[str, int] = {}
        for _ in range(24):
            if rng.random() < 0.6:
                fact = pool[max(0, len(pool) - 1 - int(rng.random() * min(400, len(pool))))]
            else:
                fact = pool[rng.randrange(len(pool))]
            if fact.echoes >= 3 or fact.id in seen or len(fact.cites) >= 4:
                continue
            seen[fact.id] = 1
            chosen.append(fact)
        return chosen

    def quote_echo_candidates(self, rng: random.Random, index: int) -> list[QuoteRec]:
        pool = self.quotes[-200:]
        out: list[QuoteRec] = []
        for _ in range(4):
            if pool:
                quote = pool[rng.randrange(len(pool))]
                if quote.echoes < 2 and all(quote is not x for x in out):
                    out.append(quote)
        return out

    def new_quote(self, rng: random.Random, sid: str, index: int, k: int, pub: dt.date, cast: tuple,
                  wire: str) -> QuoteRec | None:
        """A quote whose words no other quote has, and that shares at most one of its three parts with
        any other quote printed by the same wire (so a rewording check never mistakes one for another)."""
        persons, _orgs, states, cities, _events = cast
        speaker = rng.choice(persons)
        country = COUNTRIES[speaker.country][0]
        for _attempt in range(30):
            fill = {"c": country, "x": rng.choice(QUOTE_NOUNS), "y": rng.choice(QUOTE_NOUNS),
                    "m": MONTHS[rng.randrange(12)], "n": rng.randint(3, 95)}
            if fill["y"] == fill["x"]:
                fill["y"] = rng.choice(COMMODITIES)
            parts = (rng.randrange(len(QUOTE_OPEN)), rng.randrange(len(QUOTE_MID)), rng.randrange(len(QUOTE_CLOSE)))
            text = " ".join((QUOTE_OPEN[parts[0]], QUOTE_MID[parts[1]], QUOTE_CLOSE[parts[2]])).format(**fill)
            features: tuple[tuple[str, object], ...] = (("o", parts[0]), ("m", parts[1]), ("c", parts[2]))
            features += tuple(("noun", fill[slot]) for slot in ("x", "y") if "{%s}" % slot in QUOTE_MID[parts[1]])
            qid = f"q{index:05d}{k}-{slugify(speaker.name)}"
            if text in self.quote_texts or not self.wire_allows(wire, features, qid):
                continue
            self.quote_texts[text] = qid
            self.wire_register(wire, features, qid)
            occasion = rng.choice((f"remarks to reporters in {rng.choice(cities).name}", "a televised address",
                                   "an interview", "a news conference", "a speech to parliament"))
            return QuoteRec(qid, speaker, text, sid, occasion, pub, features=features)
        self.count("quotes not placed")
        return None

    @staticmethod
    def _pairs(features: tuple) -> list[tuple]:
        return [(a, b) for i, a in enumerate(features) for b in features[i + 1:]]

    def wire_allows(self, wire: str, features: tuple, qid: str) -> bool:
        """No two quotes printed by one wire share two features (parts or filled-in nouns)."""
        if not wire:
            return True
        used = self.wire_pairs.get(wire, {})
        return all(used.get(pair, qid) == qid for pair in self._pairs(features))

    def wire_register(self, wire: str, features: tuple, qid: str) -> None:
        if wire:
            used = self.wire_pairs.setdefault(wire, {})
            for pair in self._pairs(features):
                used.setdefault(pair, qid)

    def layout(self, rng: random.Random, w: ArticleWriter, items: list, target_words: int, cast: tuple):
        """Sentences into paragraphs; fillers until the article is long enough; cite requests recorded."""
        persons, orgs, states, cities, events = cast
        sentences: list[tuple[str, object, Sent | str]] = []
        for item_kind, item in items:
            if item_kind == "fact":
                sentences.append(("fact", item, render_fact(item, w, False, 0)))
            elif item_kind == "echo":
                sentences.append(("echo", item, render_fact(item, w, True, rng.randrange(2))))
            elif item_kind == "quote":
                sentences.append(("quote", item, self.quote_sentence(rng, w, item, item.text)))
            else:
                quote: QuoteRec = item
                words = quote.text
                near = rng.random() < 0.5
                if near:
                    options = [(a, b) for a, b in NEAR_MISS if a in words]
                    if options:
                        a, b = rng.choice(options)
                        words = words.replace(a, b, 1)
                    else:
                        near = False
                sentences.append(("quote-echo-near" if near else "quote-echo", (quote, words),
                                  self.quote_sentence(rng, w, quote, words)))
        words = sum(len(s[2].text.split()) for s in sentences)
        while words > 892 and len(sentences) > 1:   # too long: drop echoes first, then the last facts
            others = [i for i, s in enumerate(sentences) if s[0] != "fact"]
            drop = others[-1] if others else len(sentences) - 1
            words -= len(sentences.pop(drop)[2].text.split())
        fill_rng = rng
        fillers = list(FILLER)
        fill_rng.shuffle(fillers)
        pair = fill_rng.sample(states, 2) if len(states) >= 2 else \
            [states[0], next(x for x in self.world.states if x is not states[0])]
        while words < target_words:
            template = fillers.pop() if fillers else fill_rng.choice(FILLER)
            text = template.format(s1=pair[0].name, s2=pair[1].name,
                                   y=fill_rng.randint(1998, 2021), topic=fill_rng.choice(TOPICS)[0],
                                   commodity=fill_rng.choice(COMMODITIES), p=fill_rng.randint(3, 40))
            if words + len(text.split()) > 892 and words >= 400:
                break
            pos = fill_rng.randint(1, len(sentences))
            sentences.insert(pos, ("filler", None, text))
            words += len(text.split())
        blocks: list[Block] = []
        requests: list[CiteRequest] = []
        quote_places: list[tuple[str, object, int]] = []
        headings = rng.random() < 0.25
        i = 0
        while i < len(sentences):
            if headings and len(blocks) in (5, 11) and i > 0:
                blocks.append(Block("heading", rng.choice(HEADINGS).format(c=rng.choice(states).name)))
            size = 1 if sentences[i][0].startswith("quote") else rng.choice((1, 2, 2, 3, 3, 4))
            group = sentences[i:i + size]
            i += size
            texts: list[str] = []
            offset = 0
            for j, (kind, obj, sent) in enumerate(group):
                text = sent.text if isinstance(sent, Sent) else sent
                if kind in ("fact", "echo"):
                    requests.append(CiteRequest(obj, len(blocks), offset, text, None, j == 0))
                    if kind == "fact" and obj.event:
                        requests.append(CiteRequest(("event", obj), len(blocks), offset, text,
                                                    sent.marks.get("when"), j == 0))
                elif kind.startswith("quote"):
                    quote_places.append((kind, obj, len(blocks)))
                texts.append(text)
                offset += len(text) + 1
            blocks.append(Block("paragraph", " ".join(texts)))
        total = sum(len(b.text.split()) for b in blocks)
        # Actors mentioned in full: their role can cite that mention.
        for actor in w.full_mentions:
            if actor.kind == "state":
                continue
            for bi, block in enumerate(blocks):
                at = block.text.find(actor.full)
                if at >= 0:
                    requests.append(CiteRequest(actor, bi, at, actor.full, (0, len(actor.full))))
                    break
        return blocks, requests, quote_places, total

    def quote_sentence(self, rng: random.Random, w: ArticleWriter, quote: QuoteRec, words: str) -> Sent:
        out = Sent()
        style = rng.randrange(3)
        if style == 0:
            out.add(f"\u201c{words},\u201d ").add(w.a(quote.speaker)).add(" said.")
        elif style == 1:
            out.add(w.a(quote.speaker)).add(f" said: \u201c{words}.\u201d")
        else:
            out.add(f"\u201c{words},\u201d ").add(w.a(quote.speaker)).add(f" told {rng.choice(('reporters', 'lawmakers', 'the broadcaster', 'a rally'))}.")
        return out

    def front_matter(self, rng: random.Random, sid: str, outlet: str, pub: dt.date, index: int,
                     headline: str, wire: str) -> dict:
        title = headline
        if len(title) > 110:
            title = title[:107].rsplit(" ", 1)[0] + "…"
        meta = {"title": title, "outlet": outlet}
        given = rng.choice(GIVEN_F + GIVEN_M)
        meta["author"] = f"{given} {rng.choice(SURNAME_A)}{rng.choice(SURNAME_B)}{rng.choice(AUTHOR_SUFFIX)}"
        meta["published"] = pub.isoformat()
        meta["language"] = "en"
        meta["url"] = f"https://{slugify(outlet.removeprefix('The '))}.example/{pub.year}/{pub.month:02d}/{slugify(title)[:60]}"
        if wire:
            meta["syndicated_from"] = wire
        return meta

    def write_copy(self, index: int, sid: str, outlet: str, pub: dt.date, rng: random.Random) -> None:
        """A verbatim copy of a recent article by another outlet: one more citation for its claims."""
        original = self.articles[-1 - rng.randrange(min(20, len(self.articles)))]
        while original.copy_of:
            original = next(a for a in self.articles if a.sid == original.copy_of)
        meta = dict(original.meta)
        meta["outlet"] = outlet
        meta["author"] = original.meta["author"]
        meta["published"] = max(pub, dt.date.fromisoformat(original.meta["published"])).isoformat()
        meta["url"] = f"https://{slugify(outlet.removeprefix('The '))}.example/{pub.year}/{pub.month:02d}/{slugify(meta['title'])[:60]}"
        meta["copy_of"] = original.sid
        meta["provenance"] = f"A verbatim copy of {original.sid}, republished by {outlet}."
        rec = ArticleRec(sid, index, meta, original.blocks, original.words, copy_of=original.sid)
        self.articles.append(rec)
        self.count("copies")
        added = 0
        for fact in self.facts_by_home.get(original.sid, []):
            for cite in list(fact.cites):
                if cite["source"] == original.sid and (len(fact.cites) < 4 or added == 0):
                    fact.cites.append(dict(cite, source=sid))
                    added += 1
                    break
        for quote in self.quotes_by_source.get(original.sid, []):
            if original.sid in quote.cites:
                quote.cites.append(sid)
                added += 1
            for _text, sources, _note in quote.variants:
                if original.sid in sources:     # the copy prints the same reworded quote
                    sources.append(sid)
        if not added:  # pragma: no cover - every original has facts
            raise RuntimeError(f"copy {sid} of {original.sid} supports nothing")

    # -- citations --------------------------------------------------------------------------

    def resolve_requests(self, rng: random.Random, rec: ArticleRec, requests: list[CiteRequest],
                         quote_places: list, writer: ArticleWriter) -> None:
        folded = [fold(b.text) for b in rec.blocks]
        for req in requests:
            cite = self.pick(rng, rec, folded, req)
            target = req.target
            if isinstance(target, Fact):
                if target.home != rec.sid:
                    target.echoes += 1
                target.cites.append(cite)
            elif isinstance(target, tuple):
                target[1].event_cites.append(cite)
            elif isinstance(target, Actor):
                if len(target.cites) < 2:
                    target.cites.append(cite)
        for kind, obj, bi in quote_places:
            if kind == "quote":
                quote: QuoteRec = obj
                if _places(folded, fold(quote.text)) == 1:
                    quote.cites.append(rec.sid)
                    self.quotes.append(quote)
                    self.quotes_by_source.setdefault(rec.sid, []).append(quote)
            else:
                quote, words = obj
                if _places(folded, fold(words)) != 1:
                    continue
                quote.echoes += 1
                self.quotes_by_source.setdefault(rec.sid, []).append(quote)
                if kind == "quote-echo-near":
                    quote.variants.append((words, [rec.sid], "Reworded inside the quotation marks."))
                    self.count("near-miss variants")
                else:
                    quote.cites.append(rec.sid)

    def pick(self, rng: random.Random, rec: ArticleRec, folded: list[str], req: CiteRequest) -> dict:
        """A citation of ``req``'s sentence: words that stand once, or made unique on purpose."""
        sid = rec.sid
        number = req.block + 1
        roll = rng.random()
        if not isinstance(req.target, Actor) and req.cover is None and roll < 0.05:
            self.count("paragraph citations")
            if req.first_in_block and rng.random() < 0.5:
                self.count("sentence citations")
                return {"source": sid, "paragraph": number, "sentence": 1}
            return {"source": sid, "paragraph": number}
        tokens = _tokens(req.sentence)
        if isinstance(req.target, Actor):
            lo, hi = 0, len(tokens)
        elif roll < 0.17:
            length = rng.randint(2, 3)                       # short words: usually ambiguous, on purpose
            lo = rng.randint(0, max(0, len(tokens) - length))
            hi = min(len(tokens), lo + length)
        else:
            length = rng.randint(5, 12)
            lo = rng.randint(0, max(0, len(tokens) - length))
            hi = min(len(tokens), lo + length)
        if req.cover is not None:
            cs, ce = req.cover
            while lo > 0 and tokens[lo][0] > cs:
                lo -= 1
            while hi < len(tokens) and tokens[hi - 1][1] < ce:
                hi += 1
        start, end = tokens[lo][0], tokens[hi - 1][1]
        words = req.sentence[start:end]
        at = req.start + start
        places = _place_list(folded, fold(words))
        mine = places.index((req.block, at))
        if len(places) == 1:
            return {"source": sid, "text": words}
        short = roll < 0.17
        if not short and not isinstance(req.target, Actor):
            # Longer words that are still not unique: widen to the whole sentence first.
            whole = _place_list(folded, fold(req.sentence))
            if len(whole) == 1:
                return {"source": sid, "text": req.sentence}
        self.count("ambiguous citations")
        para = folded[req.block]
        choice = rng.random()
        if choice < 0.3:
            prefix = _prefix(para, places, req.block, at, len(words), folded)
            if prefix:
                self.count("prefix citations")
                return {"source": sid, "text": words, "prefix": prefix}
        elif choice < 0.55:
            suffix = _suffix(para, places, req.block, at, len(words), folded)
            if suffix:
                self.count("suffix citations")
                return {"source": sid, "text": words, "suffix": suffix}
        elif choice < 0.7 and sum(1 for p in places if p[0] == req.block) == 1:
            self.count("paragraph+text citations")
            return {"source": sid, "text": words, "paragraph": number}
        self.count("occurrence citations")
        return {"source": sid, "text": words, "occurrence": mine + 1}

    # -- the whole corpus -------------------------------------------------------------------

    def generate(self) -> None:
        for index in range(1, self.n + 1):
            self.write_article(index)
        rng = sub_rng(self.seed, "claims")
        for i, fact in enumerate(self.facts):
            fact.key = rng.random() < 0.08
            if rng.random() < 0.02:
                fact.note = "Only this outlet reports the figure; treat it with caution until it is confirmed."
            if i > 50 and rng.random() < 0.01:
                other = self.facts[i - 1 - rng.randrange(50)]
                if other.kind == fact.kind:
                    fact.contradicts = other.id


def _dedupe(items: list) -> list:
    out: list = []
    for item in items:
        if all(item is not x for x in out):
            out.append(item)
    return out


def _tokens(sentence: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in re.finditer(r"\S+", sentence)]


def _place_list(folded: list[str], words: str) -> list[tuple[int, int]]:
    """Every (block, offset) where ``words`` stand, overlapping ones included, in document order."""
    out = []
    for bi, text in enumerate(folded):
        at = text.find(words)
        while at != -1:
            out.append((bi, at))
            at = text.find(words, at + 1)
    return out


def _places(folded: list[str], words: str) -> int:
    return len(_place_list(folded, words))


def _prefix(para: str, places: list, block: int, at: int, length: int, folded: list[str]) -> str:
    before = para[:at].split()
    for k in range(1, min(6, len(before)) + 1):
        prefix = " ".join(before[-k:])
        fitting = [p for p in places if " ".join(folded[p[0]][:p[1]].split()).endswith(prefix)]
        if fitting == [(block, at)]:
            return prefix
    return ""


def _suffix(para: str, places: list, block: int, at: int, length: int, folded: list[str]) -> str:
    after = para[at + length:].split()
    for k in range(1, min(6, len(after)) + 1):
        suffix = " ".join(after[:k])
        fitting = [p for p in places if " ".join(folded[p[0]][p[1] + length:].split()).startswith(suffix)]
        if fitting == [(block, at)]:
            return suffix
    return ""


# ---------------------------------------------------------------------------------------------
# Writing the project


def cite_yaml(cite: dict) -> str:
    parts = [f"source: {cite['source']}"]
    for key in ("text", "prefix", "suffix"):
        if key in cite:
            parts.append(f"{key}: {q(cite[key])}")
    for key in ("occurrence", "paragraph", "sentence"):
        if key in cite:
            parts.append(f"{key}: {cite[key]}")
    return "{" + ", ".join(parts) + "}"


def write_project(corpus: Corpus, out: Path) -> dict[str, int]:
    content = out / "content"
    articles_dir = content / "articles"
    if articles_dir.exists():
        shutil.rmtree(articles_dir)
    articles_dir.mkdir(parents=True)
    (out / "mkdocs.yml").write_text(
        f"# Synthetic briefing for briefgen's scale benchmark: N={corpus.n}, seed={corpus.seed}.\n"
        f"# Written by benchmarks/generate.py (generator version {GENERATOR_VERSION}); regenerate, do not edit.\n"
        f"site_name: \"Synthetic briefing, {corpus.n} articles\"\n"
        "site_url: https://example.github.io/synthetic-briefing/\n"
        "docs_dir: content\nsite_dir: site\nuse_directory_urls: true\n"
        "theme:\n  name: briefgen\nplugins:\n  - search\n  - briefgen\n", encoding="utf-8")
    for rec in corpus.articles:
        lines = ["---"]
        for key, value in rec.meta.items():
            if key == "published":
                lines.append(f"published: {value}")
            else:
                lines.append(f"{key}: {q(value) if key not in ('copy_of',) else value}")
        lines.append("---")
        body = []
        for block in rec.blocks:
            body.append(("## " if block.kind == "heading" else "") + block.text)
        text = "\n".join(lines) + "\n" + "\n\n".join(body) + "\n"
        (articles_dir / f"{rec.sid}.md").write_text(text, encoding="utf-8")
    facts_text, counts = facts_yaml(corpus)
    (content / "facts.yaml").write_text(facts_text, encoding="utf-8")
    (content / "briefing.md").write_text(narrative(corpus), encoding="utf-8")
    return counts


def facts_yaml(corpus: Corpus) -> tuple[str, dict[str, int]]:
    w = corpus.world
    out: list[str] = []
    add = out.append
    last = max(dt.date.fromisoformat(a.meta["published"]) for a in corpus.articles)
    add(f"# Synthetic fact sheet: N={corpus.n}, seed={corpus.seed} (benchmarks/generate.py). Every citation's words")
    add("# stand exactly once in the cited article, or are made unique by occurrence/prefix/suffix/paragraph.")
    add("briefing:")
    add(f"  title: {q(f'Synthetic briefing: {corpus.n} articles on a fictional region')}")
    add(f"  subtitle: {q('Generated for the scale benchmark; every name in it is invented')}")
    add(f"  author: {q('benchmarks/generate.py')}")
    add(f"  date: {last.isoformat()}")
    add(f"  summary: {q('A region of invented states argues over fishing, grain, energy and borders. ' 'The briefing follows its governments, agencies and summits through the articles of many outlets.')}")
    counts = {"actors": 0, "venues": 0, "dates": 0, "quotes": 0, "claims": 0, "citations": 0}
    add("")
    add("actors:")
    for actor in w.actors:
        counts["actors"] += 1
        add(f"  - id: {actor.id}")
        add(f"    name: {q(actor.name)}")
        add(f"    kind: {actor.kind}")
        if actor.aliases:
            add(f"    aliases: [{', '.join(q(a) for a in actor.aliases)}]")
        if actor.cites:
            field_name, value = (("role", actor.role) if actor.kind == "person" else ("description", actor.description))
            add(f"    {field_name}:")
            add(f"      value: {q(value)}")
            add("      cite:")
            for cite in actor.cites:
                add(f"        - {cite_yaml(cite)}")
                counts["citations"] += 1
            if actor.kind == "person" and actor.affiliation:
                add("    affiliation:")
                add(f"      value: {q(actor.affiliation)}")
                add(f"      cite: [{cite_yaml(actor.cites[0])}]")
                counts["citations"] += 1
    add("")
    add("venues:")
    city_cites = city_citations(corpus)
    for venue in w.venues:
        counts["venues"] += 1
        add(f"  - id: {venue.id}")
        add(f"    name: {q(venue.name)}")
        add(f"    kind: {venue.kind}")
        cites = city_cites.get(venue.id)
        if venue.located_in and cites:
            add("    located_in:")
            add(f"      value: {venue.located_in}")
            add("      cite:")
            for cite in cites:
                add(f"        - {cite_yaml(cite)}")
                counts["citations"] += 1
    add("")
    add("dates:")
    for fact in corpus.facts:
        if not fact.event or not fact.event_cites:
            continue
        counts["dates"] += 1
        add(f"  - id: {fact.event}")
        if fact.end and fact.end != fact.day:
            add(f"    start: {fact.day.isoformat()}")
            add(f"    end: {fact.end.isoformat()}")
        else:
            add(f"    date: {fact.day.isoformat()}")
        if fact.relative:
            add(f"    as_written: {q(fact.relative)}")
            add(f"    relative_to: {fact.home}")
        add(f"    what: {q(event_what(fact))}")
        who = [a.id for a in fact_actors(fact)]
        if who:
            add(f"    who: [{', '.join(who)}]")
        where = [v for v in fact_venues(fact) if v.kind in ("city", "event")]
        if where:
            add(f"    where: {where[-1].id}")
        add("    cite:")
        for cite in fact.event_cites:
            add(f"      - {cite_yaml(cite)}")
            counts["citations"] += 1
    add("")
    add("quotes:")
    for quote in corpus.quotes:
        counts["quotes"] += 1
        add(f"  - id: {quote.id}")
        add(f"    speaker: {quote.speaker.id}")
        add(f"    text: {q(quote.text)}")
        add(f"    occasion: {q(quote.occasion)}")
        add(f"    date: {quote.day.isoformat()}")
        add(f"    cite: [{', '.join(quote.cites)}]")
        counts["citations"] += len(quote.cites)
        if quote.variants:
            add("    variants:")
            for text, sources, note in quote.variants:
                add(f"      - text: {q(text)}")
                add(f"        cite: [{', '.join(sources)}]")
                add(f"        note: {q(note)}")
                counts["citations"] += len(sources)
    add("")
    add("claims:")
    dated = {f.id: f.event for f in corpus.facts if f.event and f.event_cites}
    for fact in corpus.facts:
        counts["claims"] += 1
        add(f"  - id: {fact.id}")
        add(f"    statement: {q(statement(fact) + '.')}")
        add(f"    theme: {q(fact.theme)}")
        if fact.key:
            add("    key: true")
        actors = [a.id for a in fact_actors(fact)]
        if actors:
            add(f"    actors: [{', '.join(actors)}]")
        venues = [v.id for v in fact_venues(fact)]
        if venues:
            add(f"    venues: [{', '.join(venues)}]")
        if fact.id in dated:
            add(f"    dates: [{dated[fact.id]}]")
        if fact.contradicts:
            add(f"    contradicts: [{fact.contradicts}]")
        if fact.note:
            add(f"    note: {q(fact.note)}")
        add("    cite:")
        for cite in fact.cites:
            add(f"      - {cite_yaml(cite)}")
            counts["citations"] += 1
    return "\n".join(out) + "\n", counts


def city_citations(corpus: Corpus) -> dict[str, list[dict]]:
    """For each city, a citation of "the <Demonym> city of <Name>" in the first article that has it once."""
    wanted = {v.full: v.id for v in corpus.world.cities}
    found: dict[str, list[dict]] = {}
    pattern = re.compile(r"the [A-Z][a-z]+ city of [A-Z][A-Za-z]+(?: [A-Z][A-Za-z]+)?")
    for rec in corpus.articles:
        if rec.copy_of:
            continue
        text = "\n".join(fold(b.text) for b in rec.blocks)
        for match in pattern.finditer(text):
            full = match.group()
            candidates = [full, " ".join(full.split()[:-1])]
            for cand in candidates:
                vid = wanted.get(cand)
                if vid and vid not in found and text.count(cand) == 1:
                    found[vid] = [{"source": rec.sid, "text": cand}]
    return found


def narrative(corpus: Corpus) -> str:
    """The analyst's prose: a section per theme, each sentence citing a key claim, some judgements."""
    rng = sub_rng(corpus.seed, "narrative")
    by_theme: dict[str, list[Fact]] = {}
    for fact in corpus.facts:
        if fact.key:
            by_theme.setdefault(fact.theme, []).append(fact)
    budget = 40 + corpus.n // 10
    per_theme = max(2, budget // max(1, len(by_theme)))
    first = corpus.articles[0]
    lines = [f"This briefing follows {corpus.n} articles on a fictional region [@{first.sid}]. "
             f"The first report came from {first.meta['outlet']} [@{first.sid}#p1].", ""]
    lines.append("::: judgement\nEvery name, place and figure in this briefing is invented for a benchmark.\n:::")
    lines.append("")
    for theme in sorted(by_theme):
        facts = by_theme[theme][:per_theme]
        lines.append(f"## {theme}")
        lines.append("")
        para: list[str] = []
        for fact in facts:
            para.append(f"{statement(fact, link=True)} [@{fact.id}].")
            if len(para) == 4:
                lines.append(" ".join(para))
                lines.append("")
                para = []
        if para:
            lines.append(" ".join(para))
            lines.append("")
        if rng.random() < 0.5:
            lines.append("::: judgement")
            lines.append(f"The reports on {theme.lower()} agree on the facts but not on what they mean; "
                         "watch for corroboration from outlets of another origin.")
            lines.append(":::")
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"


# ---------------------------------------------------------------------------------------------
# Command line


def generate(n: int, seed: int, out: Path) -> dict:
    corpus = Corpus(n, seed)
    corpus.generate()
    counts = write_project(corpus, out)
    words = [rec.words for rec in corpus.articles]
    info = {"n": n, "seed": seed, "generator_version": GENERATOR_VERSION, **counts,
            "words_min": min(words), "words_max": max(words), "words_mean": round(sum(words) / len(words)),
            **{k.replace(" ", "_"): v for k, v in sorted(corpus.stats.items())}}
    (out / "corpus.json").write_text(json.dumps(info, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return info


def tree_digest(root: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def self_test(n: int, seed: int) -> int:
    """Generate twice (in fresh processes, with different hash seeds) and compare the bytes."""
    import os
    import subprocess

    digests = []
    with tempfile.TemporaryDirectory() as tmp:
        for run, hashseed in enumerate(("1", "2")):
            out = Path(tmp) / f"run{run}"
            env = dict(os.environ, PYTHONHASHSEED=hashseed)
            subprocess.run([sys.executable, __file__, str(n), "--seed", str(seed), "--out", str(out)],
                           check=True, env=env, stdout=subprocess.DEVNULL)
            digests.append(tree_digest(out))
    same = digests[0] == digests[1]
    print(f"self-test N={n} seed={seed}: {'same bytes' if same else 'DIFFERENT bytes'} ({digests[0][:16]})")
    return 0 if same else 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n", type=int, help="number of articles")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument("--out", type=Path, help="project folder to write (created; content/ is replaced)")
    parser.add_argument("--self-test", action="store_true", help="generate twice and check the bytes are equal")
    args = parser.parse_args(argv)
    if args.n < 1:
        parser.error("N must be at least 1")
    if args.self_test:
        return self_test(args.n, args.seed)
    if args.out is None:
        parser.error("--out is required")
    info = generate(args.n, args.seed, args.out)
    print(json.dumps(info, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
