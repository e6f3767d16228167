"""Import stage: raw articles (plain text, saved web pages, Markdown) → ``content/articles/<id>.md``.

Each input is read into blocks (paragraphs and headings) by a reader for its kind — plain text
line by line, HTML through trafilatura's main-text and metadata extraction, Markdown with its
front matter — then cleaned by generic rules: web boilerplate (notification, newsletter, donation,
login and cookie prompts, "more coverage" links, rules), the header of a saved page (headline,
standfirst, byline, dateline, photo captions) and paragraphs repeated verbatim. What the text does
not reveal stays unknown and is reported: the outlet is written as ``unknown``, a missing date
stops that file until ``--published`` supplies one, nothing is guessed. Every edit is recorded in
the article's ``edits:``. Near-duplicates and paraphrases of the other articles are suggested as
commented front matter lines for the analyst to confirm (see :mod:`briefgen.similarity`).

Everything is planned first (:func:`plan_import`) and written after (:func:`write_import`), so a
report can be shown and an existing article is never half replaced.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Iterable, Iterator, Mapping, Sequence

import yaml

from .errors import Location
from .load import load_schema, read_text, split_front_matter
from .segment import segment_body, split_sentences
from .similarity import Comparison, Pair, Text, content_words, dice, find_related

# ---------------------------------------------------------------------------------------------
# Domain objects


@dataclass(frozen=True, slots=True)
class Block:
    """A paragraph or heading of an input, as read."""

    text: str
    """Its text (Markdown for Markdown inputs), without the ``#`` marks of a heading."""
    level: int = 0
    """Heading level 1–6, or 0 for a paragraph."""


@dataclass(frozen=True, slots=True)
class Draft:
    """An input file as read, before cleaning: its blocks and what its format said about it."""

    path: Path
    """The input file."""
    kind: str
    """``text``, ``html`` or ``markdown``."""
    blocks: tuple[Block, ...]
    """Paragraphs and headings in order."""
    meta: Mapping[str, Any] = field(default_factory=dict)
    """Front matter values the format gave (title, author, published, outlet, url, language, …)."""
    found: tuple[str, ...] = ()
    """How each of those values was found, for the report."""
    edits: tuple[str, ...] = ()
    """Edits made while reading (a date marker taken out, a page's main text extracted)."""


@dataclass(frozen=True, slots=True)
class Removed:
    """A block taken out as web boilerplate."""

    kind: str
    """What it is: ``notification prompt``, ``donation appeal``, …"""
    text: str
    """Its text."""


@dataclass(frozen=True, slots=True)
class Header:
    """What the head of a saved page holds before its first paragraph of prose."""

    title: str = ""
    """The headline."""
    author: str = ""
    """The byline's name."""
    byline: str = ""
    """The byline as printed."""
    dateline: str = ""
    """The date line as printed."""
    published: str = ""
    """The dateline's date, ISO."""
    standfirst: tuple[str, ...] = ()
    """Summary lines between headline and byline that repeat the lead (dropped)."""
    captions: tuple[str, ...] = ()
    """Photo caption lines (dropped)."""


@dataclass(frozen=True, slots=True)
class Cleaned:
    """An input's body after cleaning, and what was taken out."""

    blocks: tuple[Block, ...]
    """The article's paragraphs and headings."""
    header: Header
    """What the page's head said."""
    boilerplate: tuple[Removed, ...]
    """Web boilerplate removed."""
    repeats: tuple[tuple[int, int], ...]
    """(position, position of its first occurrence) of each paragraph removed as a verbatim repeat (1-based)."""
    subheadings: tuple[str, ...] = ()
    """Plain-text lines made subheadings."""


@dataclass(frozen=True, slots=True)
class ImportOptions:
    """What the command line asked for."""

    output: Path
    """Folder the articles are written into."""
    force: bool = False
    """Replace articles that exist."""
    source_id: str = ""
    """Id for the one input (``--id``)."""
    published: dt.date | None = None
    """Publication date for inputs that give none (``--published``)."""
    language: str = ""
    """Language tag for inputs whose language cannot be told (``--language``)."""


@dataclass(frozen=True, slots=True)
class ImportedArticle:
    """One article ready to be written, with what its report says."""

    input: Path
    """The input file."""
    id: str
    """Source id (the file name)."""
    front: Mapping[str, Any]
    """Front matter, in the order it is written."""
    body: str
    """Markdown body."""
    paragraphs: int
    """Paragraphs and headings kept."""
    repeats: int
    """Paragraphs removed as verbatim repeats."""
    boilerplate: int
    """Blocks removed as web boilerplate."""
    found: tuple[str, ...]
    """Values found and how."""
    unknown: tuple[str, ...]
    """What could not be determined."""
    hints: tuple[str, ...] = ()
    """Suggested front matter lines with their reasons, e.g. ``syndicated_from: AP  # named in "…"``."""

    @property
    def target(self) -> str:
        """File name of the article."""
        return f"{self.id}.md"


@dataclass(frozen=True, slots=True)
class Skipped:
    """An input that was not imported, and why."""

    input: Path
    """The input file."""
    message: str
    """What stopped it and how to go on."""

    def __str__(self) -> str:
        return f"{self.input}: {self.message}"


@dataclass(frozen=True, slots=True)
class ImportPlan:
    """Everything an import will write, decided before anything is written."""

    options: ImportOptions
    """What was asked for."""
    articles: tuple[ImportedArticle, ...]
    """Articles to write."""
    skipped: tuple[Skipped, ...]
    """Inputs not imported."""
    comparison: Comparison | None = None
    """Related pairs among the new and the existing articles."""
    elsewhere: tuple[Pair, ...] = ()
    """Suggestions for existing articles (which are never changed by an import)."""


# ---------------------------------------------------------------------------------------------
# Planning


def plan_import(paths: Sequence[Path], options: ImportOptions) -> ImportPlan:
    """Read, clean and relate every input; decide what is written and what is skipped."""
    articles: list[ImportedArticle] = []
    skipped: list[Skipped] = []
    for path in paths:
        result = import_file(path, options)
        if isinstance(result, Skipped):
            skipped.append(result)
        else:
            articles.append(result)
    kept: list[ImportedArticle] = []
    for article in unique_ids(articles, options):
        if (options.output / article.target).exists() and not options.force:
            skipped.append(Skipped(article.input, f"{options.output / article.target} exists — not overwritten "
                                                  "(use --force to replace it)"))
        else:
            kept.append(article)
    return relate(ImportPlan(options, tuple(kept), tuple(skipped)))


def import_file(path: Path, options: ImportOptions) -> ImportedArticle | Skipped:
    """One input as an article, or the reason it cannot be one yet."""
    draft = read_input(path)
    if isinstance(draft, Skipped):
        return draft
    if not any(b.text.strip() for b in draft.blocks):
        return Skipped(path, "no article text found in the file")
    return build_article(draft, clean(draft), options)


def read_input(path: Path) -> Draft | Skipped:
    """An input file as blocks, by its kind (``.html``, ``.md`` or plain text)."""
    if path.suffix.lower() in (".html", ".htm", ".xhtml"):
        return read_html(path)
    text, findings = read_text(path, Location(str(path)))
    if text is None:
        return Skipped(path, findings[0].message + (f" — {findings[0].hint}" if findings[0].hint else ""))
    if _looks_like_html(text):
        return read_html(path)
    if path.suffix.lower() in (".md", ".markdown") or split_front_matter(text)[0] is not None:
        return read_markdown(path, text)
    return read_plain_text(path, text)


def _looks_like_html(text: str) -> bool:
    start = text.lstrip()[:200].lower()
    return start.startswith("<!doctype html") or start.startswith("<html")


# ---------------------------------------------------------------------------------------------
# Readers


_DATE_MARKER = re.compile(r"\A\s*date\s+(\d{4}-\d{2}-\d{2})(?:\s+|\Z)")
_TERMINAL = re.compile(r"[.!?…][\"'’”)\]]*$")


def read_plain_text(path: Path, text: str) -> Draft:
    """Plain text: blank lines separate paragraphs; a paragraph's lines stay apart unless hard-wrapped."""
    meta, found, edits, text = _date_marker(text)
    runs = [[line for line in run.split("\n") if line.strip()] for run in re.split(r"\n\s*\n", text.strip())]
    unwrapped = [_unwrap(lines) for lines in runs]
    blocks = [Block(line) for lines in unwrapped for line in lines]
    if len(runs) == 1 and len(blocks) > 1:
        edits.append("each line of the text is taken as one paragraph")
    if any(len(joined) < len(lines) for joined, lines in zip(unwrapped, runs)):
        edits.append("joined the lines of hard-wrapped paragraphs")
    return Draft(path, "text", tuple(blocks), meta, tuple(found), tuple(edits))


def _date_marker(text: str) -> tuple[dict[str, Any], list[str], list[str], str]:
    """A leading ``date YYYY-MM-DD`` marker: the publication date; the text without it."""
    match = _DATE_MARKER.match(text)
    if not match or _iso_date(match.group(1)) is None:
        return {}, [], [], text
    marker = f"date {match.group(1)}"
    meta = {"published": match.group(1), "published_basis": f'date marker "{marker}" at the head of the text'}
    edit = f'removed the leading date marker "{marker}" from the first paragraph and used it as the publication date'
    return meta, [f'published {match.group(1)} (date marker "{marker}")'], [edit], text[match.end():]


def _unwrap(lines: list[str]) -> list[str]:
    """The lines of one run, joined into one paragraph when they are hard-wrapped prose."""
    body = [line.strip() for line in lines if line.strip()]
    if len(body) < 2:
        return body
    wrapped = body[:-1]
    lengths = [len(line) for line in wrapped]
    even = min(lengths) >= 50 and max(lengths) <= 100 and max(lengths) - min(lengths) <= 25
    mid_sentence = any(not _TERMINAL.search(line) for line in wrapped)
    return [" ".join(body)] if even and mid_sentence else body


def read_markdown(path: Path, text: str) -> Draft:
    """Markdown, with or without front matter: known front matter keys are kept, headings stay headings."""
    front, body, _line = split_front_matter(text)
    meta: dict[str, Any] = {}
    found: list[str] = []
    edits: list[str] = []
    if front is not None:
        meta, found, edits = _front_matter_values(front)
    marker_meta, marker_found, marker_edits, body = _date_marker(body)
    meta = {**marker_meta, **meta}
    blocks = [_markdown_block(chunk) for chunk in re.split(r"\n\s*\n", body.strip()) if chunk.strip()]
    return Draft(path, "markdown", tuple(blocks), meta, tuple(found + marker_found), tuple(edits + marker_edits))


def front_matter_keys() -> tuple[str, ...]:
    """Article front matter keys, in the order the article schema lists them (and they are written)."""
    return tuple(load_schema("article")["properties"])


def _front_matter_values(front: str) -> tuple[dict[str, Any], list[str], list[str]]:
    try:
        data = yaml.safe_load(front)
    except yaml.YAMLError as exc:
        return {}, [], [f"ignored the front matter, which is not valid YAML ({exc.__class__.__name__})"]
    if not isinstance(data, dict):
        return {}, [], ["ignored the front matter, which is not a mapping"]
    keys = front_matter_keys()
    meta = {k: _plain(v) for k, v in data.items() if k in keys and v not in (None, "")}
    dropped = sorted(str(k) for k in data if k not in keys)
    edits = [f"dropped front matter keys the format does not have: {', '.join(dropped)}"] if dropped else []
    return meta, [f"{key} {meta[key]} (front matter)" for key in ("title", "outlet", "author", "published")
                  if key in meta], edits


def _plain(value: Any) -> Any:
    """Front matter values as the article format writes them: dates as ISO text, lists of text."""
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()[:10]
    if isinstance(value, list):
        return [str(v) for v in value]
    return value if isinstance(value, str) else str(value)


def _markdown_block(chunk: str) -> Block:
    match = re.match(r"^(#{1,6})\s+(.*?)\s*#*\s*$", chunk.strip())
    if match and "\n" not in chunk.strip():
        return Block(match.group(2), len(match.group(1)))
    return Block(chunk.strip())


def read_html(path: Path) -> Draft | Skipped:
    """A saved web page: trafilatura extracts the main text and the title, author, date and site name."""
    import trafilatura
    from trafilatura.settings import Document
    from trafilatura.utils import load_html

    tree = load_html(path.read_bytes())
    if tree is None:
        return Skipped(path, "not a readable HTML page")
    language = str(tree.get("lang", "") or "")
    document = trafilatura.bare_extraction(
        tree, with_metadata=True, include_comments=False, include_tables=False,
        date_extraction_params={"extensive_search": False, "original_date": True})
    if not isinstance(document, Document) or document.body is None:
        return Skipped(path, "no main text found in the page")
    blocks = tuple(_html_blocks(document.body))
    meta, found = _html_meta(document, language)
    edits = ("extracted the main text of the saved web page with trafilatura (navigation, banners and side "
             "boxes left out)",)
    return Draft(path, "html", blocks, meta, found, edits)


def _html_blocks(body: Any) -> Iterator[Block]:
    """Paragraphs, headings, list items and quotes of trafilatura's XML body, with loose text between them."""
    for element in body:
        text = _fold(" ".join(element.itertext()))
        if element.tag == "head":
            rend = str(element.get("rend", ""))
            yield Block(text, int(rend[1]) if re.fullmatch(r"h[1-6]", rend) else 2)
        elif element.tag == "list":
            items = [_fold(" ".join(item.itertext())) for item in element.iter("item")]
            yield Block("\n".join(f"- {item}" for item in items if item))
        elif element.tag == "quote":
            yield Block(f"> {text}")
        elif text:
            yield Block(text)
        tail = _fold(element.tail or "")
        if tail:
            yield Block(tail)


def _html_meta(document: Any, language: str) -> tuple[dict[str, Any], tuple[str, ...]]:
    meta: dict[str, Any] = {}
    found: list[str] = []
    for key, value, how in (
            ("title", document.title, "extracted from the page"),
            ("author", document.author, "extracted from the page"),
            ("published", document.date, "extracted from the page"),
            ("outlet", document.sitename, "the page's address" if "." in str(document.sitename) else "the page's "
                                                                                                    "site name"),
            ("url", document.url, "extracted from the page"),
            ("language", language, 'the page\'s lang attribute')):
        if value:
            meta[key] = _fold(str(value)).replace("; ", ", ") if key == "author" else _fold(str(value))
            found.append(f"{key} {meta[key]} ({how})")
    return meta, tuple(found)


def _fold(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ")).strip()


# ---------------------------------------------------------------------------------------------
# Boilerplate


@dataclass(frozen=True, slots=True)
class BoilerplateRule:
    """Lines of one kind of web boilerplate, matched whole (case and spacing ignored)."""

    kind: str
    """What the lines are, as the report and ``edits:`` name them."""
    patterns: tuple[re.Pattern[str], ...]
    """Each matches a whole line."""


def _rule(kind: str, *patterns: str) -> BoilerplateRule:
    return BoilerplateRule(kind, tuple(re.compile(p, re.IGNORECASE) for p in patterns))


BOILERPLATE = (
    _rule("notification prompts",
          r"stay up to date with notifications from (?P<outlet>.{2,60}?)\.?",
          r"notifications can be managed in (?:your )?browser (?:preferences|settings)\.?",
          r"(?:turn on|allow|enable|get) (?:browser |push )?notifications\b.{0,80}"),
    _rule("newsletter prompts",
          r"(?:sign up|subscribe|register) (?:now |today )?(?:to|for) (?:our|the|my|a) .{0,60}newsletters?\b.{0,150}",
          r"get (?:the|our) .{0,40}(?:newsletter|briefing)s?(?: in your inbox| by email)?\.?",
          r"(?:sign up|subscribe)(?: now| today)?\.?"),
    _rule("login text",
          r"thank you for registering\.?",
          r"please refresh (?:the page|your browser)\b.{0,200}",
          r"(?:sign|log) ?in(?: to (?:continue|read|comment|your account)\b.{0,80})?\.?",
          r"already (?:a subscriber|have an account|registered)\?.{0,80}",
          r"you (?:are|have been) (?:now )?(?:logged|signed) (?:in|out)\b.{0,80}"),
    _rule("cookie notice",
          r"we use cookies\b.{0,300}",
          r"(?:this|our) (?:web)?site uses cookies\b.{0,300}",
          r"(?:accept|reject|manage) (?:all )?(?:cookies|preferences)\.?"),
    _rule("sharing buttons",
          r"share (?:this (?:article|story|page)|on (?:facebook|twitter|x|whatsapp|linkedin|email))\b.{0,80}",
          r"(?:follow|like) (?:us|.{1,40}) on (?:facebook|twitter|x|instagram|linkedin|threads)\b.{0,80}"),
    _rule("advertising", r"(?:advertisement|sponsored content|ad feature)\.?"),
    _rule("related links",
          r"(?:related(?: stories| articles| content| coverage)?|more (?:stories|on this story)|read more|"
          r"recommended(?: for you)?|most read|see also|also read|read also)(?::|:\s.{1,150})?"),
    _rule('"more coverage" links',
          r"(?:find|read|see|get) more of (?P<agency>.{1,40}?)['’]s? .{0,60}coverage at \S+",
          r"(?:find|read|see) more (?:coverage|stories) .{0,60}at https?://\S+"),
    _rule("rules", r"[_\-*=~·•]{3,}"),
)
"""Generic boilerplate: prompts of news sites, matched as whole lines so article prose is never hit."""

_DONATION_START = re.compile(
    r"(?:your support helps us\b.{0,80}|support (?:our |independent |quality |local |independent local |"
    r"free |fearless )*journalism.{0,60}|(?:please )?(?:donate|make a (?:donation|contribution))\b.{0,80}|"
    r"(?:we|this newspaper) (?:need|needs|rely on|depend on) your support\b.{0,80})", re.IGNORECASE)
_DONATION_END = re.compile(r"(?:your support makes all the difference|support us|donate (?:now|today)|"
                           r"(?:make a )?(?:one-off |monthly )?contribution|support (?:now|today)).{0,40}",
                           re.IGNORECASE)
_APPEAL_WORDS = re.compile(r"\b(?:donat\w*|contribut\w*|paywalls?|subscri\w*|funded by (?:its|our) readers|"
                           r"journalism|journalists|reporters|support)\b", re.IGNORECASE)
_ADDRESS_WORDS = re.compile(r"\b(?:we|us|our|you|your)\b", re.IGNORECASE)
_DONATION_REACH = 8
"""Paragraphs a donation appeal may run to before its closing line."""


def match_boilerplate(text: str) -> tuple[BoilerplateRule, re.Match[str]] | None:
    """The rule a whole line matches, with the match (for named groups such as the outlet)."""
    line = _fold(text)
    for rule in BOILERPLATE:
        for pattern in rule.patterns:
            match = pattern.fullmatch(line)
            if match:
                return rule, match
    return None


def remove_boilerplate(blocks: Sequence[Block]) -> tuple[list[Block], list[Removed]]:
    """Blocks without boilerplate lines and donation appeals, and what was removed."""
    kept: list[Block] = []
    removed: list[Removed] = []
    index = 0
    while index < len(blocks):
        block = blocks[index]
        appeal = _donation_appeal(blocks, index)
        if appeal:
            removed += [Removed("donation appeal", b.text) for b in blocks[index:index + appeal]]
            index += appeal
            continue
        found = match_boilerplate(block.text)
        if found:
            removed.append(Removed(found[0].kind, block.text))
        else:
            kept.append(block)
        index += 1
    return kept, removed


def _donation_appeal(blocks: Sequence[Block], start: int) -> int:
    """How many blocks from ``start`` form a donation appeal (0 when none starts there)."""
    if not _DONATION_START.fullmatch(_fold(blocks[start].text)):
        return 0
    window = blocks[start + 1:start + 1 + _DONATION_REACH]
    for offset, block in enumerate(window, start=1):
        if _DONATION_END.fullmatch(_fold(block.text)):
            return offset + 1
    length = 1
    for block in window:
        if not (_APPEAL_WORDS.search(block.text) and _ADDRESS_WORDS.search(block.text)):
            break
        length += 1
    return length


# ---------------------------------------------------------------------------------------------
# The head of a saved page: headline, standfirst, byline, dateline, captions


_MONTH = (r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
          r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
_DATELINE = re.compile(
    r"(?:(?:published|updated|posted|last updated|first published)(?: on)?:?\s+)?"
    r"(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?"
    r"(?:(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+" + _MONTH + r",?\s+(?P<year>\d{4})"
    r"|" + _MONTH.replace("month", "month2") + r"\s+(?P<day2>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<year2>\d{4})"
    r"|(?P<iso>\d{4}-\d{2}-\d{2}))"
    r"(?:,?\s+(?:at\s+)?\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?(?:\s+[A-Z]{2,5}(?:[+-]\d{1,2})?)?)?"
    r"(?:\s*[|·,]\s*(?:updated|last updated).{0,60})?",
    re.IGNORECASE)
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_NAME_WORD = r"(?:[A-Z][\w'’.-]*|de|van|von|der|den|bin|al|da|di|du|le|la)"
_NAME = re.compile(rf"(?:[Bb]y\s+)?(?P<name>[A-Z][\w'’.-]*(?:\s+{_NAME_WORD}){{1,4}}"
                   rf"(?:\s+(?:and|&)\s+[A-Z][\w'’.-]*(?:\s+{_NAME_WORD}){{1,4}})?)(?:\s*,\s*.{{1,60}})?")
_BY = re.compile(r"by\s+", re.IGNORECASE)
_CREDIT = re.compile(r".{3,200}\((?:[^()]*\b(?:photo|photograph|via|getty|reuters|ap|afp|file|images?|credit|"
                     r"pool)\b[^()]*)\)", re.IGNORECASE)
_STANDFIRST_REPEATS_LEAD = 0.5
"""Content-word overlap (Dice) from which a standfirst is taken to repeat the lead."""


def parse_dateline(line: str) -> str:
    """The ISO date of a line that is only a date (with weekday, time, zone): a dateline; else ''."""
    match = _DATELINE.fullmatch(_fold(line))
    if not match:
        return ""
    if match.group("iso"):
        return match.group("iso") if _iso_date(match.group("iso")) else ""
    day, month, year = (match.group("day"), match.group("month"), match.group("year")) if match.group("day") else \
        (match.group("day2"), match.group("month2"), match.group("year2"))
    try:
        return dt.date(int(year), _MONTHS.index(month[:3].lower()) + 1, int(day)).isoformat()
    except ValueError:
        return ""


def is_prose(text: str) -> bool:
    """A paragraph of running text: eight words or more, ending like a sentence."""
    return len(text.split()) >= 8 and bool(_TERMINAL.search(text))


def byline_name(line: str, require_by: bool) -> str:
    """The name in a byline ("By Jane Doe, Correspondent" or, before a dateline, "Jane Doe"); else ''."""
    text = _fold(line)
    if require_by and not _BY.match(text):
        return ""
    match = _NAME.fullmatch(text)
    if not match or any(ch.isdigit() for ch in text) or len(text) > 100:
        return ""
    return match.group("name")


def read_header(blocks: Sequence[Block], known_title: str) -> tuple[Header, list[Block]]:
    """The header lines before the first prose paragraph, interpreted; the remaining blocks."""
    end = next((i for i, b in enumerate(blocks) if b.level == 0 and is_prose(b.text)), len(blocks))
    head = [b.text for b in blocks[:end] if b.level in (0, 1)]
    if len(head) != end:
        return Header(), list(blocks)
    body = list(blocks[end:])
    dated = next((i for i, line in enumerate(head) if parse_dateline(line)), None)
    if dated is None:
        return _undated_header(head, body, known_title)
    return _dated_header(head, dated, body, known_title)


def _dated_header(head: list[str], dated: int, body: list[Block], known_title: str) -> tuple[Header, list[Block]]:
    """Headline first, byline just before the dateline, standfirst between them, captions after it.
    A first line that differs from a title the input already gave is not taken as the headline."""
    author_at = dated - 1 if dated >= 1 and byline_name(head[dated - 1], require_by=False) else None
    title_end = author_at if author_at is not None else dated
    headline = title_end >= 1 and (not known_title or _same(head[0], known_title))
    lead = body[0].text if body else ""
    standfirst = tuple(head[1 if headline else 0:title_end])
    if not all(_repeats(line, lead) for line in standfirst):
        body = [Block(line) for line in standfirst] + body
        standfirst = ()
    byline = head[author_at] if author_at is not None else ""
    header = Header(title=head[0] if headline else "", author=byline_name(byline, require_by=False),
                    byline=byline, dateline=head[dated], published=parse_dateline(head[dated]),
                    standfirst=standfirst,
                    captions=tuple(line for line in head[dated + 1:] if not parse_dateline(line)))
    return header, body


def _repeats(line: str, lead: str) -> bool:
    """True when a standfirst line says what the lead says (most content words shared)."""
    return dice(frozenset(content_words(line)), frozenset(content_words(lead))) >= _STANDFIRST_REPEATS_LEAD


def _undated_header(head: list[str], body: list[Block], known_title: str) -> tuple[Header, list[Block]]:
    """Without a dateline only a headline first and a "By …" line are sure; other lines stay text."""
    headline = bool(head) and _is_headline(head[0]) and not byline_name(head[0], require_by=True)
    title = head[0] if headline and (not known_title or _same(head[0], known_title)) else ""
    rest = head[1:] if title else head
    byline = next((line for line in rest if byline_name(line, require_by=True)), "")
    kept = [Block(line) for line in rest if line != byline]
    header = Header(title=title, author=byline_name(byline, require_by=True) if byline else "", byline=byline)
    return header, kept + body


def _is_headline(line: str) -> bool:
    return 3 <= len(line.split()) <= 30 and not line.rstrip().endswith((".", ",", ";", ":"))


def _same(a: str, b: str) -> bool:
    return _fold(a).casefold() == _fold(b).casefold()


# ---------------------------------------------------------------------------------------------
# Cleaning


def clean(draft: Draft) -> Cleaned:
    """Boilerplate out, the page header read, verbatim repeats out, plain-text subheadings marked."""
    blocks, removed = remove_boilerplate(draft.blocks)
    title = str(draft.meta.get("title", ""))
    header, blocks = read_header(blocks, title)
    if title and blocks and blocks[0].level and _same(blocks[0].text, title):
        blocks = blocks[1:]
        header = replace(header, title=title)
    blocks, credits = _drop_credited_captions(blocks)
    header = replace(header, captions=header.captions + credits)
    blocks, repeats = drop_repeats(blocks)
    subheadings: list[str] = []
    if draft.kind == "text":
        blocks, subheadings = mark_subheadings(blocks)
    return Cleaned(tuple(blocks), header, tuple(removed), tuple(repeats), tuple(subheadings))


def _drop_credited_captions(blocks: list[Block]) -> tuple[list[Block], tuple[str, ...]]:
    """Short lines that end in a photo credit, "(AP Photo/…)" or "(… via …)", wherever they stand."""
    captions = tuple(b.text for b in blocks if b.level == 0 and not is_prose(b.text) and _CREDIT.fullmatch(b.text))
    return [b for b in blocks if b.text not in captions], captions


def drop_repeats(blocks: Sequence[Block]) -> tuple[list[Block], list[tuple[int, int]]]:
    """Blocks without paragraphs that repeat an earlier one verbatim; (position, first position) of each."""
    first: dict[str, int] = {}
    kept: list[Block] = []
    repeats: list[tuple[int, int]] = []
    for position, block in enumerate(blocks, start=1):
        key = _fold(block.text)
        if block.level == 0 and key in first:
            repeats.append((position, first[key]))
            continue
        first.setdefault(key, position)
        kept.append(block)
    return kept, repeats


_ENDS_LIKE_STATEMENT = re.compile(r"[.,;:][\"'’”)\]]*$")


def mark_subheadings(blocks: Sequence[Block]) -> tuple[list[Block], list[str]]:
    """Short lines without a full stop between two prose paragraphs become ``##`` subheadings."""
    result = list(blocks)
    marked: list[str] = []
    for i in range(1, len(result) - 1):
        text = result[i].text
        if (result[i].level == 0 and len(text.split()) <= 14 and len(split_sentences(text)) == 1
                and not _ENDS_LIKE_STATEMENT.search(text) and is_prose(result[i - 1].text)
                and is_prose(result[i + 1].text)):
            result[i] = Block(text, 2)
            marked.append(text)
    return result, marked


# ---------------------------------------------------------------------------------------------
# The article


_ENGLISH = frozenset("the of and to a in is that for on with as was by at from it his her said has have be "
                     "are were will this which an its their they who not but".split())
_ENGLISH_SHARE = 0.2
_UNKNOWN_OUTLET = "unknown"


def build_article(draft: Draft, cleaned: Cleaned, options: ImportOptions) -> ImportedArticle | Skipped:
    """Front matter and body from what was read and cleaned; Skipped when the date or language is unknown."""
    meta = dict(draft.meta)
    found = list(draft.found)
    unknown: list[str] = []
    edits = list(draft.edits) + describe_edits(cleaned)
    paragraphs = [b.text for b in cleaned.blocks if b.level == 0]
    published = _published(meta, cleaned.header, found, options)
    if not published:
        return Skipped(draft.path, "could not determine the publication date — add --published YYYY-MM-DD")
    language = meta.get("language") or options.language or _english(paragraphs)
    if not language:
        return Skipped(draft.path, "could not determine the language — add --language TAG (for example de, fr)")
    if "language" not in meta:
        found.append(f"language {language} ({'--language' if options.language else 'its common words'})")
    title = _title(meta, cleaned.header, found, unknown, edits, paragraphs)
    if edits:
        edits.append("the remaining paragraphs are kept word for word")
    outlet = _outlet(meta, cleaned.boilerplate, found, unknown)
    author = _author(meta, cleaned.header, found, unknown)
    values = {
        **meta, "title": title, "outlet": outlet, "author": author, "published": published, "language": language,
        "provenance": meta.get("provenance") or f"imported from {draft.path.name} ({_KIND_NAMES[draft.kind]})",
        "edits": list(meta.get("edits", [])) + edits,
    }
    front = {key: values[key] for key in front_matter_keys() if values.get(key)}
    return ImportedArticle(
        input=draft.path, id=options.source_id or make_id(title, paragraphs), front=front,
        body=render_body(cleaned.blocks), paragraphs=len(cleaned.blocks), repeats=len(cleaned.repeats),
        boilerplate=len(cleaned.boilerplate), found=tuple(sorted(found, key=_field_order)), unknown=tuple(unknown),
        hints=tuple(_syndication_hints(cleaned.boilerplate)))


_FIELD_ORDER = ("title", "outlet", "author", "published", "url", "language", "id")


def _field_order(note: str) -> int:
    """Report found values in the order of the front matter."""
    first = note.split(" ", 1)[0]
    return _FIELD_ORDER.index(first) if first in _FIELD_ORDER else len(_FIELD_ORDER)


_KIND_NAMES = {"text": "plain text", "html": "saved web page", "markdown": "Markdown"}


def _published(meta: dict[str, Any], header: Header, found: list[str], options: ImportOptions) -> str:
    if meta.get("published") and _iso_date(str(meta["published"])):
        return str(meta["published"])
    if header.published:
        found.append(f'published {header.published} (dateline "{_fold(header.dateline)}")')
        return header.published
    if options.published:
        meta["published_basis"] = "not printed in the text; supplied on import (--published)"
        found.append(f"published {options.published.isoformat()} (--published)")
        return options.published.isoformat()
    return ""


def _title(meta: dict[str, Any], header: Header, found: list[str], unknown: list[str], edits: list[str],
           paragraphs: list[str]) -> str:
    if meta.get("title"):
        return str(meta["title"])
    if header.title:
        found.append("title (the headline, the first line of the text)")
        return _fold(header.title)
    words = " ".join(paragraphs[:1]).split()[:8]
    supplied = f"[Untitled: {' '.join(words)} …]" if words else "[Untitled]"
    unknown.append(f'title — supplied "{supplied}"; replace it with a descriptive title in square brackets')
    edits.append("supplied the title in square brackets; the text has none")
    return supplied


def _outlet(meta: dict[str, Any], removed: Sequence[Removed], found: list[str], unknown: list[str]) -> str:
    if meta.get("outlet"):
        return str(meta["outlet"])
    for item in removed:
        match = match_boilerplate(item.text)
        if match and "outlet" in match[1].groupdict():
            outlet = _fold(match[1].group("outlet"))
            found.append(f'outlet {outlet} (named in the boilerplate line "{_fold(item.text)}")')
            return outlet
    unknown.append(f'outlet — wrote "outlet: {_UNKNOWN_OUTLET}"')
    return _UNKNOWN_OUTLET


def _author(meta: dict[str, Any], header: Header, found: list[str], unknown: list[str]) -> str:
    if meta.get("author"):
        return str(meta["author"])
    if header.author:
        found.append(f'author {header.author} (byline "{_fold(header.byline)}")')
        return header.author
    unknown.append("author")
    return ""


def _english(paragraphs: Sequence[str]) -> str:
    words = re.findall(r"[a-z]+", " ".join(paragraphs).lower())
    return "en" if words and sum(w in _ENGLISH for w in words) / len(words) >= _ENGLISH_SHARE else ""


def _syndication_hints(removed: Sequence[Removed]) -> Iterator[str]:
    for item in removed:
        match = match_boilerplate(item.text)
        if match and "agency" in match[1].groupdict():
            yield f'syndicated_from: {_fold(match[1].group("agency"))}  # named in "{_fold(item.text)}"'


def _iso_date(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


# ---------------------------------------------------------------------------------------------
# Edits, in the words of docs/format.md's ``edits:``


def describe_edits(cleaned: Cleaned) -> list[str]:
    """One ``edits:`` entry per kind of change the cleaning made."""
    edits: list[str] = []
    header = cleaned.header
    if header.title:
        edits.append("moved the headline into the title")
    for text in header.standfirst:
        edits.append(f"removed the standfirst ({_quoted(text)}), which repeats the lead")
    moved = [f"the byline ({_fold(header.byline)})" if header.byline else "",
             f"the dateline ({_fold(header.dateline)})" if header.dateline else ""]
    if any(moved):
        edits.append(f"moved {' and '.join(m for m in moved if m)} into the front matter")
    if header.captions:
        edits.append(f"removed the photo caption lines ({', '.join(_quoted(c) for c in header.captions)})")
    edits += [f"removed the {kind} ({_listed(texts)})" for kind, texts in _grouped(cleaned.boilerplate)]
    if cleaned.repeats:
        edits.append(_repeats_edit(cleaned.repeats))
    edits += [f'wrote the line "{line}" as a subheading' for line in cleaned.subheadings]
    return edits


def _grouped(removed: Sequence[Removed]) -> list[tuple[str, list[str]]]:
    groups: dict[str, list[str]] = {}
    for item in removed:
        groups.setdefault(item.kind, []).append(item.text)
    return list(groups.items())


def _listed(texts: Sequence[str]) -> str:
    if len(texts) > 3:
        return f"{_quoted(texts[0])} and the {len(texts) - 1} paragraphs after it, ending {_quoted(texts[-1])}"
    return ", ".join(_quoted(t) for t in texts)


def _quoted(text: str, limit: int = 300) -> str:
    text = _fold(text)
    return f'"{text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + " …"}"'


def _repeats_edit(repeats: Sequence[tuple[int, int]]) -> str:
    noun = "paragraph" if len(repeats) == 1 else "paragraphs"
    where = ", ".join(f"paragraph {position} repeated paragraph {first}" for position, first in repeats)
    return f"removed {len(repeats)} {noun} repeated verbatim ({where})"


# ---------------------------------------------------------------------------------------------
# Ids and output


_SLUG_LIMIT = 50


def make_id(title: str, paragraphs: Sequence[str] = ()) -> str:
    """A safe slug of at most 50 characters from the title, or from the lead for a supplied title."""
    words = title
    if title.startswith("[Untitled"):
        words = " ".join(" ".join(paragraphs[:1]).split()[:10])
    slug = re.sub(r"[^a-z0-9]+", "-", _ascii(words).lower()).strip("-")
    while len(slug) > _SLUG_LIMIT and "-" in slug:
        slug = slug.rsplit("-", 1)[0]
    slug = slug[:_SLUG_LIMIT].strip("-")
    return slug if slug[:1].isalpha() else f"article-{slug}".strip("-")


def _ascii(text: str) -> str:
    import unicodedata

    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")


def unique_ids(articles: Sequence[ImportedArticle], options: ImportOptions) -> list[ImportedArticle]:
    """Articles whose ids are distinct: ``-2``, ``-3`` are appended when an id is taken by another
    article, in this import or in the output folder. An id taken by an earlier import of the same
    input, or given with ``--id``, is kept: that file is replaced only with ``--force``."""
    seen: set[str] = set()
    result: list[ImportedArticle] = []
    for article in articles:
        source_id, n = article.id, 2
        while source_id in seen or (not options.source_id and _taken_by_another(options.output, source_id, article)):
            source_id, n = f"{article.id}-{n}", n + 1
        seen.add(source_id)
        if source_id != article.id:
            article = replace(article, id=source_id, found=article.found + (
                f"id {source_id} ({article.id} is another article's)",))
        result.append(article)
    return result


def _taken_by_another(folder: Path, source_id: str, article: ImportedArticle) -> bool:
    """True when ``folder/<source_id>.md`` exists and was not imported from the same input file."""
    path = folder / f"{source_id}.md"
    return path.is_file() and imported_from(path) != article.input.name


def imported_from(path: Path) -> str:
    """The input file name an article's provenance says it was imported from ('' when none)."""
    text, _findings = read_text(path, Location(str(path)))
    front = split_front_matter(text)[0] if text is not None else None
    try:
        data = yaml.safe_load(front) if front else None
    except yaml.YAMLError:
        return ""
    provenance = str(data.get("provenance", "")) if isinstance(data, dict) else ""
    match = re.match(r"imported from (.+?) \(", provenance)
    return match.group(1) if match else ""


_MARKDOWN_START = re.compile(r"^(?:#{1,6}\s|>|[-+*]\s|\d{1,9}[.)]\s|={3,}\s*$|-{3,}\s*$|```|~~~|\s{4})")


def render_body(blocks: Iterable[Block]) -> str:
    """The Markdown body: paragraphs apart by blank lines, headings with ``#`` marks."""
    return "\n\n".join(f"{'#' * b.level} {b.text}" if b.level else _escape_start(b.text) for b in blocks) + "\n"


def _escape_start(text: str) -> str:
    """Plain text that would open a Markdown heading, list or quote, escaped so it stays a paragraph."""
    if "\n" in text:  # Markdown input: already Markdown
        return text
    return "\\" + text if _MARKDOWN_START.match(text) else text


def render_article(article: ImportedArticle, suggestions: Sequence[str] = ()) -> str:
    """The article file: YAML front matter and body. Suggestions are comments, ``# suggested: copy_of: x  # why``:
    deleting ``# suggested: `` confirms one and leaves valid YAML."""
    lines = ["---"]
    for key, value in article.front.items():
        if key == "published":
            lines.append(f"published: {value}")
        else:
            dumped = yaml.safe_dump({key: value}, allow_unicode=True, sort_keys=False, width=1_000_000)
            lines.append(dumped.rstrip("\n"))
    lines += [f"# suggested: {s}" for s in (*article.hints, *suggestions)]
    lines.append("---")
    return "\n".join(lines) + "\n" + article.body


# ---------------------------------------------------------------------------------------------
# Relations to the other articles


def relate(plan: ImportPlan) -> ImportPlan:
    """Compare the new articles with each other and with those already in the output folder; when the
    direction of a pair is uncertain, the new article is the one to carry the suggestion."""
    new_ids = {a.id for a in plan.articles}
    texts = [_text_of(a.id, a.body, a.front.get("published", "")) for a in plan.articles]
    texts += [t for t in existing_texts(plan.options.output) if t.id not in new_ids]
    if len(texts) < 2:
        return plan
    found = find_related(texts)
    pairs = tuple(p.reversed() if p.direction == "uncertain" and p.original in new_ids and p.derived not in new_ids
                  else p for p in found.pairs)
    comparison = replace(found, pairs=pairs)
    elsewhere = tuple(p for p in pairs if p.derived not in new_ids and p.original in new_ids
                      and comparison.suggestion(p.derived) == p)
    return replace(plan, comparison=comparison, elsewhere=elsewhere)


def suggestions_for(plan: ImportPlan, source_id: str) -> list[str]:
    """Commented front matter lines for a new article: its best-matching original, with the scores."""
    if plan.comparison is None:
        return []
    pair = plan.comparison.suggestion(source_id)
    return [f"{pair.line}  # {pair.describe()}"] if pair else []


def existing_texts(folder: Path) -> list[Text]:
    """The articles already in the output folder, as the comparison sees them."""
    texts: list[Text] = []
    for path in sorted(folder.glob("*.md")) if folder.is_dir() else []:
        text, _findings = read_text(path, Location(str(path)))
        if text is None:
            continue
        front, body, _line = split_front_matter(text)
        published = ""
        try:
            data = yaml.safe_load(front) if front else None
            published = str(data.get("published", "")) if isinstance(data, dict) else ""
        except yaml.YAMLError:
            pass
        texts.append(_text_of(path.stem, body, published))
    return texts


def _text_of(source_id: str, body: str, published: str) -> Text:
    paragraphs = tuple(p.text for p in segment_body(body, source_id) if p.kind == "paragraph")
    return Text(source_id, paragraphs, _iso_date(str(published)[:10]))


def write_import(plan: ImportPlan) -> list[Path]:
    """Write the planned articles; the output folder is created when missing."""
    plan.options.output.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for article in plan.articles:
        path = plan.options.output / article.target
        path.write_text(render_article(article, suggestions_for(plan, article.id)), encoding="utf-8")
        written.append(path)
    return written


# ---------------------------------------------------------------------------------------------
# The report


def report_lines(plan: ImportPlan) -> list[str]:
    """What the import writes, one block of lines per article, then suggestions for existing articles."""
    lines: list[str] = []
    for article in plan.articles:
        lines += describe_article(article, plan)
    for pair in plan.elsewhere:
        lines.append(f"suggested for {plan.options.output / (pair.derived + '.md')} (not changed): "
                     f"{pair.line}  # {pair.describe()}")
    return lines


def describe_article(article: ImportedArticle, plan: ImportPlan) -> list[str]:
    """The report of one article: written where, paragraphs kept and removed, found, unknown, suggested."""
    lines = [f"{article.input} → {plan.options.output / article.target}: {article.paragraphs} paragraphs kept, "
             f"{article.repeats} repeated paragraphs removed, {article.boilerplate} boilerplate lines removed"]
    if article.found:
        lines.append("  found: " + "; ".join(article.found))
    if article.unknown:
        lines.append("  unknown: " + "; ".join(article.unknown))
    for hint in (*article.hints, *suggestions_for(plan, article.id)):
        lines.append(f"  suggested (commented in the file): {hint}")
    if plan.comparison is not None:
        best = plan.comparison.suggestion(article.id)
        for pair in plan.comparison.for_article(article.id):
            if pair != best:
                other = pair.original if pair.derived == article.id else pair.derived
                lines.append(f"  also related: {other} ({pair.describe()})")
    return lines
