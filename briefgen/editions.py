"""Editions: what changed in a briefing since its previous edition.

A briefing is a living document. Each build records the edition it publishes as data (the
``edition`` record of ``site/briefing.json``): every claim's statement, grades and cited passages,
every source's grade, text hash and retraction, and the history of earlier editions. The next
edition is compared with that record claim by claim, so a reader sees what is new, what changed
and what was withdrawn without rereading everything.

The previous edition is found without the analyst keeping anything: ``briefgen build`` reads the
record of the site it is about to replace. When that site already shows this edition (a rebuild),
the record it was compared with, kept as ``previous-edition.json``, is used again, so rebuilding
the same input gives the same site.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import Finding, Location, error
from .model import Briefing

RECORD_VERSION = 1
"""Version of the edition record's layout; a record of another version is not compared."""
SITE_RECORD = "briefing.json"
"""The file of the published site whose ``edition`` key is the record of the edition it shows."""
PREVIOUS_RECORD = "previous-edition.json"
"""The record this edition was compared with, kept in the site so a rebuild compares the same."""
FEED = "feed.xml"
"""The Atom feed of editions, in the site's root."""


@dataclass(frozen=True, slots=True)
class ClaimState:
    """What a claim was in one edition: what a reader would notice changing."""

    statement: str
    """The analyst's words."""
    credibility: int
    """Admiralty credibility 1–6, 0 when not graded."""
    confidence: str
    """Analytic confidence, empty when not given."""
    passages: tuple[str, ...]
    """The passages it cites, ``source#anchor``, in citation order."""

    @property
    def sources(self) -> tuple[str, ...]:
        """The cited sources, each once, in order."""
        return tuple(dict.fromkeys(p.partition("#")[0] for p in self.passages))


@dataclass(frozen=True, slots=True)
class SourceState:
    """What a source was in one edition."""

    title: str
    """Headline."""
    outlet: str
    """Publishing outlet."""
    reliability: str
    """Admiralty reliability A–F, empty when not graded."""
    text_hash: str
    """SHA-256 of the segmented text: a change means the article's words changed."""
    retracted: str
    """Date of its retraction (YYYY-MM-DD), empty when it stands."""


@dataclass(frozen=True, slots=True)
class EditionEntry:
    """One edition as the feed and the history list it."""

    edition: str
    """The edition's number or date, as the fact sheet writes it."""
    date: str
    """The briefing's as-of date (YYYY-MM-DD), empty when not given."""
    changes: tuple[str, ...]
    """One line per change since the edition before (empty for the first)."""


@dataclass(frozen=True, slots=True)
class Snapshot:
    """The record of one edition."""

    edition: str
    """Its number or date."""
    date: str
    """The briefing's as-of date, empty when not given."""
    claims: dict[str, ClaimState]
    """Claims by id."""
    sources: dict[str, SourceState]
    """Sources by id."""
    history: tuple[EditionEntry, ...] = ()
    """Every edition up to this one, oldest first."""


@dataclass(frozen=True, slots=True)
class ClaimChange:
    """A claim of both editions that reads or stands differently now."""

    id: str
    """The claim's id."""
    old: ClaimState
    """As it was."""
    new: ClaimState
    """As it is."""
    aspects: tuple[str, ...]
    """What changed: ``statement``, ``sources``, ``passages``, ``credibility``, ``confidence``."""


@dataclass(frozen=True, slots=True)
class GradeChange:
    """A grade the analyst changed: a claim's credibility or confidence, a source's reliability."""

    kind: str
    """``claim`` or ``source``."""
    id: str
    """Its id."""
    grade: str
    """``credibility``, ``confidence`` or ``reliability``."""
    old: str
    """The grade before (``—`` when none)."""
    new: str
    """The grade now (``—`` when none)."""


@dataclass(frozen=True, slots=True)
class EditionChanges:
    """Everything that differs between the previous edition and this one."""

    previous: str
    """The previous edition's number or date (``previous`` when it had none)."""
    previous_date: str
    """Its as-of date, empty when not given."""
    added: tuple[str, ...]
    """Claims new in this edition, in fact-sheet order."""
    changed: tuple[ClaimChange, ...]
    """Claims that changed, in fact-sheet order."""
    withdrawn: tuple[tuple[str, ClaimState], ...]
    """Claims of the previous edition that are gone, by id."""
    grades: tuple[GradeChange, ...]
    """Grades changed."""
    new_sources: tuple[str, ...]
    """Sources new in this edition."""
    removed_sources: tuple[tuple[str, SourceState], ...]
    """Sources of the previous edition that are gone."""
    changed_sources: tuple[str, ...]
    """Sources whose text changed."""
    retracted_sources: tuple[str, ...]
    """Sources retracted since the previous edition."""

    def badge(self, claim_id: str) -> str:
        """``new``, ``changed`` or empty: what a page listing the claim marks it with."""
        if claim_id in self._added:
            return "new"
        return "changed" if claim_id in self._changed else ""

    @property
    def _added(self) -> frozenset[str]:
        return frozenset(self.added)

    @property
    def _changed(self) -> frozenset[str]:
        return frozenset(c.id for c in self.changed)

    @property
    def count(self) -> int:
        """How many changes there are in all."""
        return (len(self.added) + len(self.changed) + len(self.withdrawn) + len(self.grades) + len(self.new_sources)
                + len(self.removed_sources) + len(self.changed_sources) + len(self.retracted_sources))


# ---------------------------------------------------------------------------------------------
# The record of an edition


def snapshot_of(briefing: Briefing) -> Snapshot:
    """The record of the edition ``briefing`` is (without its history)."""
    claims = {c.id: ClaimState(c.statement, c.credibility, c.confidence,
                               tuple(f"{ref.source}#{briefing.passages[ref].anchor}" if ref in briefing.passages
                                     else ref.source for ref in c.all_cites))
              for c in briefing.claims}
    sources = {a.id: SourceState(a.meta.title, a.meta.outlet, a.meta.reliability, _text_hash(a.paragraphs),
                                 a.meta.retracted.date.isoformat() if a.meta.retracted else "")
               for a in briefing.articles}
    date = briefing.meta.date.isoformat() if briefing.meta.date else ""
    return Snapshot(briefing.meta.edition, date, claims, sources)


def _text_hash(paragraphs: Any) -> str:
    digest = hashlib.sha256()
    for para in paragraphs:
        digest.update(para.text.encode("utf-8") + b"\n\n")
    return digest.hexdigest()


def record_json(snapshot: Snapshot) -> dict[str, Any]:
    """The record as JSON data (the ``edition`` key of ``briefing.json``), in a stable order."""
    return {
        "version": RECORD_VERSION, "edition": snapshot.edition, "date": snapshot.date,
        "claims": {cid: {"statement": c.statement, "credibility": c.credibility, "confidence": c.confidence,
                         "passages": list(c.passages)} for cid, c in snapshot.claims.items()},
        "sources": {sid: {"title": s.title, "outlet": s.outlet, "reliability": s.reliability,
                          "text_sha256": s.text_hash, "retracted": s.retracted} for sid, s in snapshot.sources.items()},
        "history": [{"edition": e.edition, "date": e.date, "changes": list(e.changes)} for e in snapshot.history],
    }


def dump_record(snapshot: Snapshot) -> str:
    """The record as the text of a JSON file: the same record always gives the same bytes."""
    return json.dumps(record_json(snapshot), ensure_ascii=False, indent=1) + "\n"


class _BadRecord(Exception):
    """A record file that is not what an earlier build wrote."""


def read_record(path: Path) -> tuple[Snapshot | None, list[Finding]]:
    """The edition record in ``path``: a ``briefing.json`` (its ``edition`` key) or a bare record."""
    where = Location(str(path))
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        return None, [error(where, f"cannot read the previous edition: {exc}",
                            "pass --previous the briefing.json of the published site, or its folder")]
    except json.JSONDecodeError as exc:
        return None, [error(Location(str(path), exc.lineno, exc.colno), f"the previous edition is not JSON: {exc.msg}",
                            "pass --previous the briefing.json that briefgen build wrote, unchanged")]
    record = data.get("edition") if isinstance(data, dict) and isinstance(data.get("edition"), dict) else data
    try:
        return _snapshot_from(record), []
    except (_BadRecord, KeyError, TypeError, AttributeError, ValueError) as exc:
        why = str(exc) if isinstance(exc, _BadRecord) else "a field is missing or of the wrong type"
        return None, [error(where, f"not an edition record briefgen can compare with: {why}",
                            "pass --previous the briefing.json that briefgen build wrote, unchanged")]


def _snapshot_from(record: Any) -> Snapshot:
    if not isinstance(record, dict) or record.get("version") != RECORD_VERSION:
        raise _BadRecord(f"expected an 'edition' record of version {RECORD_VERSION}")
    claims = {str(cid): ClaimState(str(c["statement"]), int(c["credibility"]), str(c["confidence"]),
                                   tuple(str(p) for p in c["passages"])) for cid, c in record["claims"].items()}
    sources = {str(sid): SourceState(str(s["title"]), str(s["outlet"]), str(s["reliability"]),
                                     str(s["text_sha256"]), str(s["retracted"])) for sid, s in record["sources"].items()}
    history = tuple(EditionEntry(str(e["edition"]), str(e["date"]), tuple(str(x) for x in e["changes"]))
                    for e in record["history"])
    return Snapshot(str(record["edition"]), str(record["date"]), claims, sources, history)


@dataclass(frozen=True, slots=True)
class PriorRecords:
    """The edition records at hand before a build replaces the site."""

    shown: Snapshot | None
    """The record of the edition the site shows (or the one ``--previous`` names)."""
    compared: Snapshot | None
    """The record that site's edition was compared with, when it kept one."""
    given: bool = False
    """True when the analyst named the previous edition (``--previous``)."""
    findings: tuple[Finding, ...] = ()
    """Problems reading them."""


def read_prior(site_dir: Path, given: Path | None = None) -> PriorRecords:
    """The records a build can compare with, read before the site folder is emptied.

    ``given`` (``--previous``) is a ``briefing.json`` or a folder holding one; without it, the
    site about to be replaced tells.
    """
    if given is not None:
        path = given / SITE_RECORD if given.is_dir() else given
        if not path.is_file():
            return PriorRecords(None, None, True, (error(
                Location(str(given)), "no previous edition there",
                f"pass the {SITE_RECORD} of the previous edition's site, or the site's folder"),))
        shown, findings = read_record(path)
        return PriorRecords(shown, None, True, tuple(findings))
    if not (site_dir / SITE_RECORD).is_file():
        return PriorRecords(None, None)
    shown, findings = read_record(site_dir / SITE_RECORD)
    compared = None
    if (site_dir / PREVIOUS_RECORD).is_file():
        compared, more = read_record(site_dir / PREVIOUS_RECORD)
        findings += more
    return PriorRecords(shown, compared, False, tuple(findings))


def previous_of(prior: PriorRecords, edition: str) -> Snapshot | None:
    """The previous edition's record: the site's own when it shows another edition; when it shows
    this one (a rebuild), the record it was compared with; the named one always."""
    if prior.given:
        return prior.shown
    if not edition:
        return None
    for record in (prior.shown, prior.compared):
        if record is not None and record.edition != edition:
            return record
    return None


# ---------------------------------------------------------------------------------------------
# Comparing two editions


def compare(previous: Snapshot, current: Snapshot) -> EditionChanges:
    """What differs between two editions, claim by claim and source by source."""
    old, new = previous.claims, current.claims
    changed = tuple(ClaimChange(cid, old[cid], c, aspects) for cid, c in new.items()
                    if cid in old and (aspects := _claim_aspects(old[cid], c)))
    grades = [GradeChange("claim", cid, grade, _shown(getattr(old[cid], grade)), _shown(getattr(c, grade)))
              for cid, c in new.items() if cid in old for grade in ("credibility", "confidence")
              if getattr(old[cid], grade) != getattr(c, grade)]
    was, now = previous.sources, current.sources
    grades += [GradeChange("source", sid, "reliability", _shown(was[sid].reliability), _shown(s.reliability))
               for sid, s in now.items() if sid in was and was[sid].reliability != s.reliability]
    return EditionChanges(
        previous=previous.edition or "previous", previous_date=previous.date,
        added=tuple(cid for cid in new if cid not in old), changed=changed,
        withdrawn=tuple((cid, c) for cid, c in old.items() if cid not in new), grades=tuple(grades),
        new_sources=tuple(sid for sid in now if sid not in was),
        removed_sources=tuple((sid, s) for sid, s in was.items() if sid not in now),
        changed_sources=tuple(sid for sid, s in now.items() if sid in was and was[sid].text_hash != s.text_hash),
        retracted_sources=tuple(sid for sid, s in now.items() if s.retracted and not (sid in was and was[sid].retracted)))


def _claim_aspects(old: ClaimState, new: ClaimState) -> tuple[str, ...]:
    aspects = []
    if old.statement != new.statement:
        aspects.append("statement")
    if old.sources != new.sources:
        aspects.append("sources")
    elif old.passages != new.passages:
        aspects.append("passages")
    return tuple(aspects + [g for g in ("credibility", "confidence") if getattr(old, g) != getattr(new, g)])


def _shown(grade: object) -> str:
    return str(grade) if grade else "—"


def change_lines(changes: EditionChanges, current: Snapshot) -> tuple[str, ...]:
    """One plain line per change, for the feed and the history."""
    lines = [f"New claim: {current.claims[cid].statement}" for cid in changes.added]
    lines += [f"Changed claim ({', '.join(c.aspects)}): {c.new.statement}" for c in changes.changed]
    lines += [f"Withdrawn claim: {state.statement}" for _cid, state in changes.withdrawn]
    lines += [f"{g.grade.capitalize()} of {g.kind} {g.id}: {g.old} → {g.new}" for g in changes.grades]
    lines += [f"New source: {current.sources[sid].title}" for sid in changes.new_sources]
    lines += [f"Source removed: {state.title}" for _sid, state in changes.removed_sources]
    lines += [f"Source text changed: {current.sources[sid].title}" for sid in changes.changed_sources]
    lines += [f"Source retracted: {current.sources[sid].title}" for sid in changes.retracted_sources]
    return tuple(lines)


def with_history(current: Snapshot, previous: Snapshot | None, changes: EditionChanges | None) -> Snapshot:
    """``current`` with the history of editions up to it: the previous one's, and its own entry."""
    earlier = previous.history if previous is not None else ()
    if previous is not None and not earlier:  # a record without history: its edition is the first known
        earlier = (EditionEntry(previous.edition, previous.date, ()),)
    earlier = tuple(e for e in earlier if e.edition != current.edition)
    entry = EditionEntry(current.edition, current.date, change_lines(changes, current) if changes else ())
    return Snapshot(current.edition, current.date, current.claims, current.sources, earlier + (entry,))


@dataclass(frozen=True, slots=True)
class Edition:
    """This edition as a build publishes it: its record, and what changed since the previous one."""

    record: Snapshot
    """This edition's record, with the history of editions up to it."""
    previous: Snapshot | None
    """The previous edition's record, when there is one to compare with."""
    changes: EditionChanges | None
    """What changed since it."""


def this_edition(briefing: Briefing, prior: PriorRecords) -> Edition:
    """This edition's record and its changes since the previous edition found in ``prior``."""
    current = snapshot_of(briefing)
    previous = previous_of(prior, current.edition)
    changes = compare(previous, current) if previous is not None else None
    return Edition(with_history(current, previous, changes), previous, changes)


def edition_day(entry: EditionEntry, fallback: dt.date) -> dt.datetime:
    """The moment the feed gives an edition: its as-of date (midnight UTC), else ``fallback``'s."""
    try:
        day = dt.date.fromisoformat(entry.date) if entry.date else fallback
    except ValueError:
        day = fallback
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.timezone.utc)


def write_edition_files(site_dir: Path, briefing: Briefing, edition: Edition, site_url: str) -> None:
    """This edition's record (``briefing.json``), the record it was compared with, and the feed."""
    from .feed import atom_feed

    (site_dir / SITE_RECORD).write_text(dump_record(edition.record), encoding="utf-8")
    if edition.previous is not None:
        (site_dir / PREVIOUS_RECORD).write_text(dump_record(edition.previous), encoding="utf-8")
    if briefing.meta.edition or edition.previous is not None:
        (site_dir / FEED).write_bytes(atom_feed(briefing.meta, edition.record, site_url))

