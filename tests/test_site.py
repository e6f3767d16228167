"""The built site, end to end: `briefgen build` on the sample (and on small variants of it), then every
page parsed with a real HTML5 parser (html5lib).

Expected values come from the input files (content/facts.yaml read with yaml.safe_load, the articles'
front matter, mkdocs.yml) or are written here by hand; nothing is taken from briefgen's own code.
"""

from __future__ import annotations

import collections
import copy
import functools
import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from bs4 import BeautifulSoup, Tag

from site_helpers import (REPO, BuiltSite, briefgen, build_copy, copy_project,
                          broken_links, is_external, normalise, resolve_link, site_bytes, write_files)

pytest_plugins = ["site_helpers"]

ALLOWED_EXTERNAL: set[str] = set()
"""External links the sample may contain: none (the theme makes no outside request)."""


# ---------------------------------------------------------------------------------------------
# Small readers of the input and of parsed pages


@functools.cache
def front_matter(project: Path, source_id: str) -> dict[str, Any]:
    """An article's YAML front matter, read independently of briefgen's loader."""
    text = (project / "content" / "articles" / f"{source_id}.md").read_text(encoding="utf-8")
    return yaml.safe_load(text.split("---\n")[1])


def visible_text(element: Tag) -> str:
    """An element's text without the citation markers and popovers inside it, normalised."""
    clone = copy.copy(element)
    for cites in clone.select(".cites, .cite"):
        cites.decompose()
    return normalise(clone.get_text())


def popover_of(built: BuiltSite, rel: str, marker: Tag) -> Tag | None:
    """The tooltip a marker's ``aria-describedby`` names, when it exists on its page."""
    target = built.ids(rel).get(str(marker.get("aria-describedby", "")))
    return target if target is not None and target.get("role") == "tooltip" else None


def is_print_edition(soup: BeautifulSoup) -> bool:
    """The print edition gives each marker a footnote instead of a popover."""
    return "kind-print" in (soup.body.get("class") or [])


def links_of(built: BuiltSite, rel: str, within: Tag | None = None) -> set[tuple[str, str]]:
    """(file, fragment) of every internal link of a page (or of one element of it)."""
    root = within if within is not None else built.page(rel)
    return {(t.file, t.fragment) for t in (resolve_link(rel, a["href"], built.prefix)
                                           for a in root.find_all("a", href=True) if not is_external(a["href"]))}


def cites_in(node: Any) -> list[Any]:
    """Every citation written anywhere inside a fact-sheet item (its ``cite:`` lists, at any depth)."""
    if isinstance(node, dict):
        return [c for k, v in node.items() for c in (v if k == "cite" else cites_in(v))]
    if isinstance(node, list):
        return [c for item in node for c in cites_in(item)]
    return []


def claims_mentioning(facts: dict[str, Any], entity_kind: str, entity_id: str) -> set[str]:
    return {c["id"] for c in facts["claims"] if entity_id in c.get(entity_kind, [])}


# ---------------------------------------------------------------------------------------------
# 1. Every claim is cited, every marker has its popover


def test_the_claims_page_lists_every_claim_of_the_fact_sheet(sample: BuiltSite) -> None:
    page = sample.page("claims/index.html")
    shown = [li.get("id") for li in page.select("li.claim")]
    assert shown == [c["id"] for c in sample.facts["claims"]]


def test_every_claim_on_every_page_has_a_citation_marker(sample: BuiltSite) -> None:
    uncited, seen = [], 0
    for rel, soup in sample.pages():
        for li in soup.select("li.claim"):
            seen += 1
            if not li.select("a.cite-marker"):
                uncited.append(f"{rel}: {visible_text(li)[:80]}")
    assert seen >= 2 * len(sample.facts["claims"])  # the claims page and the print edition, at least
    assert uncited == []


def test_every_citation_marker_has_a_popover_on_its_page(sample: BuiltSite) -> None:
    problems, checked = [], 0
    for rel, soup in sample.pages():
        if is_print_edition(soup):
            continue
        for marker in soup.select(".cite-marker"):
            checked += 1
            popover = popover_of(sample, rel, marker)
            if popover is None:
                problems.append(f"{rel}: {marker} has no role=tooltip element named by aria-describedby")
            elif not normalise(popover.get_text()):
                problems.append(f"{rel}: the popover of {marker} is empty")
    assert checked > 250  # the sample writes 250 citations; entity pages repeat many of them
    assert problems == []


def test_the_print_edition_gives_every_marker_a_note(sample: BuiltSite) -> None:
    markers = sample.page("print/index.html").select("a.cite-marker")
    assert markers
    ids = sample.ids("print/index.html")
    missing = [m["href"] for m in markers if not m["href"].startswith("#") or m["href"][1:] not in ids]
    assert missing == []


def test_no_page_repeats_an_id(sample: BuiltSite) -> None:
    repeated = []
    for rel, soup in sample.pages():
        counts = collections.Counter(str(el["id"]) for el in soup.find_all(id=True))
        repeated += [f"{rel}: #{i} ({n} times)" for i, n in sorted(counts.items()) if n > 1]
    assert repeated == []


# ---------------------------------------------------------------------------------------------
# 2. Every link resolves; every marker leads to the passage it quotes


def test_every_internal_link_and_anchor_resolves(sample: BuiltSite, capsys: pytest.CaptureFixture[str]) -> None:
    broken, external, checked = broken_links(sample)
    with capsys.disabled():
        print(f"\nexternal links in the sample site: {sorted(external) or 'none'}")
    assert checked > 1000
    assert broken == []
    assert external <= ALLOWED_EXTERNAL


def _target_of(sample: BuiltSite, rel: str, marker: Tag) -> tuple[str, BeautifulSoup, Tag | None]:
    target = resolve_link(rel, marker["href"], sample.prefix)
    return target.file, sample.page(target.file), sample.ids(target.file).get(target.fragment)


def _passage_problem(target: Tag, quoted: str) -> str | None:
    """Why the element a source marker leads to does not hold the words its popover quotes."""
    if "sentence" in (target.get("class") or []):
        # A passage may run on into the next sentences of its paragraph; it must start in this one.
        following = [target] + [s for s in target.find_next_siblings("span") if "sentence" in (s.get("class") or [])]
        tail = normalise(" ".join(s.get_text() for s in following))
        at = tail.find(quoted)
        return None if 0 <= at < len(normalise(target.get_text())) else "the sentence does not hold it"
    if re.fullmatch(r"p\d+", target.get("id", "")):
        return None if quoted in normalise(target.get_text()) else "the paragraph does not hold it"
    return f"it leads to <{target.name} id={target.get('id')}>, not to a sentence or paragraph"


def test_every_source_marker_leads_to_the_passage_it_quotes(sample: BuiltSite) -> None:
    problems, checked = [], 0
    for rel, soup in sample.pages():
        if is_print_edition(soup):
            continue
        for marker in soup.select("a.cite-marker"):
            file, target_soup, target = _target_of(sample, rel, marker)
            if not re.fullmatch(r"sources/[a-z0-9-]+/index\.html", file):
                continue
            popover = popover_of(sample, rel, marker)
            assert popover is not None, f"{rel}: {marker}"
            source_id = file.split("/")[1]
            outlet = str(front_matter(sample.project, source_id)["outlet"])
            named = source_id if outlet.lower() == "unknown" else outlet  # docs/format.md: "unknown" when not known
            if not normalise(popover.select_one(".cite-src").get_text()).startswith(normalise(named)):
                problems.append(f"{rel}: {marker} names {popover.select_one('.cite-src').get_text()!r}, "
                                f"not {named!r} (outlet {outlet!r} of {source_id})")
            quoted = normalise(popover.select_one(".cite-text").get_text())
            if target is None:  # a narrative citation of a whole source shows its title
                if quoted != normalise(target_soup.h1.get_text()):
                    problems.append(f"{rel}: {marker} shows {quoted!r}, the source is titled {target_soup.h1!r}")
                continue
            checked += 1
            problem = _passage_problem(target, quoted)
            if problem:
                problems.append(f"{rel}: {marker['href']} quotes {quoted!r}, but {problem}: "
                                f"{normalise(target.get_text())[:120]!r}")
    assert checked > 250
    assert problems == []


def test_markers_to_claims_quotes_and_dates_lead_to_what_their_popover_shows(sample: BuiltSite) -> None:
    problems, checked = [], 0
    for rel, soup in sample.pages():
        if is_print_edition(soup):
            continue
        for marker in soup.select("a.cite-marker"):
            file, _, target = _target_of(sample, rel, marker)
            if file not in ("claims/index.html", "quotes/index.html", "timeline/index.html"):
                continue
            checked += 1
            shown = normalise(popover_of(sample, rel, marker).select_one(".cite-text").get_text())
            if target is None or shown not in visible_text(target):
                problems.append(f"{rel}: {marker['href']} shows {shown!r}, which its target does not hold")
    assert checked >= 20  # the narrative cites claims, quotes and dates of the sample
    assert problems == []


def test_claim_popovers_quote_the_words_the_fact_sheet_cites(sample: BuiltSite) -> None:
    """Independent of the site's own links: what facts.yaml says each claim cites is what its markers
    quote, and each such marker leads to that source."""
    page = sample.page("claims/index.html")
    missing = []
    for claim in sample.facts["claims"]:
        li = page.find("li", id=claim["id"])
        shown = {(resolve_link("claims/index.html", m["href"], sample.prefix).file,
                  normalise(popover_of(sample, "claims/index.html", m).select_one(".cite-text").get_text()))
                 for m in li.select("a.cite-marker")}
        for cite in cites_in(claim):
            if isinstance(cite, dict) and "text" in cite:
                expected = (f"sources/{cite['source']}/index.html", normalise(cite["text"]))
                if not any(file == expected[0] and expected[1] in text for file, text in shown):
                    missing.append(f"{claim['id']}: {expected}")
    assert missing == []


# ---------------------------------------------------------------------------------------------
# 3. Actors and venues link to the claims that mention them, and back


@pytest.mark.parametrize("kind, at_least", [("actors", 40), ("venues", 15)])
def test_every_entity_page_links_to_the_claims_that_mention_it(sample: BuiltSite, kind: str, at_least: int) -> None:
    missing, extra, checked = [], [], 0
    for entity in sample.facts[kind]:
        rel = f"{kind}/{entity['id']}/index.html"
        expected = claims_mentioning(sample.facts, kind, entity["id"])
        linked = {frag for file, frag in links_of(sample, rel) if file == "claims/index.html"}
        missing += [f"{rel} → claims/#{c}" for c in sorted(expected - linked)]
        section = sample.page(rel).find(id="claims")
        listed = {frag for file, frag in links_of(sample, rel, section.parent) if file == "claims/index.html"}
        extra += [f"{rel} lists claim {c}, which does not mention it" for c in sorted(listed - expected)]
        checked += len(expected)
    assert checked >= at_least  # mentions in the sample, counted by hand at a floor
    assert missing == []
    assert extra == []


@pytest.mark.parametrize("kind, at_least", [("actors", 40), ("venues", 15)])
def test_every_claim_links_to_its_actors_and_venues(sample: BuiltSite, kind: str, at_least: int) -> None:
    missing, checked = [], 0
    page = sample.page("claims/index.html")
    for claim in sample.facts["claims"]:
        linked = {file for file, _ in links_of(sample, "claims/index.html", page.find("li", id=claim["id"]))}
        for entity_id in claim.get(kind, []):
            checked += 1
            if f"{kind}/{entity_id}/index.html" not in linked:
                missing.append(f"claim {claim['id']} → {kind}/{entity_id}/")
    assert checked >= at_least
    assert missing == []


# ---------------------------------------------------------------------------------------------
# 4. A project's templates override briefgen's


PAGE_MARK = "override-mark-4b1e9"
PARTIAL_MARK = "partial-mark-77c2d"


def _with_mark(template: str, old: str, new: str) -> str:
    text = (REPO / "templates" / template).read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} is not in briefgen's {template} exactly once"
    return text.replace(old, new)


def test_a_projects_templates_override_briefgens(sample: BuiltSite, tmp_path: Path) -> None:
    project = copy_project(tmp_path, ("mkdocs.yml", "content"))  # its templates/ holds the overrides alone
    write_files(project, {
        "templates/pages/claims.html": _with_mark("pages/claims.html", "<h1>{{ title }}</h1>",
                                                  f'<h1>{{{{ title }}}}</h1>\n<p id="{PAGE_MARK}">{PAGE_MARK}</p>'),
        "templates/partials/claim.html": _with_mark("partials/claim.html", '<li class="claim',
                                                    f'<li data-mark="{PARTIAL_MARK}" class="claim'),
    })
    result = briefgen("build", cwd=project)
    assert result.returncode == 0, result.stderr
    claims = (project / "site/claims/index.html").read_text(encoding="utf-8")
    actor = (project / f"site/actors/{sample.facts['actors'][0]['id']}/index.html").read_text(encoding="utf-8")
    assert f'<p id="{PAGE_MARK}">{PAGE_MARK}</p>' in claims
    assert claims.count(f'data-mark="{PARTIAL_MARK}"') == len(sample.facts["claims"])
    assert f'data-mark="{PARTIAL_MARK}"' in actor  # the partial is used on every page that lists claims
    assert PAGE_MARK not in actor
    for rel in ("claims/index.html", f"actors/{sample.facts['actors'][0]['id']}/index.html"):
        assert PAGE_MARK not in (sample.site / rel).read_text(encoding="utf-8")
        assert PARTIAL_MARK not in (sample.site / rel).read_text(encoding="utf-8")


# ---------------------------------------------------------------------------------------------
# 5. Untrusted text comes out as text


SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"
HOSTILE_NAME = f"Smith </title>{IMG}{SCRIPT}"

HOSTILE_PROJECT = {
    "mkdocs.yml": """\
site_name: Escaping test
site_url: https://example.org/escaping/
docs_dir: content
theme:
  name: briefgen
plugins:
  - search
  - briefgen
""",
    "content/articles/wire.md": f"""\
---
title: Hostile {SCRIPT} headline
outlet: Test <b>Wire</b>
published: 2023-09-07
language: en
---
The page said {SCRIPT} in plain text. A reader saw {IMG} there.

Mr. Smith said the visit was planned.
""",
    "content/facts.yaml": f"""\
briefing:
  title: "Briefing </title>{SCRIPT}"
actors:
  - id: smith
    name: "{HOSTILE_NAME}"
    kind: person
    role:
      value: "Spokesman {IMG}"
      cite:
        - {{source: wire, text: "Mr. Smith said"}}
quotes:
  - id: hostile-quote
    speaker: smith
    text: "The page said {SCRIPT} in plain text."
    cite: [wire]
claims:
  - id: script-claim
    statement: "The page said {SCRIPT} and showed {IMG}."
    actors: [smith]
    cite:
      - {{source: wire, text: "The page said {SCRIPT} in plain text."}}
      - {{source: wire, text: "{IMG}"}}
""",
    "content/briefing.md": f"""\
## What the page said

The page said {SCRIPT} and {IMG} [@script-claim].
""",
}

THEME_SCRIPTS = {"js/briefgen.js", "search/main.js"}


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    project = write_files(tmp_path_factory.mktemp("hostile"), HOSTILE_PROJECT)
    built = BuiltSite(project, briefgen("build", cwd=project))
    assert built.result.returncode == 0, built.result.stdout + built.result.stderr
    return built


def test_untrusted_text_adds_no_script_and_no_element(hostile: BuiltSite) -> None:
    problems = []
    for rel, soup in hostile.pages():
        for script in soup.find_all("script"):
            if script.get("src"):
                if resolve_link(rel, script["src"], hostile.prefix).file not in THEME_SCRIPTS:
                    problems.append(f"{rel}: {script}")
            elif not re.fullmatch(r'var base_url = "[\w./-]*";', (script.string or "").strip()):
                problems.append(f"{rel}: {script}")
        problems += [f"{rel}: {el}" for el in soup.find_all(["img", "b", "iframe", "object", "embed"])]
    assert len(hostile.html_files()) >= 8
    assert problems == []


def test_untrusted_text_adds_no_event_handler(hostile: BuiltSite) -> None:
    handlers = []
    for rel, soup in hostile.pages():
        for element in soup.find_all(True):
            for name, value in element.attrs.items():
                theme_search_form = (element.name, name, value) == ("form", "onsubmit", "return false")
                if name.lower().startswith("on") and not theme_search_form:
                    handlers.append(f"{rel}: <{element.name} {name}={value!r}>")
    assert handlers == []


def test_untrusted_text_is_shown_as_text(hostile: BuiltSite) -> None:
    claims = hostile.page("claims/index.html")
    assert visible_text(claims.find("li", id="script-claim").select_one(".claim-statement")) == \
        f"The page said {SCRIPT} and showed {IMG}."
    actor = hostile.page("actors/smith/index.html")
    assert normalise(actor.h1.get_text()) == HOSTILE_NAME
    assert actor.title.get_text() == f"{HOSTILE_NAME} — Escaping test"
    source = hostile.page("sources/wire/index.html")
    assert normalise(source.find(id="p1-s1").get_text()) == f"The page said {SCRIPT} in plain text."
    assert normalise(source.find(id="p1-s2").get_text()) == f"A reader saw {IMG} there."
    assert f"Hostile {SCRIPT} headline" == normalise(source.h1.get_text())
    quotes = hostile.page("quotes/index.html")
    assert normalise(f"“The page said {SCRIPT} in plain text.”") in visible_text(quotes.find(id="hostile-quote"))
    home = hostile.page("index.html")
    assert f"The page said {SCRIPT} and {IMG}" in visible_text(home.select_one(".narrative"))


# ---------------------------------------------------------------------------------------------
# 6. Builds are reproducible


ANOTHER_DAY = {"SOURCE_DATE_EPOCH": "1000000000"}
"""What mkdocs takes as the build time instead of now (a day in 2001): the second build is on another day."""


def test_two_builds_of_the_same_input_are_byte_identical(sample: BuiltSite, tmp_path: Path) -> None:
    # Two fresh copies of the very same input files, in folders of different names, built one after the other.
    once = build_copy(tmp_path / "once", origin=sample.project)
    again = build_copy(tmp_path / "again", origin=sample.project, env=ANOTHER_DAY)
    assert once.result.returncode == 0, once.result.stderr
    assert again.result.returncode == 0, again.result.stderr
    first, second = site_bytes(once.site), site_bytes(again.site)
    assert sorted(first) == sorted(second)
    assert [name for name in first if first[name] != second[name]] == []
    assert len(first) > 50


# ---------------------------------------------------------------------------------------------
# 7. A failed build leaves the previous site as it was


def _break_first_claims_actor(facts_text: str, first_claim: dict[str, Any]) -> tuple[str, str]:
    """facts.yaml with the first actor of the first claim renamed to an unknown id, and where that stands."""
    lines = facts_text.splitlines(keepends=True)
    start = lines.index(f"  - id: {first_claim['id']}\n")
    number = next(i for i in range(start, len(lines)) if lines[i].startswith("    actors: ["))
    lines[number] = lines[number].replace(first_claim["actors"][0], "no-such-actor", 1)
    column = lines[number].index("no-such-actor") + 1
    return "".join(lines), f"content/facts.yaml:{number + 1}:{column}: error: unknown actor 'no-such-actor'"


@pytest.fixture
def built_once(tmp_path: Path) -> tuple[BuiltSite, dict[str, bytes]]:
    built = build_copy(tmp_path / "project")
    assert built.result.returncode == 0, built.result.stderr
    return built, site_bytes(built.site)


def _leftovers(project: Path) -> list[str]:
    return sorted(p.name for p in project.iterdir() if p.name.startswith(".site"))


def test_a_briefing_error_stops_the_build_and_leaves_site_as_it_was(
        built_once: tuple[BuiltSite, dict[str, bytes]]) -> None:
    built, before = built_once
    facts = built.project / "content" / "facts.yaml"
    broken, where = _break_first_claims_actor(facts.read_text(encoding="utf-8"), built.facts["claims"][0])
    facts.write_text(broken, encoding="utf-8")
    result = briefgen("build", cwd=built.project)
    assert result.returncode == 1
    assert where in result.stdout + result.stderr
    assert site_bytes(built.site) == before
    assert _leftovers(built.project) == []


def test_a_template_error_stops_the_build_and_leaves_site_as_it_was(
        built_once: tuple[BuiltSite, dict[str, bytes]]) -> None:
    built, before = built_once
    write_files(built.project, {"templates/pages/claims.html": "<h1>Claims</h1>{{ no_such_value }}\n"})
    result = briefgen("build", cwd=built.project)
    assert result.returncode == 1
    assert "no_such_value" in result.stdout + result.stderr
    assert site_bytes(built.site) == before
    assert _leftovers(built.project) == []


# ---------------------------------------------------------------------------------------------
# 8. What a build reports and writes besides the pages


def test_build_prints_a_summary_line(sample: BuiltSite) -> None:
    match = re.search(r"^briefgen build: (\d+) pages, (\d+) claims, (\d+) citations → site/ in (\d+\.\d\d) s$",
                      sample.result.stdout, re.MULTILINE)
    assert match, sample.result.stdout
    pages, claims, citations, _seconds = match.groups()
    facts = sample.facts
    sections = ["", "claims/", "actors/", "venues/", "timeline/", "quotes/", "sources/"]
    entity_pages = ([f"actors/{a['id']}/" for a in facts["actors"]] + [f"venues/{v['id']}/" for v in facts["venues"]]
                    + [f"sources/{p.stem}/" for p in (sample.project / "content/articles").glob("*.md")])
    assert all((sample.site / url / "index.html").is_file() for url in sections + entity_pages)
    assert int(pages) == len(list(sample.site.rglob("index.html"))) >= len(sections) + len(entity_pages)
    assert int(claims) == len(facts["claims"])
    assert int(citations) == len(cites_in(facts))
    assert int(claims) >= 40 and int(citations) >= 200  # the sample's size, at a floor


def test_the_site_has_nojekyll_and_a_404_page(sample: BuiltSite) -> None:
    assert (sample.site / ".nojekyll").is_file()
    page = sample.page("404.html")
    assert normalise(page.h1.get_text()) == "Page not found"
    # GitHub Pages serves 404.html at any depth, so its links are absolute, under the site's path.
    assert page.select_one('link[rel="stylesheet"]')["href"] == f"{sample.prefix}css/briefgen.css"


def test_the_search_index_holds_names_statements_and_quotes(sample: BuiltSite) -> None:
    index = json.loads((sample.site / "search" / "search_index.json").read_text(encoding="utf-8"))
    text = normalise(" ".join(doc["title"] + " " + doc["text"] for doc in index["docs"]))
    facts = sample.facts
    wanted = ([a["name"] for a in facts["actors"]] + [c["statement"] for c in facts["claims"]]
              + [q["text"] for q in facts["quotes"]])
    assert [w for w in wanted if normalise(w) not in text] == []


# ---------------------------------------------------------------------------------------------
# 9. `briefgen new` starts a project that builds


@pytest.mark.skipif(not (REPO / "briefgen" / "scaffold").is_dir(), reason="briefgen/scaffold/ is not written yet")
def test_a_new_project_builds_with_no_error(tmp_path: Path) -> None:
    created = briefgen("new", "my-briefing", cwd=tmp_path)
    assert created.returncode == 0, created.stderr
    project = tmp_path / "my-briefing"
    assert (project / "mkdocs.yml").is_file() and (project / "content" / "facts.yaml").is_file()
    built = briefgen("build", cwd=project)
    assert built.returncode == 0, built.stdout + built.stderr
    assert re.search(r"; 0 errors, 0 warnings$", built.stderr, re.MULTILINE), built.stderr
    facts = yaml.safe_load((project / "content" / "facts.yaml").read_text(encoding="utf-8"))
    claims = parse_claims_page(project / "site" / "claims" / "index.html")
    assert claims == [c["id"] for c in facts.get("claims") or []]


def parse_claims_page(path: Path) -> list[str]:
    return [li["id"] for li in BeautifulSoup(path.read_bytes(), "html5lib").select("li.claim")]
