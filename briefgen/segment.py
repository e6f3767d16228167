"""Segment stage: article bodies into addressable paragraphs and sentences.

markdown-it-py parses the body (raw HTML off: article text is untrusted); every paragraph and
heading becomes a :class:`Paragraph` numbered in document order (``p3``), so editing paragraph 7
never renumbers paragraphs 1–6, and the same input always gives the same ids. Sentences are split
by a small rule set tuned on news copy ("U.S.", "Sept. 10", "D.P.R.K.", quotes that close and open
back to back); pysbd was tried and rejected: it misses the ``community.” “We`` boundary in the
seeds and costs ~0.2 ms a sentence.
"""

from __future__ import annotations

import re
import sys
from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.token import Token

from .cache import BuildCache, KeptWhileSame
from .errors import Location
from .model import Article, Paragraph, Sentence, SourceFile


@lru_cache(maxsize=1)
def article_parser() -> MarkdownIt:
    """The Markdown parser for untrusted article text: CommonMark, raw HTML disabled."""
    return MarkdownIt("commonmark", {"html": False})


def segment_articles(sources: list[SourceFile], cache: BuildCache | None = None) -> list[Article]:
    """Every source file segmented into an article; with a ``cache``, an unchanged source is not
    segmented again (the loader hands back the very same source object when its file is unchanged)."""
    if cache is None:
        return [segment_article(source) for source in sources]
    previous, cache.articles = cache.articles, KeptWhileSame()  # only this build's: it never outgrows the project
    for source in sources:
        path = source.location.path
        cache.articles.put(path, source, previous.get_or_make(path, source, lambda: segment_article(source)))
    return list(cache.articles.values())


def segment_article(source: SourceFile) -> Article:
    """One source file's body as paragraphs and sentences."""
    return Article(source.id, source.meta, segment_body(source.body, source.location.path, source.body_line),
                   source.location)


def segment_body(body: str, path: str, first_line: int = 1) -> tuple[Paragraph, ...]:
    """Paragraphs (and headings) of a Markdown body, each with its sentences and source line."""
    tokens = article_parser().parse(body)
    paragraphs: list[Paragraph] = []
    for opener, inline in _blocks(tokens):
        text = plain_text(inline)
        if not text:
            continue
        number = len(paragraphs) + 1
        line = (opener.map[0] if opener.map else 0) + first_line
        kind = "heading" if opener.type == "heading_open" else "paragraph"
        pid = sys.intern(f"p{number}")
        paragraphs.append(Paragraph(pid, number, kind, text, split_sentences(text, pid), Location(path, line)))
    return tuple(paragraphs)


def _blocks(tokens: list[Token]) -> list[tuple[Token, Token]]:
    """(opening token, inline token) for each paragraph and heading, in order."""
    return [(tokens[i - 1], tok) for i, tok in enumerate(tokens)
            if tok.type == "inline" and i > 0 and tokens[i - 1].type in ("paragraph_open", "heading_open")]


_SPACE = re.compile(r"\s+")


def plain_text(inline: Token) -> str:
    """The words of an inline token, without Markdown markup, white space folded to single spaces."""
    parts: list[str] = []
    for child in inline.children or ():
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif child.type == "image":
            parts.append(child.content)
    return _SPACE.sub(" ", "".join(parts)).strip()


# ---------------------------------------------------------------------------------------------
# Sentences

ABBREVIATIONS = frozenset("""
Mr. Mrs. Ms. Dr. Prof. St. Mt. Ft. Gen. Lt. Col. Maj. Capt. Sgt. Adm. Cmdr. Gov. Sen. Rep. Rev. Hon.
Pres. Amb. Supt. Jr. Sr. Inc. Corp. Co. Ltd. Bros. No. Nos. Vol. Fig. vs. etc. approx. est. dept.
Jan. Feb. Mar. Apr. Jun. Jul. Aug. Sep. Sept. Oct. Nov. Dec. Mon. Tue. Tues. Wed. Thu. Thur. Thurs.
Fri. Sat. Sun. e.g. i.e. a.m. p.m. cf. al.
""".split())

# A full stop, question or exclamation mark, then closing quotes or brackets, then space, then what
# can open a sentence: an opening quote, bracket or emphasis mark and a capital letter or a digit, or
# (in the narrative's Markdown) an entity link ``[[id]]``, whose id is lowercase.
_CANDIDATE = re.compile(r"[.!?]+[\"'’”)\]]*(?=\s+(?:\[\[|[\"'‘“(\[*_]*[A-Z0-9]))")
_INITIALISM = re.compile(r"^(?:[A-Za-z]\.){2,}$")
_INITIAL = re.compile(r"^[A-Z]\.$")


def split_sentences(text: str, pid: str = "p1") -> tuple[Sentence, ...]:
    """Sentences of a paragraph's plain text, with ids ``{pid}-s{n}`` and offsets into ``text``."""
    bounds = [0]
    for match in _CANDIDATE.finditer(text):
        if not _ends_in_abbreviation(text, match.start(), match.group()):
            bounds.append(match.end())
    bounds.append(len(text))
    sentences: list[Sentence] = []
    for start, end in zip(bounds, bounds[1:]):
        while start < end and text[start].isspace():
            start += 1
        if start < end:
            # interned: every article has a p1-s1, and a corpus's ids would otherwise be a million strings
            sentences.append(Sentence(sys.intern(f"{pid}-s{len(sentences) + 1}"), text, start, end))
    return tuple(sentences)


def _ends_in_abbreviation(text: str, stop: int, punctuation: str) -> bool:
    """True when the full stop at ``stop`` belongs to an abbreviation, not a sentence end."""
    if not punctuation.startswith(".") or punctuation.startswith(".."):
        return False
    word_start = max(text.rfind(" ", 0, stop), text.rfind("(", 0, stop), text.rfind("“", 0, stop),
                     text.rfind('"', 0, stop)) + 1
    word = text[word_start:stop + 1]
    return word in ABBREVIATIONS or bool(_INITIALISM.match(word)) or bool(_INITIAL.match(word))
