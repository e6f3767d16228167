"""The briefing's domain: frozen value objects, one per thing an analyst writes or reads.

Each pipeline stage returns new objects instead of filling in old ones: ``load`` gives articles
and a fact sheet whose citations are :class:`CitationRef` (what the analyst wrote), ``resolve``
maps each ref to a :class:`Passage` (where it stands), and :class:`Briefing` holds both.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Generic, Iterator, Protocol, TypeVar

from .errors import Location

# ---------------------------------------------------------------------------------------------
# Articles, as segmented


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence of a paragraph: the smallest passage a page can link to."""

    id: str
    """Stable anchor, ``p3-s2``."""
    within: str
    """The paragraph's text (the very same string, not a copy: a corpus's sentences would
    otherwise hold all its text a second time)."""
    start: int
    """Offset of the first character in the paragraph's text."""
    end: int
    """Offset just past the last character in the paragraph's text."""

    @property
    def text(self) -> str:
        """Plain text of the sentence."""
        return self.within[self.start:self.end]


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A block of an article (paragraph or heading) with its sentences."""

    id: str
    """Stable anchor, ``p3``: the paragraph's position in the article."""
    number: int
    """1-based position in the article."""
    kind: str
    """``paragraph`` or ``heading``."""
    text: str
    """Plain text, inline Markdown removed, white space folded."""
    sentences: tuple[Sentence, ...]
    """The sentences, in order, covering the text."""
    location: Location
    """Where the block starts in the article file."""


@dataclass(frozen=True, slots=True)
class Retraction:
    """The outlet's withdrawal of an article."""

    date: dt.date
    """When the article was retracted."""
    note: str
    """What the outlet said, or the analyst's summary of it."""


@dataclass(frozen=True, slots=True)
class ArticleMeta:
    """What an article's front matter says about it."""

    title: str
    """Headline, or a bracketed descriptive title supplied by the analyst."""
    outlet: str
    """Publishing outlet, or ``unknown``."""
    published: dt.date
    """Publication date."""
    language: str
    """BCP 47 language tag."""
    author: str = ""
    """Byline, when known."""
    published_basis: str = ""
    """How the date is known when it is not printed in the article."""
    url: str = ""
    """Where the article was published, when known."""
    syndicated_from: str = ""
    """Wire service whose story this is a copy of."""
    copy_of: IdRef | None = None
    """Another source of the briefing that this article copies."""
    derived_from: IdRef | None = None
    """Another source of the briefing that this article paraphrases or rewrites."""
    provenance: str = ""
    """What is known about where the text comes from."""
    edits: tuple[str, ...] = ()
    """Editorial changes made when the text was brought in."""
    reliability: str = ""
    """Source reliability grade, NATO Admiralty code A–F; empty when not graded."""
    retracted: Retraction | None = None
    """The outlet's retraction, when the article was withdrawn."""


@dataclass(frozen=True, slots=True)
class SourceFile:
    """An article file as loaded: front matter checked, body not yet segmented."""

    id: str
    """Source id: the file name without ``.md``."""
    meta: ArticleMeta
    """Front matter."""
    body: str
    """The Markdown body."""
    body_line: int
    """1-based line of the file where the body starts."""
    location: Location
    """The article file."""
    content_hash: str
    """Hash of the file's bytes, for caches."""


@dataclass(frozen=True, slots=True)
class Article:
    """A source article: its front matter and its segmented body."""

    id: str
    """Source id: the file name without ``.md``."""
    meta: ArticleMeta
    """Front matter."""
    paragraphs: tuple[Paragraph, ...]
    """The body, segmented."""
    location: Location
    """The article file."""

    def paragraph(self, number: int) -> Paragraph | None:
        """The paragraph at 1-based position ``number``, if any."""
        if 1 <= number <= len(self.paragraphs):
            return self.paragraphs[number - 1]
        return None


# ---------------------------------------------------------------------------------------------
# Citations


@dataclass(frozen=True, slots=True)
class IdRef:
    """A reference to something by id, remembering where it was written."""

    id: str
    """The id referred to."""
    location: Location
    """Where the reference stands."""


@dataclass(frozen=True, slots=True)
class CitationRef:
    """A citation as the analyst wrote it: a source and a selector for the passage."""

    source: str
    """Source id."""
    location: Location
    """Where the citation stands in the fact sheet or narrative."""
    text: str = ""
    """Exact words of the source (text-quote selector); empty for a paragraph reference."""
    prefix: str = ""
    """Words just before ``text``, to pick one of several places."""
    suffix: str = ""
    """Words just after ``text``, to pick one of several places."""
    occurrence: int = 0
    """1-based occurrence of ``text`` to pick; 0 when not given."""
    paragraph: int = 0
    """1-based paragraph number; 0 when not given."""
    sentence: int = 0
    """1-based sentence number within ``paragraph``; 0 when not given."""
    words_of_quote: bool = False
    """True when ``text`` is a quote's own words, cited by source id alone."""


@dataclass(frozen=True, slots=True)
class Passage:
    """Where a citation stands: a range of one paragraph of one article."""

    source: str
    """Source id."""
    paragraph: str
    """Paragraph anchor, ``p3``."""
    sentences: tuple[str, ...]
    """Anchors of the sentences the range touches, in order."""
    start: int
    """Offset of the range in the paragraph's text."""
    end: int
    """Offset just past the range."""
    within: str
    """The paragraph's text (the very same string: a copy of every cited passage would add a
    large corpus's citations to its memory)."""

    @property
    def text(self) -> str:
        """The source's words in that range."""
        return self.within[self.start:self.end]

    @property
    def anchor(self) -> str:
        """The most precise anchor: the first sentence touched."""
        return self.sentences[0] if self.sentences else self.paragraph


# ---------------------------------------------------------------------------------------------
# The fact sheet


@dataclass(frozen=True, slots=True)
class CitedText:
    """A factual field (a role, an affiliation) with the citations that support it."""

    value: str
    """The field's value."""
    cite: tuple[CitationRef, ...]
    """Its citations."""
    location: Location
    """Where the field stands."""


@dataclass(frozen=True, slots=True)
class Actor:
    """A person, organisation, group or state that acts in the briefing."""

    id: str
    """Safe slug, unique in the briefing."""
    name: str
    """Display name."""
    kind: str
    """``person``, ``organisation``, ``group`` or ``state``."""
    location: Location
    """Where the actor is defined."""
    aliases: tuple[str, ...] = ()
    """Other names the sources use."""
    role: CitedText | None = None
    """What the actor is, cited."""
    affiliation: CitedText | None = None
    """Whom the actor belongs to, cited."""
    description: CitedText | None = None
    """More about the actor, cited."""


@dataclass(frozen=True, slots=True)
class Venue:
    """A place or an occasion where things happen."""

    id: str
    """Safe slug, unique in the briefing."""
    name: str
    """Display name."""
    kind: str
    """A word: city, country, building, event…"""
    location: Location
    """Where the venue is defined."""
    located_in: CitedText | None = None
    """The venue id it lies in, cited."""
    description: CitedText | None = None
    """More about the venue, cited."""


@dataclass(frozen=True, slots=True)
class DatedEvent:
    """Something that happens on a day or over a range of days."""

    id: str
    """Safe slug, unique in the briefing."""
    start: dt.date
    """First day."""
    end: dt.date
    """Last day (equal to ``start`` for a single day)."""
    what: str
    """What happens."""
    cite: tuple[CitationRef, ...]
    """Citations."""
    location: Location
    """Where the event is defined."""
    as_written: str = ""
    """The words the source used, for relative dates (``on Saturday``)."""
    relative_to: IdRef | None = None
    """The source whose publication date anchors a relative date."""
    who: tuple[IdRef, ...] = ()
    """Actors involved."""
    where: IdRef | None = None
    """Venue."""

    @property
    def is_range(self) -> bool:
        """True when the event spans more than one day."""
        return self.end != self.start


@dataclass(frozen=True, slots=True)
class QuoteVariant:
    """The same quote as another outlet renders it."""

    text: str
    """The words inside the quotation marks."""
    cite: tuple[CitationRef, ...]
    """Citations: the words must stand verbatim there."""
    location: Location
    """Where the variant is defined."""
    note: str = ""
    """The analyst's remark on the difference."""


@dataclass(frozen=True, slots=True)
class Quote:
    """Words someone said, as the sources report them."""

    id: str
    """Safe slug, unique in the briefing."""
    speaker: IdRef
    """Actor who said it."""
    text: str
    """The words."""
    cite: tuple[CitationRef, ...]
    """Citations: the words must stand verbatim there."""
    location: Location
    """Where the quote is defined."""
    occasion: str = ""
    """When or where it was said."""
    date: dt.date | None = None
    """Day it was said, when known."""
    event: IdRef | None = None
    """Dated event it was said at."""
    variants: tuple[QuoteVariant, ...] = ()
    """Other renderings of the same words."""


@dataclass(frozen=True, slots=True)
class DisputeSide:
    """One position in a dispute, with the passages that take it."""

    position: str
    """What this side says, in the analyst's words."""
    cite: tuple[CitationRef, ...]
    """The sources that take this position."""
    location: Location
    """Where the side is defined."""


@dataclass(frozen=True, slots=True)
class Claim:
    """A statement the briefing makes, with the passages that support it."""

    id: str
    """Safe slug, unique in the briefing."""
    statement: str
    """The claim, in the analyst's words."""
    cite: tuple[CitationRef, ...]
    """Citations."""
    location: Location
    """Where the claim is defined."""
    theme: str = ""
    """Group on the overview."""
    key: bool = False
    """Shown on the home page."""
    actors: tuple[IdRef, ...] = ()
    """Actors it concerns."""
    venues: tuple[IdRef, ...] = ()
    """Venues it concerns."""
    dates: tuple[IdRef, ...] = ()
    """Dated events it concerns."""
    contradicts: tuple[IdRef, ...] = ()
    """Claims it disagrees with."""
    note: str = ""
    """The analyst's comment."""
    dispute: tuple[DisputeSide, ...] = ()
    """The sides, when sources disagree about the claim (empty when they do not)."""
    credibility: int = 0
    """Information credibility, Admiralty scale 1–6; 0 when not graded."""
    confidence: str = ""
    """Analytic confidence (ICD 203): ``low``, ``moderate`` or ``high``; empty when not given."""
    despite_retraction: str = ""
    """Why the claim stands although every source it cites was retracted."""

    @property
    def all_cites(self) -> tuple[CitationRef, ...]:
        """Citations of the claim and of every side of its dispute."""
        if not self.dispute:
            return self.cite
        return self.cite + tuple(ref for side in self.dispute for ref in side.cite)


@dataclass(frozen=True, slots=True)
class BriefingMeta:
    """The briefing's own title page facts."""

    title: str
    """Title of the briefing."""
    subtitle: str = ""
    """Subtitle."""
    author: str = ""
    """Person or organisation responsible."""
    date: dt.date | None = None
    """As-of date."""
    summary: str = ""
    """One-paragraph summary in the analyst's words."""
    edition: str = ""
    """This edition of the briefing (a number or a date, as written); empty when not given."""


@dataclass(frozen=True, slots=True)
class FactSheet:
    """Everything ``facts.yaml`` says."""

    meta: BriefingMeta
    """Title page facts."""
    actors: tuple[Actor, ...] = ()
    """Actors, in file order."""
    venues: tuple[Venue, ...] = ()
    """Venues, in file order."""
    dates: tuple[DatedEvent, ...] = ()
    """Dated events, in file order."""
    quotes: tuple[Quote, ...] = ()
    """Quotes, in file order."""
    claims: tuple[Claim, ...] = ()
    """Claims, in file order."""
    unusable: dict[str, frozenset[str]] = field(default_factory=dict)
    """Ids, by kind, of items that were reported invalid: references to them are not reported again."""


@dataclass(frozen=True, slots=True)
class Narrative:
    """The analyst's prose, ``content/briefing.md``."""

    path: str
    """Path relative to the project root."""
    text: str
    """The Markdown source."""


# ---------------------------------------------------------------------------------------------
# Registries: one per kind, keyed by id


class HasId(Protocol):
    @property
    def id(self) -> str: ...


T = TypeVar("T", bound=HasId)


@dataclass(frozen=True, slots=True)
class Registry(Generic[T]):
    """Things of one kind by id: cross-linking is lookup, and a miss suggests near ids."""

    kind: str
    """What the things are, for messages (``actor``)."""
    items: dict[str, T] = field(default_factory=dict)
    """By id, in definition order."""
    unusable: frozenset[str] = frozenset()
    """Ids defined in files that failed to load: already reported, so references to them are not."""

    @classmethod
    def of(cls, kind: str, things: tuple[T, ...], unusable: frozenset[str] = frozenset()) -> Registry[T]:
        """A registry of ``things``; the first of duplicate ids wins (the checker reports the rest)."""
        items: dict[str, T] = {}
        for thing in things:
            items.setdefault(thing.id, thing)
        return cls(kind, items, unusable)

    def get(self, key: str) -> T | None:
        """The thing with id ``key``, or None."""
        return self.items.get(key)

    def __contains__(self, key: object) -> bool:
        return key in self.items or key in self.unusable

    def __iter__(self) -> Iterator[T]:
        return iter(self.items.values())

    def __len__(self) -> int:
        return len(self.items)

    def suggest(self, key: str) -> str:
        """A 'did you mean' hint for a missing id, or a hint listing where ids come from."""
        from difflib import get_close_matches

        close = get_close_matches(key, list(self.items), n=3, cutoff=0.6)
        if close:
            return "did you mean " + " or ".join(repr(c) for c in close) + "?"
        return f"define {self.kind} {key!r} or use an existing {self.kind} id"


@dataclass(frozen=True, slots=True)
class Briefing:
    """A loaded and resolved briefing: what the renderers read."""

    meta: BriefingMeta
    """Title page facts."""
    articles: Registry[Article]
    """Sources by id, sorted by id."""
    actors: Registry[Actor]
    """Actors by id."""
    venues: Registry[Venue]
    """Venues by id."""
    dates: Registry[DatedEvent]
    """Dated events by id."""
    quotes: Registry[Quote]
    """Quotes by id."""
    claims: Registry[Claim]
    """Claims by id."""
    passages: dict[CitationRef, Passage]
    """Where each citation that resolved stands."""
    narrative: Narrative | None = None
    """The analyst's prose, if any."""
