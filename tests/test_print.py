"""The sample briefing on paper: the PDF that ``briefgen pdf`` writes with WeasyPrint, and the print
edition and a normal page printed by real Chromium.

Both PDFs are read back with pdftotext and checked against the sample's own input files: every
claim is there, every citation marker has a note naming the source that facts.yaml cites, page
references point where their targets stand, and nothing of the screen (navigation, search,
popovers) reaches the paper. The WeasyPrint PDF is built once per session (about 16 s), together
with a second build used to prove it is reproducible.
"""

from __future__ import annotations

import datetime as dt
import functools
import http.server
import re
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from pypdf import PdfReader

from print_helpers import (ROOT, SECTIONS, cited_texts, endnotes, expected_note, footnotes, heading_pages,
                           lines_of, load_facts, load_sources, marker_numbers, pdf_pages, squash)

FACTS = load_facts()
SOURCES = load_sources()
TITLE = FACTS["briefing"]["title"]
CLAIMS = FACTS["claims"]
ACTOR_NAMES = {a["id"]: a["name"] for a in FACTS["actors"]}
VENUE_NAMES = {v["id"]: v["name"] for v in FACTS["venues"]}

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]


def copy_project(destination: Path) -> Path:
    """The sample project (content, templates, mkdocs.yml) in a folder of its own."""
    destination.mkdir(parents=True)
    shutil.copytree(ROOT / "content", destination / "content")
    shutil.copytree(ROOT / "templates", destination / "templates", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy2(ROOT / "mkdocs.yml", destination / "mkdocs.yml")
    return destination


# ---------------------------------------------------------------------------------------------
# A. briefgen pdf (WeasyPrint)

needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils (pdftotext)")


@pytest.fixture(scope="session")
def weasy_pdfs(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """Two PDFs of the sample from two copies of the project, built at the same time."""
    pytest.importorskip("weasyprint")
    root = tmp_path_factory.mktemp("weasy")
    runs = []
    for name in ("one", "two"):
        project = copy_project(root / name)
        output = root / f"{name}.pdf"
        runs.append((output, subprocess.Popen(
            [sys.executable, "-m", "briefgen", "pdf", "-p", str(project), "-o", str(output)],
            cwd=project, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)))
    for output, run in runs:
        out, err = run.communicate(timeout=300)
        assert run.returncode == 0, f"briefgen pdf failed:\n{out}\n{err}"
        assert output.is_file()
    return runs[0][0], runs[1][0]


@pytest.fixture(scope="session")
def weasy_pdf(weasy_pdfs: tuple[Path, Path]) -> Path:
    return weasy_pdfs[0]


@pytest.fixture(scope="session")
def pages(weasy_pdf: Path) -> list[str]:
    return pdf_pages(weasy_pdf)


@pytest.fixture(scope="session")
def section_pages(pages: list[str]) -> dict[str, int]:
    """Where each section's heading stands: the first line under the running header of its page."""
    found = {}
    for number, page in enumerate(pages, start=1):
        body = [line for line in lines_of(page) if line != TITLE]
        if body and body[0] in SECTIONS and body[0] not in found:
            found[body[0]] = number
    assert list(found) == list(SECTIONS), f"section headings found: {found}"
    return found


def section(pages: list[str], section_pages: dict[str, int], name: str) -> list[tuple[int, str]]:
    """(page number, page text) of every page of one section."""
    start = section_pages[name]
    index = SECTIONS.index(name)
    end = section_pages[SECTIONS[index + 1]] if index + 1 < len(SECTIONS) else len(pages) + 1
    return [(n, pages[n - 1]) for n in range(start, end)]


@needs_poppler
def test_every_claim_statement_stands_in_the_claims_section(pages, section_pages):
    claims = "".join(squash(text) for _, text in section(pages, section_pages, "Claims"))
    missing = []
    for claim in CLAIMS:
        # Followed by its markers, or at least not by " (p. N)": a statement quoted in another claim's
        # "Contradicted by: … (p. N)" must not stand in for the claim itself.
        after = r"\[\d+\]" if claim.get("cite") else r"(?!\(p\.)"
        if not re.search(re.escape(squash(claim["statement"])) + after, claims):
            missing.append(claim["id"])
    assert missing == []


@needs_poppler
def test_every_marker_of_a_claim_has_a_footnote_on_its_page_naming_the_cited_source(pages, section_pages):
    claim_pages = [(n, squash(text), footnotes(text)) for n, text in section(pages, section_pages, "Claims")]
    checked = 0
    for claim in CLAIMS:
        for text, cites in cited_texts(claim):
            if not cites:
                continue
            places = [(n, notes, numbers) for n, flat, notes in claim_pages
                      for numbers in marker_numbers(re.escape(squash(text)), flat)]
            assert len(places) == 1, f"{claim['id']}: {text!r} followed by markers on {len(places)} places"
            number, notes, numbers = places[0]
            checked += _assert_notes_name_sources(claim["id"], numbers, cites, notes, f"footnote on page {number}")
    assert checked >= len(CLAIMS)


@needs_poppler
def test_table_of_contents_gives_the_page_of_each_section_heading(pages, section_pages):
    toc = dict(re.findall(r"^\d+\. (\w+) \.+ (\d+)$", pages[0], re.MULTILINE))
    assert {name: int(page) for name, page in toc.items()} == section_pages
    assert section_pages["Briefing"] == 2


def _entity_refs(claim_pages: list[tuple[int, str]], label: str, names: list[str]) -> list[list[int]]:
    """The page numbers printed after each name in "<label>: A (p. 3), B (p. 7)" lists, wherever the
    exact list of names stands."""
    pattern = squash(label + ":") + ",".join(re.escape(squash(name)) + r"\(p\.(\d+)\)" for name in names)
    return [[int(p) for p in m.groups()] for _, text in claim_pages for m in re.finditer(pattern, squash(text))]


@needs_poppler
@pytest.mark.parametrize("kind", ["actors", "venues"])
def test_claim_meta_cross_references_give_the_page_of_the_entity_heading(pages, section_pages, kind):
    names = ACTOR_NAMES if kind == "actors" else VENUE_NAMES
    label = "Actors" if kind == "actors" else "Venues"  # both the claim-meta label and the section
    entity_pages = section(pages, section_pages, label)
    headings = heading_pages([text for _, text in entity_pages], list(names.values()), first=entity_pages[0][0])
    assert sorted(headings) == sorted(names.values())
    claim_pages = section(pages, section_pages, "Claims")
    checked = 0
    for claim in CLAIMS:
        refs = [names[i] for i in claim.get(kind, ())]
        if not refs:
            continue
        found = _entity_refs(claim_pages, label, refs)
        assert found, f"{claim['id']}: no '{label}: {', '.join(refs)}' with page numbers in the Claims section"
        for numbers in found:
            assert dict(zip(refs, numbers)) == {name: headings[name] for name in refs}, claim["id"]
            checked += len(refs)
    assert checked > 0
    if kind == "actors":  # spelt out for one actor: every "Kim Jong Un (p. N)" of the Claims section
        claims_text = "".join(squash(text) for _, text in claim_pages)
        kim = {int(n) for n in re.findall(squash("Kim Jong Un") + r"\(p\.(\d+)\)", claims_text)}
        assert kim == {headings["Kim Jong Un"]}


@needs_poppler
def test_entry_cross_references_give_the_page_of_the_claim(pages, section_pages):
    claim_page = {}
    for number, text in section(pages, section_pages, "Claims"):
        for claim in CLAIMS:
            if re.search(re.escape(squash(claim["statement"])) + r"(?!\(p\.)", squash(text)):
                claim_page.setdefault(claim["id"], number)
    assert sorted(claim_page) == sorted(c["id"] for c in CLAIMS)
    entries = "".join(squash(text) for _, text in section(pages, section_pages, "Actors"))
    missing = []
    for claim in CLAIMS:
        if not claim.get("actors"):
            continue
        found = [int(p) for p in re.findall(re.escape(squash(claim["statement"])) + r"\(p\.(\d+)\)", entries)]
        if not found:  # every mention broken by a page end
            missing.append(claim["id"])
        assert set(found) <= {claim_page[claim["id"]]}, claim["id"]
    assert len(missing) <= len(CLAIMS) // 5, f"claims never found in the actors' claim lists: {missing}"


@needs_poppler
def test_title_page_running_header_and_page_numbers(pages, weasy_pdf):
    total = len(PdfReader(weasy_pdf).pages)
    assert len(pages) == total
    first = lines_of(pages[0])
    assert squash(TITLE) in squash(" ".join(first[:6]))
    assert first[0] != TITLE, "the title page has no running header"
    for number, page in enumerate(pages, start=1):
        lines = lines_of(page)
        if number > 1:
            assert lines[0] == TITLE, f"page {number} starts with {lines[0]!r}"
        assert lines[-1] == f"Page {number} of {total}"


@needs_poppler
def test_pdf_metadata_gives_the_title_and_the_briefing_date(weasy_pdf):
    meta = PdfReader(weasy_pdf).metadata
    assert meta.title == TITLE
    briefing_date = FACTS["briefing"]["date"]
    assert isinstance(briefing_date, dt.date)
    assert meta.creation_date.date() == briefing_date
    assert meta.modification_date.date() == briefing_date


@needs_poppler
def test_two_builds_give_the_same_bytes(weasy_pdfs):
    one, two = weasy_pdfs
    assert one.read_bytes() == two.read_bytes()


def test_missing_weasyprint_says_how_to_install_it(tmp_path):
    project = copy_project(tmp_path / "project")
    output = tmp_path / "b.pdf"
    code = ("import sys; sys.modules['weasyprint'] = None\n"
            "from briefgen.cli import main\n"
            f"main(['pdf', '-p', {str(project)!r}, '-o', {str(output)!r}])")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, cwd=tmp_path)
    assert run.returncode == 1
    assert "pip install 'briefgen[pdf]'" in run.stderr
    assert "Traceback" not in run.stderr + run.stdout
    assert not output.exists()


# ---------------------------------------------------------------------------------------------
# B. The site printed by Chromium

PRINT_SCRIPT = """
import sys
from playwright.sync_api import sync_playwright
base, out, args = sys.argv[1], sys.argv[2], sys.argv[3:]
with sync_playwright() as p:
    browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=args)
    page = browser.new_page()
    for path, name in (("print/", "print.pdf"), ("claims/", "claims.pdf")):
        page.goto(base + path, wait_until="load")
        page.pdf(path=f"{out}/{name}", format="A4", display_header_footer=False, print_background=True)
    browser.close()
"""


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def chromium_pdfs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The built site's print edition and claims page, printed by headless Chromium.

    Playwright runs in a child process, so that it never meets another test's Playwright."""
    pytest.importorskip("playwright")
    if not CHROMIUM.exists():
        pytest.skip("needs Debian's chromium at /usr/bin/chromium")
    root = tmp_path_factory.mktemp("browser")
    project = copy_project(root / "project")
    build = subprocess.run([sys.executable, "-m", "briefgen", "build"], cwd=project, capture_output=True,
                           text=True, timeout=300)
    assert build.returncode == 0, build.stderr
    handler = functools.partial(_QuietHandler, directory=str(project / "site"))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        base = f"http://127.0.0.1:{server.server_address[1]}/"
        run = subprocess.run([sys.executable, "-c", PRINT_SCRIPT, base, str(root), *CHROMIUM_ARGS],
                             capture_output=True, text=True, timeout=180)
        assert run.returncode == 0, run.stderr
    finally:
        server.shutdown()
        server.server_close()
    return {"print": root / "print.pdf", "claims": root / "claims.pdf"}


@pytest.fixture(scope="module")
def browser_pages(chromium_pdfs: dict[str, Path]) -> dict[str, list[str]]:
    return {name: pdf_pages(path) for name, path in chromium_pdfs.items()}


def _first_line_pages(pages: list[str]) -> dict[str, int]:
    """Sections of a browser print: each starts a page, its heading the page's first line."""
    found: dict[str, int] = {}
    for number, page in enumerate(pages, start=1):
        lines = lines_of(page)
        if lines and lines[0] in (*SECTIONS, "Notes"):
            found.setdefault(lines[0], number)
    return found


def _check_notes(body: str, notes: dict[int, str]) -> int:
    """Every claim's markers in ``body`` (squashed) have a note naming its cited source; returns how
    many were checked."""
    checked = 0
    for claim in CLAIMS:
        for text, cites in cited_texts(claim):
            if not cites:
                continue
            places = marker_numbers(re.escape(squash(text)), body)
            assert places, f"{claim['id']}: {text!r} is not followed by citation markers"
            for numbers in places:
                checked += _assert_notes_name_sources(claim["id"], numbers, cites, notes, "note")
    return checked


def _assert_notes_name_sources(claim_id: str, numbers: list[int], cites: list, notes: dict[int, str],
                               kind: str) -> int:
    """Each of a claim's markers has a note (footnote or endnote) that names the source, date and
    passage of the citation it stands for; returns how many markers were checked."""
    assert len(numbers) == len(cites), f"{claim_id}: markers {numbers} for {len(cites)} citations"
    for n, cite in zip(numbers, cites):
        assert n in notes, f"{claim_id}: marker [{n}] has no {kind}"
        assert squash(notes[n]).startswith(expected_note(cite, SOURCES)), (
            f"{claim_id}: {kind} [{n}] reads {notes[n]!r}; expected it to name "
            f"{SOURCES[cite.source].label}, {SOURCES[cite.source].date} and quote {cite.text!r}")
    return len(numbers)


@pytest.mark.browser
@needs_poppler
def test_browser_print_edition_has_every_claim_and_numbered_endnotes(browser_pages):
    pages = browser_pages["print"]
    starts = _first_line_pages(pages)
    assert list(starts) == [*SECTIONS, "Notes"], starts
    claims = "".join(squash(p) for p in pages[starts["Claims"] - 1:starts["Actors"] - 1])
    missing = [c["id"] for c in CLAIMS if squash(c["statement"]) not in claims]
    assert missing == []
    notes = endnotes(pages[starts["Notes"] - 1:])
    body = "".join(squash(p) for p in pages[:starts["Notes"] - 1])
    used = {int(n) for n in re.findall(r"\[(\d+)\]", body)}
    assert used and sorted(notes) == sorted(used) == list(range(1, max(used) + 1))
    assert _check_notes(claims, notes) >= len(CLAIMS)


@pytest.mark.browser
@needs_poppler
@pytest.mark.parametrize("name", ["print", "claims"])
def test_browser_print_leaves_out_the_screen_chrome(browser_pages, name):
    text = "\n".join(browser_pages[name])
    for chrome in ("Skip to content", "Search actors, claims, quotes", "Search the briefing",
                   "Built with briefgen", "Nothing found"):
        assert chrome not in text
    assert squash("Briefing Claims Actors Venues") not in squash(text), "the site's navigation was printed"


@pytest.mark.browser
@needs_poppler
@pytest.mark.parametrize("name", ["print", "claims"])
def test_browser_print_numbers_the_pages(browser_pages, name):
    pages = browser_pages[name]
    assert len(pages) > 1
    for number, page in enumerate(pages, start=1):
        assert lines_of(page)[-1] == f"{number} / {len(pages)}"


@pytest.mark.browser
@needs_poppler
def test_browser_printed_page_ends_with_its_notes_and_no_popover_text(browser_pages):
    pages = browser_pages["claims"]
    text = "\n".join(pages)
    lines = lines_of(text)
    assert lines[0] == "Claims"
    assert lines.count("Notes") == 1
    heading = text.index("\nNotes\n")
    body, notes_text = squash(text[:heading]), text[heading:]
    notes = endnotes([notes_text])
    used = {int(n) for n in re.findall(r"\[(\d+)\]", body)}
    assert used and sorted(notes) == sorted(used) == list(range(1, max(used) + 1))
    # A popover starts with "label, date"; on paper that is only in the notes.
    for source in SOURCES.values():
        assert squash(f"{source.label}, {source.date}") not in body, "popover text printed inline"
    # The notes come after the last claim.
    assert [c["id"] for c in CLAIMS if squash(c["statement"]) not in body] == []
    assert _check_notes(body, notes) >= len(CLAIMS)
