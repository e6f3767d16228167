"""Corroboration: how many *independent* sources support each claim.

Three outlets saying a thing are not three confirmations when two copy the third. Sources are
grouped by origin — a copy (``copy_of``), a derivative (``derived_from``) and every copy of the
same wire story (``syndicated_from``) fall into one group — and a claim's independent support is
the number of origin groups among the sources it cites. The grouping only follows provenance
the analyst recorded (or confirmed from ``briefgen sources``); it never guesses.
"""

from __future__ import annotations

from dataclasses import dataclass

from .cache import KeptWhileSame
from .model import Article, Briefing, Claim, Registry

GRADES = {
    "A": "completely reliable", "B": "usually reliable", "C": "fairly reliable",
    "D": "not usually reliable", "E": "unreliable", "F": "reliability cannot be judged",
}
"""NATO Admiralty source reliability."""

CREDIBILITY = {
    1: "confirmed by other sources", 2: "probably true", 3: "possibly true", 4: "doubtful",
    5: "improbable", 6: "truth cannot be judged",
}
"""NATO Admiralty information credibility."""

CONFIDENCE = ("low", "moderate", "high")
"""ICD 203 analytic confidence levels."""


@dataclass(frozen=True, slots=True)
class Origin:
    """A group of sources that tell one story: an original, its copies and its derivatives."""

    id: str
    """The group's first source id (sorted), stable across builds."""
    label: str
    """How to name the group: the wire service, or the original's source id."""
    members: tuple[str, ...]
    """Source ids, sorted."""


@dataclass(frozen=True, slots=True)
class Support:
    """What the sources say about one claim."""

    articles: tuple[str, ...]
    """Source ids the claim cites, sorted."""
    origins: tuple[str, ...]
    """Origin group ids among them, sorted: each counts once."""
    contradicting: tuple[str, ...]
    """Source ids cited by claims that contradict this one (and not by this one)."""

    @property
    def independent(self) -> int:
        """The number of independent sources."""
        return len(self.origins)

    @property
    def single_source(self) -> bool:
        """True when everything rests on one origin."""
        return self.independent <= 1


def origin_groups(articles: Registry[Article]) -> dict[str, Origin]:
    """Each source id's origin group, from the provenance recorded in front matter (the last
    answer is kept for the very same articles, so the checker and the renderer share it)."""
    return _LAST_GROUPS.get_or_make("last", articles, lambda: _origin_groups(articles))


_LAST_GROUPS: KeptWhileSame[str, Registry[Article], dict[str, Origin]] = KeptWhileSame()
"""The last answer of :func:`origin_groups`, kept for the very same articles."""
_LAST_SUPPORT: KeptWhileSame[str, tuple[Registry[Claim], dict[str, Origin]], dict[str, Support]] = KeptWhileSame()
"""The last answer of :func:`claim_support`, kept for the very same claims and groups."""


def _origin_groups(articles: Registry[Article]) -> dict[str, Origin]:
    parent: dict[str, str] = {}

    def find(node: str) -> str:
        parent.setdefault(node, node)
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    def join(a: str, b: str) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)

    for article in articles:
        find(article.id)
        meta = article.meta
        for ref in (meta.copy_of, meta.derived_from):
            if ref is not None and ref.id in articles.items:
                join(article.id, ref.id)
        if meta.syndicated_from:
            join(article.id, "wire:" + meta.syndicated_from.strip().lower())
    members: dict[str, list[str]] = {}
    for article in articles:
        members.setdefault(find(article.id), []).append(article.id)
    groups: dict[str, Origin] = {}
    for ids in members.values():
        ids.sort()
        origin = Origin(ids[0], _origin_label(ids, articles), tuple(ids))
        groups.update({i: origin for i in ids})
    return groups


def _origin_label(ids: list[str], articles: Registry[Article]) -> str:
    wires = sorted({articles.items[i].meta.syndicated_from for i in ids if articles.items[i].meta.syndicated_from})
    if wires:
        return " / ".join(wires) + " story"
    originals = [i for i in ids if articles.items[i].meta.copy_of is None and articles.items[i].meta.derived_from is None]
    return (originals or ids)[0]


def claim_support(briefing: Briefing, groups: dict[str, Origin]) -> dict[str, Support]:
    """The support of every claim, by claim id.

    The checker and the renderer both ask for it; the last answer is kept, for the very same
    claims and groups (compared by identity, so nothing stale is ever returned). After an edit
    (``briefgen serve``), the support of each claim that is the very same object as before is
    taken from the last answer, unless a contradiction links it to a changed claim.
    """
    owners = (briefing.claims, groups)
    same = _LAST_SUPPORT.get("last", owners)
    if same is not None:
        return same
    last = _LAST_SUPPORT.last("last")
    support = None
    if last is not None and (last[0][1] is groups or last[0][1] == groups):
        support = _updated_support(last[0][0], last[1], briefing.claims, groups)
    if support is None:
        support = _claim_support(briefing, groups)
    return _LAST_SUPPORT.put("last", owners, support)


def _updated_support(old: Registry[Claim], before: dict[str, Support], new: Registry[Claim],
                     groups: dict[str, Origin]) -> dict[str, Support] | None:
    """The support of ``new`` claims from that of ``old`` ones; None when contradictions touch a change."""
    changed = {c.id for c in new if old.items.get(c.id) is not c} | (old.items.keys() - new.items.keys())
    if len(changed) > len(new.items) // 10:
        return None
    contradicted = {ref.id for registry in (old, new) for c in registry for ref in c.contradicts}
    if any(i in contradicted or _contradicts(old, i) or _contradicts(new, i) for i in changed):
        return None
    return {c.id: _alone(c, groups) if c.id in changed else before[c.id] for c in new}


def _contradicts(claims: Registry[Claim], ident: str) -> bool:
    claim = claims.items.get(ident)
    return claim is not None and bool(claim.contradicts)


def _alone(claim: Claim, groups: dict[str, Origin]) -> Support:
    """The support of a claim no contradiction touches."""
    mine = sorted({r.source for r in claim.all_cites if r.source in groups})
    return Support(tuple(mine), tuple(sorted({groups[s].id for s in mine})), ())


def _claim_support(briefing: Briefing, groups: dict[str, Origin]) -> dict[str, Support]:
    cited = {c.id: sorted({r.source for r in c.all_cites if r.source in groups}) for c in briefing.claims}
    opponents: dict[str, set[str]] = {c.id: set() for c in briefing.claims}
    for claim in briefing.claims:
        for ref in claim.contradicts:
            if ref.id in opponents:
                opponents[claim.id].add(ref.id)
                opponents[ref.id].add(claim.id)
    support: dict[str, Support] = {}
    for claim in briefing.claims:
        mine = cited[claim.id]
        against = sorted({s for other in opponents[claim.id] for s in cited[other]} - set(mine))
        origins = sorted({groups[s].id for s in mine})
        support[claim.id] = Support(tuple(mine), tuple(origins), tuple(against))
    return support


def support_phrase(support: Support) -> str:
    """``2 independent sources, 4 articles``: how the claims page says it."""
    n, m = support.independent, len(support.articles)
    sources = "1 independent source" if n == 1 else f"{n} independent sources"
    return sources if n == m else f"{sources}, {m} article{'s' if m != 1 else ''}"


def side_support(claim: Claim, groups: dict[str, Origin]) -> list[tuple[int, int]]:
    """(independent sources, articles) for each side of a claim's dispute."""
    result = []
    for side in claim.dispute:
        sources = {r.source for r in side.cite if r.source in groups}
        result.append((len({groups[s].id for s in sources}), len(sources)))
    return result
