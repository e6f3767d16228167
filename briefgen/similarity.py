"""Near-duplicate and paraphrase detection between source articles, for provenance (copy_of, derived_from).

Two passes, so a folder of thousands of articles is never compared pair by pair:

1. **Candidates** by locality-sensitive hashing: each article's set of content words (stop words
   dropped, words cut to their first six letters so "celebrate" meets "celebrations") becomes a
   MinHash signature, and datasketch's ``MinHashLSH`` returns the articles whose sets probably
   overlap by a Jaccard index of about 0.3 or more. Articles on the same topic by different
   reporters overlap by about 0.2; copies and paraphrases by 0.4 to 0.9.
2. **Exact scores** for the candidate pairs only:

   - *shared wording*: the Jaccard index of the two articles' word 3-grams (shingles) — high for
     copies, low for paraphrases, which change the words but keep the facts;
   - *similarity*: the share of sentences (of both articles together) whose best match in the other
     article shares at least half its content words (Dice coefficient) — high for copies and for
     paraphrases that follow the original sentence by sentence, low for independent reporting that
     shares a topic, a lead or a quoted paragraph.

A pair is a **near-duplicate** when most of its wording is shared (``copy_of``), a **paraphrase**
when nearly every sentence has a counterpart but the wording is not shared (``derived_from``), and
a **rewrite** when about half the sentences have one: a retelling that condenses and changes the
original (``derived_from``, to be checked by the analyst). The original is the article published
first, else the clearly longer one (copies and rewrites trim more often than they add); when
neither tells, the direction is uncertain.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from itertools import combinations
from typing import Mapping, Sequence

from datasketch import MinHash, MinHashLSH  # type: ignore[import-untyped]

from .model import ArticleMeta, SourceFile
from .segment import segment_body, split_sentences

NUM_PERM = 128
"""Hash functions per MinHash signature: enough to estimate Jaccard indexes to about ±0.05."""
CANDIDATE_THRESHOLD = 0.3
"""Content-word Jaccard index at which the LSH pass makes two articles a candidate pair."""
NEAR_DUPLICATE_WORDING = 0.5
"""Shared wording (3-gram Jaccard) from which a pair is a near-duplicate…"""
NEAR_DUPLICATE_CONTAINMENT = 0.8
"""…or the share of the shorter article's 3-grams found in the longer (a trimmed copy)."""
PARAPHRASE_SIMILARITY = 0.75
"""Share of aligned sentences from which a pair with little shared wording is a paraphrase."""
REWRITE_SIMILARITY = 0.35
"""Share of aligned sentences from which a pair is reported as a rewrite."""
SENTENCE_MATCH = 0.5
"""Dice coefficient of content words from which two sentences count as counterparts."""
KINDS = ("near-duplicate", "paraphrase", "rewrite")
"""The relations reported, closest first."""
CLEARLY_LONGER = 0.9
"""Length ratio (shorter / longer) below which the longer article is taken as the original."""

_STOP_WORDS = frozenset("""
a about above after again against all also am an and any are as at be because been before being
below between both but by can could did do does doing down during each few for from further had has
have having he her here hers him his how i if in into is it its itself just me more most my no nor
not now of off on once only or other our ours out over own said same say says she should so some
such than that the their theirs them then there these they this those through to too under until
up us very was we were what when where which while who whom why will with would you your
""".split())
_FOLD = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-"})
_WORD = re.compile(r"[a-z0-9]+")
_STEM_LENGTH = 6


# ---------------------------------------------------------------------------------------------
# Inputs and results


@dataclass(frozen=True, slots=True)
class Text:
    """One article as the comparison sees it."""

    id: str
    """Source id."""
    paragraphs: tuple[str, ...]
    """Plain text of the body's paragraphs (headings left out)."""
    published: dt.date | None = None
    """Publication date, when known: the earlier article is the original."""


@dataclass(frozen=True, slots=True)
class Scores:
    """How alike two articles are, measured exactly."""

    similarity: float
    """Share of the sentences of both articles that have a counterpart in the other."""
    wording: float
    """Jaccard index of the two articles' word 3-grams."""
    containment: float
    """Share of the shorter article's word 3-grams that stand in the longer one."""


@dataclass(frozen=True, slots=True)
class Pair:
    """Two related articles: which one probably derives from which, and how."""

    kind: str
    """``near-duplicate``, ``paraphrase`` or ``rewrite``."""
    derived: str
    """Id of the article that copies or rewrites (the one to carry the front matter line)."""
    original: str
    """Id of the article it copies or rewrites."""
    scores: Scores
    """The exact scores that decided the kind."""
    direction: str
    """How the original was told: ``by date``, ``by length`` or ``uncertain``."""

    @property
    def key(self) -> str:
        """The front matter key that records the relation."""
        return "copy_of" if self.kind == "near-duplicate" else "derived_from"

    @property
    def line(self) -> str:
        """The front matter line for the derived article, e.g. ``copy_of: ap-wire-copy``."""
        return f"{self.key}: {self.original}"

    def reversed(self) -> Pair:
        """The same relation read the other way (for pairs whose direction is uncertain)."""
        return Pair(self.kind, self.original, self.derived, self.scores, self.direction)

    @property
    def ids(self) -> frozenset[str]:
        """Both ids, unordered."""
        return frozenset((self.derived, self.original))

    def describe(self) -> str:
        """The scores and the direction in words, for reports and YAML comments."""
        text = f"{self.kind}, similarity {self.scores.similarity:.2f}, shared wording {self.scores.wording:.2f}"
        if self.direction == "uncertain":
            return f"{text}; direction uncertain — or {self.original} {self.key} {self.derived}"
        return f"{text}; original {self.direction}"


@dataclass(frozen=True, slots=True)
class Comparison:
    """Every related pair among a set of articles, and what finding them cost."""

    pairs: tuple[Pair, ...]
    """Related pairs, most similar first."""
    texts: int
    """Articles compared."""
    compared: int
    """Pairs scored exactly (the LSH candidates), out of texts × (texts − 1) / 2."""

    def for_article(self, source_id: str) -> tuple[Pair, ...]:
        """The pairs an article belongs to."""
        return tuple(p for p in self.pairs if source_id in p.ids)

    def suggestion(self, source_id: str) -> Pair | None:
        """The one relation to suggest for an article's front matter (it holds one ``copy_of`` or
        ``derived_from``): the closest kind, then the original whose wording it shares most — a writer
        keeps phrases of the copy they worked from."""
        own = [p for p in self.pairs if p.derived == source_id]
        return min(own, key=lambda p: (KINDS.index(p.kind), -p.scores.wording), default=None)


# ---------------------------------------------------------------------------------------------
# Features


@dataclass(frozen=True, slots=True)
class _Profile:
    """What the two passes need of one article, computed once."""

    text: Text
    shingles: frozenset[str]
    sentences: tuple[frozenset[str], ...]
    length: int
    signature: MinHash


def words(text: str) -> list[str]:
    """Lowercase words, typographic quotes folded and apostrophes dropped ("North's" → "norths")."""
    return _WORD.findall(text.translate(_FOLD).lower().replace("'", ""))


def content_words(text: str) -> list[str]:
    """Words that carry meaning, cut to a common stem: what paraphrases keep while changing wording."""
    return [w[:_STEM_LENGTH] for w in words(text) if w not in _STOP_WORDS]


def shingles(text: str, size: int = 3) -> frozenset[str]:
    """The word ``size``-grams of a text."""
    w = words(text)
    return frozenset(" ".join(w[i:i + size]) for i in range(max(len(w) - size + 1, 0)))


def dice(a: frozenset[str], b: frozenset[str]) -> float:
    """Dice coefficient of two sets (0 when either is empty)."""
    return 2 * len(a & b) / (len(a) + len(b)) if a and b else 0.0


def _profile(text: Text) -> _Profile:
    body = "\n".join(text.paragraphs)
    sentences = tuple(frozenset(content_words(s.text)) for p in text.paragraphs for s in split_sentences(p))
    signature = MinHash(num_perm=NUM_PERM, seed=1)
    signature.update_batch([w.encode("utf-8") for w in set(content_words(body))])
    return _Profile(text, shingles(body), tuple(s for s in sentences if s), len(body), signature)


# ---------------------------------------------------------------------------------------------
# The two passes


def find_related(texts: Sequence[Text]) -> Comparison:
    """Near-duplicate, paraphrase and rewrite pairs among ``texts`` (ids must be unique)."""
    profiles = [_profile(t) for t in texts]
    candidates = candidate_pairs(profiles)
    pairs = [pair for i, j in sorted(candidates) if (pair := _relate(profiles[i], profiles[j])) is not None]
    pairs.sort(key=lambda p: (-p.scores.similarity, p.derived, p.original))
    return Comparison(tuple(pairs), len(profiles), len(candidates))


def candidate_pairs(profiles: Sequence[_Profile]) -> set[tuple[int, int]]:
    """Index pairs whose content words probably overlap (MinHash LSH): the only pairs scored exactly."""
    lsh = MinHashLSH(threshold=CANDIDATE_THRESHOLD, num_perm=NUM_PERM)
    for index, profile in enumerate(profiles):
        lsh.insert(index, profile.signature)
    found: set[tuple[int, int]] = set()
    for index, profile in enumerate(profiles):
        found.update((min(index, other), max(index, other)) for other in lsh.query(profile.signature)
                     if other != index)
    return found


def score(a: _Profile, b: _Profile) -> Scores:
    """Exact scores of one pair: sentence alignment and shared wording."""
    shared = len(a.shingles & b.shingles)
    union = len(a.shingles | b.shingles)
    smaller = min(len(a.shingles), len(b.shingles))
    return Scores(similarity=_aligned_share(a.sentences, b.sentences), wording=shared / union if union else 0.0,
                  containment=shared / smaller if smaller else 0.0)


def _aligned_share(a: Sequence[frozenset[str]], b: Sequence[frozenset[str]]) -> float:
    """Share of all sentences whose best counterpart on the other side matches (Dice ≥ SENTENCE_MATCH)."""
    if not a or not b:
        return 0.0
    matched_a = sum(any(dice(x, y) >= SENTENCE_MATCH for y in b) for x in a)
    matched_b = sum(any(dice(x, y) >= SENTENCE_MATCH for x in a) for y in b)
    return (matched_a + matched_b) / (len(a) + len(b))


def classify(scores: Scores) -> str | None:
    """The kind of relation the scores show, or None for articles that are merely alike."""
    if scores.similarity >= SENTENCE_MATCH and (scores.wording >= NEAR_DUPLICATE_WORDING
                                                or scores.containment >= NEAR_DUPLICATE_CONTAINMENT):
        return "near-duplicate"
    if scores.similarity >= PARAPHRASE_SIMILARITY:
        return "paraphrase"
    if scores.similarity >= REWRITE_SIMILARITY:
        return "rewrite"
    return None


def _relate(a: _Profile, b: _Profile) -> Pair | None:
    scores = score(a, b)
    kind = classify(scores)
    if kind is None:
        return None
    derived, original, direction = orient(a.text, a.length, b.text, b.length)
    return Pair(kind, derived.id, original.id, scores, direction)


def orient(a: Text, a_length: int, b: Text, b_length: int) -> tuple[Text, Text, str]:
    """(derived, original, how it was told): the earlier publication, else the clearly longer text."""
    if a.published and b.published and a.published != b.published:
        return (b, a, "by date") if a.published < b.published else (a, b, "by date")
    if min(a_length, b_length) < CLEARLY_LONGER * max(a_length, b_length):
        return (b, a, "by length") if a_length > b_length else (a, b, "by length")
    first, second = sorted((a, b), key=lambda t: t.id)
    return second, first, "uncertain"


def all_scores(texts: Sequence[Text]) -> list[tuple[str, str, Scores, str | None]]:
    """Exact scores of every pair (no LSH): for small sets, to show the whole table."""
    profiles = [_profile(t) for t in texts]
    scored = [(a.text.id, b.text.id, score(a, b)) for a, b in combinations(profiles, 2)]
    return [(x, y, s, classify(s)) for x, y, s in scored]


# ---------------------------------------------------------------------------------------------
# The ``briefgen sources`` report


def texts_of(sources: Sequence[SourceFile]) -> list[Text]:
    """Loaded article files as the comparison sees them: body paragraphs, headings left out."""
    return [Text(s.id, tuple(p.text for p in segment_body(s.body, s.location.path, s.body_line)
                             if p.kind == "paragraph"), s.meta.published) for s in sources]


def sources_report(sources: Sequence[SourceFile]) -> list[str]:
    """Every related pair among the articles: kind, scores, the front matter line to add, what is recorded."""
    comparison = find_related(texts_of(sources))
    metas = {s.id: s.meta for s in sources}
    n = comparison.texts
    lines = [f"briefgen sources: {n} articles, {comparison.compared} of {n * (n - 1) // 2} pairs scored after "
             f"the LSH candidate pass, {len(comparison.pairs)} related pairs"]
    for pair in comparison.pairs:
        lines += [f"{pair.kind}: {pair.derived} ≈ {pair.original}  similarity {pair.scores.similarity:.2f}, "
                  f"shared wording {pair.scores.wording:.2f}",
                  "  " + _suggested(pair, comparison),
                  "  " + recorded(pair, metas)]
    return lines


def _suggested(pair: Pair, comparison: Comparison) -> str:
    best = comparison.suggestion(pair.derived)
    if best is not None and best != pair:
        return (f"suggested: nothing more — {pair.derived}.md is closer to {best.original} "
                f"({best.line}); the front matter holds one {pair.key}")
    text = f"suggested: in {pair.derived}.md  {pair.line}"
    if pair.direction == "uncertain":
        return f"{text}  (direction uncertain: or in {pair.original}.md  {pair.key}: {pair.derived})"
    hint = "; if both copy one wire story, give both syndicated_from instead" if pair.kind == "near-duplicate" else ""
    return f"{text}  (original {pair.direction}{hint})"


def recorded(pair: Pair, metas: Mapping[str, ArticleMeta]) -> str:
    """What the front matter already says about a pair."""
    derived, original = metas[pair.derived], metas[pair.original]
    for meta, this, other in ((derived, pair.derived, pair.original), (original, pair.original, pair.derived)):
        for key, ref in (("copy_of", meta.copy_of), ("derived_from", meta.derived_from)):
            if ref is not None and ref.id == other:
                return f"recorded: {this}.md has {key}: {other}"
    if derived.syndicated_from and derived.syndicated_from == original.syndicated_from:
        return f"recorded as syndication: both have syndicated_from: {derived.syndicated_from}"
    elsewhere = [f"{key}: {ref.id}" for key, ref in (("copy_of", derived.copy_of),
                                                     ("derived_from", derived.derived_from)) if ref is not None]
    return f"recorded: not this pair ({pair.derived}.md has {elsewhere[0]})" if elsewhere else "recorded: not yet"
