"""Resolve stage: every citation to the exact passage of its source.

Each article is indexed once (its paragraphs normalised and joined), so resolving a citation
costs one search in the one article it names, however large the corpus. Only a citation that
fails pays for fuzzy matching (rapidfuzz), to show the closest passage in the error.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Callable, Hashable, Iterator, TypeVar, cast

from rapidfuzz import fuzz, process

from .cache import BuildCache, KeptWhileSame
from .errors import Finding, error
from .model import Article, CitationRef, FactSheet, Passage, Registry

# Typographic variants folded for matching; each maps one character to one, so offsets survive.
_FOLD = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-", "\u2212": "-",
    "\u00a0": " ", "\u2009": " ", "\u202f": " ",
})


def normalise(text: str) -> str:
    """Fold typographic quotes, dashes and white space, the differences a citation may ignore."""
    return " ".join(text.translate(_FOLD).split())


@dataclass(frozen=True, slots=True)
class Occurrence:
    """One place a selector's words stand: paragraph index and range in its text."""

    paragraph: int
    start: int
    end: int


class SourceIndex:
    """One article's text, normalised once, searchable by exact words."""

    def __init__(self, article: Article) -> None:
        self.article = article
        texts = [p.text.translate(_FOLD) for p in article.paragraphs]
        self.offsets: list[int] = []
        position = 0
        for text in texts:
            self.offsets.append(position)
            position += len(text) + 1
        self.text = "\n".join(texts)
        """The paragraphs with typography folded (same offsets as the original), one per line."""

    @cached_property
    def folded(self) -> list[str]:
        """Each paragraph's folded text, for fuzzy search; made only for the few sources that need it
        (a paragraph's text never holds a line break: white space is folded when it is segmented)."""
        return self.text.split("\n")

    def find(self, words: str) -> list[Occurrence]:
        """Every place the normalised ``words`` stand, within one paragraph each."""
        found: list[Occurrence] = []
        if not words:
            return found
        at = self.text.find(words)
        while at != -1:
            para = self._paragraph_at(at)
            start = at - self.offsets[para]
            found.append(Occurrence(para, start, start + len(words)))
            at = self.text.find(words, at + 1)
        return found

    def _paragraph_at(self, offset: int) -> int:
        from bisect import bisect_right

        return bisect_right(self.offsets, offset) - 1

    def closest(self, words: str, cutoff: float = 0.0) -> tuple[float, int, int, int]:
        """(similarity 0–1, paragraph index, start, end) of the passage most like ``words``.

        Paragraphs scoring below ``cutoff`` are skipped early (rapidfuzz's C loop does the
        search); when none reaches it the similarity is 0.
        """
        found = process.extractOne(words, self.folded, scorer=fuzz.partial_ratio, score_cutoff=cutoff * 100)
        if found is None:
            return (0.0, 0, 0, 0)
        _choice, _score, index = found
        text = self.folded[index]
        alignment = fuzz.partial_ratio_alignment(words, text)
        if alignment is None:  # pragma: no cover - extractOne found a score, so this cannot be
            return (0.0, 0, 0, 0)
        start, end = _word_bounds(text, alignment.dest_start, alignment.dest_end)
        return (alignment.score / 100, index, start, end)

    def phrase_marks(self) -> frozenset[int]:
        """The marks (see :func:`phrase_marks`) of every word of this text with its neighbours.

        Not kept by the index, as the marks of a large corpus's texts would take more memory than
        the texts themselves: a check makes them once per source for its search through many
        quotations, and only ``briefgen serve``'s cache keeps them, for the sources it searched.
        """
        return frozenset(phrase_marks(self.text))

    def shares_phrases(self, words: str, at_least: int = 2) -> bool:
        """True when ``at_least`` of the word triples of ``words`` stand in this source verbatim.

        A cheap test (substring search in C) before any fuzzy matching: a reworded quotation
        still keeps a few three-word runs of the original. Where many sources are asked about
        many quotations, :func:`may_share_phrases` rules most pairs out first.
        """
        tokens = words.split()
        found = 0
        for i in range(len(tokens) - 2):
            if " ".join(tokens[i:i + 3]) in self.text:
                found += 1
                if found >= at_least:
                    return True
        return False

    def passage(self, paragraph: int, start: int, end: int) -> Passage:
        """The passage at a range of paragraph ``paragraph`` (0-based)."""
        para = self.article.paragraphs[paragraph]
        touched = tuple(s.id for s in para.sentences if s.start < end and s.end > start) or (para.sentences[0].id,)
        return Passage(self.article.id, para.id, touched, start, end, para.text)


def phrase_marks(words: str) -> list[int]:
    """One mark per word triple ``a b c`` of ``words``: a hash of (a's last character, b, c's first).

    Wherever ``a b c`` stands in a text, even cut from longer words, ``b`` is a whole word of the
    text, after a word ending like ``a`` and before one starting like ``c``: so the text's marks
    hold the triple's mark. A text holding fewer than two of a quotation's marks cannot share two
    of its triples; one that holds them (or whose mark only collides) is searched verbatim.
    """
    tokens = words.split()
    return [hash((a[-1], b, c[0])) for a, b, c in zip(tokens, tokens[1:], tokens[2:])]


def may_share_phrases(marks: list[int], held: frozenset[int], at_least: int = 2) -> bool:
    """False when a text whose :meth:`SourceIndex.phrase_marks` are ``held`` cannot share
    ``at_least`` word triples with words whose :func:`phrase_marks` are ``marks`` (counted by
    position, as :meth:`SourceIndex.shares_phrases` counts triples)."""
    common = held.intersection(marks)
    if len(common) >= at_least or not common:
        return len(common) >= at_least
    return sum(1 for mark in marks if mark in common) >= at_least


_T = TypeVar("_T")

Selector = tuple[str, str, str, str, int, int, int, bool]
"""What a citation names a passage by: source, text, prefix, suffix, occurrence, paragraph, sentence,
and whether the text is a quote's own words (where it stands in the fact sheet does not matter)."""


class Resolver:
    """Resolves citations against a set of articles, indexing each article on first use."""

    def __init__(self, articles: Registry[Article], cache: BuildCache | None = None) -> None:
        self.articles = articles
        self._indexes: dict[str, SourceIndex] = {}
        self.cache = cache
        self.resolved: KeptWhileSame[Selector, Article, Passage] = KeptWhileSame()
        """Citations resolved in this run, by selector: what a cache keeps for the next run."""
        self.derived: KeptWhileSame[tuple[Hashable, ...], Article | None, object] = KeptWhileSame()

    def index(self, source: str) -> SourceIndex | None:
        """The index of one source, built once (or taken from the cache while the article is unchanged)."""
        if source not in self._indexes:
            article = self.articles.get(source)
            if article is None:
                return None
            self._indexes[source] = (SourceIndex(article) if self.cache is None else
                                     self.cache.indexes.get_or_make(source, article, lambda: SourceIndex(article)))
        return self._indexes[source]

    def keep_in_cache(self) -> None:
        """Leave this run's indexes and passages in the cache, and nothing older."""
        if self.cache is not None:
            self.cache.indexes = KeptWhileSame()
            for source, index in self._indexes.items():
                self.cache.indexes.put(source, index.article, index)
            self.cache.passages = self.resolved
            self.cache.derived = self.derived

    def remember(self, key: tuple[Hashable, ...], source: str, compute: Callable[[], _T]) -> _T:
        """``compute()``, a result that depends only on ``key`` and the text of ``source``: with a
        cache, computed again only when that article changed."""
        if self.cache is None:
            return compute()
        article = self.articles.get(source)
        # what was kept under this key was made by the same ``compute``: of the same type
        return cast(_T, self.derived.put(key, article, self.cache.derived.get_or_make(key, article, compute)))

    def resolve(self, ref: CitationRef) -> tuple[Passage | None, list[Finding]]:
        """The passage a citation names, or findings that say why there is none.

        The passage depends only on the selector and the article, so with a cache a citation whose
        article did not change is not searched for again, wherever it now stands in the fact sheet.
        """
        if self.cache is None:
            return self._resolve(ref)
        key = (ref.source, ref.text, ref.prefix, ref.suffix, ref.occurrence, ref.paragraph, ref.sentence,
               ref.words_of_quote)
        article = self.articles.get(ref.source)
        hit = self.cache.passages.get(key, article) if article is not None else None
        if article is not None and hit is not None:
            self.resolved.put(key, article, hit)
            return hit, []
        passage, findings = self._resolve(ref)
        if passage is not None and not findings:
            self.resolved.put(key, self.articles.items[ref.source], passage)
        return passage, findings

    def _resolve(self, ref: CitationRef) -> tuple[Passage | None, list[Finding]]:
        index = self.index(ref.source)
        if index is None and ref.source in self.articles.unusable:
            return None, []  # its file failed to load, and that was reported
        if index is None:
            return None, [error(ref.location, f"citation names an unknown source {ref.source!r}",
                                self.articles.suggest(ref.source))]
        article = index.article
        if not article.paragraphs:
            return None, [error(ref.location, f"source {ref.source!r} has no text to cite",
                                f"add the article's text to {article.location.path}")]
        if ref.sentence and not ref.paragraph:
            return None, [error(ref.location, "'sentence:' is given without 'paragraph:'",
                                "add 'paragraph:' with the number of the paragraph the sentence stands in")]
        if ref.paragraph:
            para = article.paragraph(ref.paragraph)
            if para is None:
                return None, [error(ref.location, f"source {ref.source!r} has no paragraph {ref.paragraph}",
                                    f"it has {len(article.paragraphs)} paragraphs")]
            if ref.sentence and ref.sentence > len(para.sentences):
                return None, [error(ref.location, f"paragraph {ref.paragraph} of {ref.source!r} has no sentence "
                                    f"{ref.sentence}", f"it has {len(para.sentences)} sentences")]
        if not ref.text:
            return self._whole(index, ref), []
        return self._by_words(index, ref)

    def _whole(self, index: SourceIndex, ref: CitationRef) -> Passage:
        para = index.article.paragraphs[ref.paragraph - 1]
        if ref.sentence:
            sentence = para.sentences[ref.sentence - 1]
            return index.passage(ref.paragraph - 1, sentence.start, sentence.end)
        return index.passage(ref.paragraph - 1, 0, len(para.text))

    def _by_words(self, index: SourceIndex, ref: CitationRef) -> tuple[Passage | None, list[Finding]]:
        words = normalise(ref.text)
        if not words:
            return None, [error(ref.location, "the cited words are blank", "copy the source's words into 'text:'")]
        places = [o for o in index.find(words) if self._fits(index, ref, o)]
        if ref.occurrence:
            if ref.occurrence > len(places):
                return None, [error(ref.location, f"occurrence {ref.occurrence} asked for, but the words stand "
                                    f"{len(places)} time(s) in {ref.source!r}", "lower 'occurrence:'")]
            places = [places[ref.occurrence - 1]]
        if not places:
            return None, [self._not_found(index, ref, words)]
        if len(places) > 1:
            where = ", ".join(index.article.paragraphs[o.paragraph].id for o in places)
            return None, [error(ref.location, f"the words {_clip(ref.text)!r} match {len(places)} passages of "
                                f"{ref.source!r} ({where})",
                                "add 'occurrence: N', 'prefix:'/'suffix:' or 'paragraph:' to pick one")]
        place = places[0]
        return index.passage(place.paragraph, place.start, place.end), []

    def _fits(self, index: SourceIndex, ref: CitationRef, place: Occurrence) -> bool:
        """True when an occurrence satisfies the citation's paragraph, sentence, prefix and suffix."""
        para = index.article.paragraphs[place.paragraph]
        if ref.paragraph and para.number != ref.paragraph:
            return False
        if ref.sentence:
            sentence = para.sentences[ref.sentence - 1]
            if not (sentence.start <= place.start and place.end <= sentence.end):
                return False
        text = para.text.translate(_FOLD)
        if ref.prefix and not " ".join(text[:place.start].split()).endswith(normalise(ref.prefix)):
            return False
        if ref.suffix and not " ".join(text[place.end:].split()).startswith(normalise(ref.suffix)):
            return False
        return True

    def _not_found(self, index: SourceIndex, ref: CitationRef, words: str) -> Finding:
        score, para_index, start, end = index.closest(words)
        para = index.article.paragraphs[para_index]
        closest = para.text[start:end]
        what = "the quote's words are" if ref.words_of_quote else "the cited words are"
        message = f"{what} not found in source {ref.source!r}: {_clip(ref.text)!r}"
        if words.lower() in index.text.lower() and not index.find(words):
            hint = "the words stand there with different capital letters: copy them exactly"
        elif ref.paragraph or ref.prefix or ref.suffix:
            hint = "the words stand in the source, but not with the given paragraph, prefix or suffix"
            if not index.find(words):
                hint = f"closest passage ({ref.source}#{para.id}, similarity {score:.2f}): {_clip(closest)!r}"
        else:
            hint = f"closest passage ({ref.source}#{para.id}, similarity {score:.2f}): {_clip(closest)!r}"
            elsewhere = self.find_elsewhere(words, exclude=ref.source)
            if elsewhere:
                hint += f"; the exact words stand in {elsewhere} — did you mean that source?"
        return error(ref.location, message, hint)

    def find_elsewhere(self, words: str, exclude: str) -> str:
        """The first other source (and paragraph) where ``words`` stand verbatim, for hints."""
        for article in self.articles:
            if article.id == exclude:
                continue
            index = self.index(article.id)
            places = index.find(words) if index else []
            if index and places:
                return f"{article.id}#{article.paragraphs[places[0].paragraph].id}"
        return ""


def _word_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen a range to whole words, so a suggested passage never cuts a word in two."""
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    while end < len(text) and not text[end].isspace():
        end += 1
    return start, end


def _clip(text: str, limit: int = 90) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def iter_citations(sheet: FactSheet) -> Iterator[tuple[str, str, CitationRef]]:
    """(kind, owner id, citation) for every citation in the fact sheet, in file order."""
    for actor in sheet.actors:
        for cited in (actor.role, actor.affiliation, actor.description):
            for ref in cited.cite if cited else ():
                yield "actor", actor.id, ref
    for venue in sheet.venues:
        for cited in (venue.located_in, venue.description):
            for ref in cited.cite if cited else ():
                yield "venue", venue.id, ref
    for event in sheet.dates:
        for ref in event.cite:
            yield "date", event.id, ref
    for quote in sheet.quotes:
        for ref in quote.cite:
            yield "quote", quote.id, ref
        for variant in quote.variants:
            for ref in variant.cite:
                yield "quote", quote.id, ref
    for claim in sheet.claims:
        for ref in claim.all_cites:
            yield "claim", claim.id, ref


def resolve_citations(sheet: FactSheet, resolver: Resolver) -> tuple[dict[CitationRef, Passage], list[Finding]]:
    """The passage of every citation of the fact sheet, and a finding for each that fails."""
    passages: dict[CitationRef, Passage] = {}
    findings: list[Finding] = []
    for _kind, _owner, ref in iter_citations(sheet):
        passage, problems = resolver.resolve(ref)
        findings += problems
        if passage is not None:
            passages[ref] = passage
    return passages, findings
