"""The sample briefing in content/: every citation resolves, to the sentences a reader would point at.

The expected sentences below are copied by hand from content/articles/*.md, not computed: if
segmentation or resolution drifts, these tests say where.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from briefgen.build import CheckedBriefing, load_briefing
from briefgen.cli import main
from briefgen.model import Briefing, CitationRef, Claim, DatedEvent, FactSheet, Passage, Quote
from briefgen.resolve import iter_citations, normalise

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def sample() -> CheckedBriefing:
    return load_briefing(ROOT)


def sentence_of(checked: CheckedBriefing, passage: Passage) -> str:
    """The text of the sentence a passage anchors (its first sentence)."""
    article = checked.briefing.articles.get(passage.source)
    assert article is not None
    paragraph = next(p for p in article.paragraphs if p.id == passage.paragraph)
    return next(s.text for s in paragraph.sentences if s.id == passage.anchor)


def resolved(checked: CheckedBriefing, ref: CitationRef) -> Passage:
    passage = checked.briefing.passages.get(ref)
    assert passage is not None, f"{ref.location}: citation of {ref.source!r} did not resolve"
    return passage


def test_the_sample_has_no_error_and_no_warning(sample: CheckedBriefing) -> None:
    assert [str(f) for f in sample.findings] == []


def citations_of(briefing: Briefing) -> list[CitationRef]:
    """Every citation written in the briefing's fact sheet."""
    sheet = FactSheet(briefing.meta, tuple(briefing.actors), tuple(briefing.venues), tuple(briefing.dates),
                      tuple(briefing.quotes), tuple(briefing.claims))
    return [ref for _kind, _owner, ref in iter_citations(sheet)]


def test_every_citation_of_the_sample_resolves(sample: CheckedBriefing) -> None:
    refs = citations_of(sample.briefing)
    assert len(refs) >= 100
    assert [str(ref.location) for ref in refs if ref not in sample.briefing.passages] == []


def test_every_resolved_passage_holds_the_cited_words(sample: CheckedBriefing) -> None:
    for ref in citations_of(sample.briefing):
        if ref.text:
            assert normalise(sample.briefing.passages[ref].text) == normalise(ref.text), str(ref.location)


# (kind, id, which citation, source, sentence anchor, the sentence, copied by hand)
SPOT_CHECKS = [
    ("claim", "kim-expected-in-russia", 0, "ap-independent", "p4-s1",
     "A U.S. official said Monday that Washington expects Kim to make a trip to Russia within this month to meet "
     "Putin as the Kremlin tries to acquire military equipment for use in its war in Ukraine."),
    ("claim", "putin-wants-shells-and-antitank-missiles", 0, "report-original", "p7-s1",
     "Putin wants North Korea to supply Russia with artillery shells and antitank missiles."),
    ("claim", "kim-wants-food-aid", 0, "report-original", "p7-s3",
     "Additionally, Kim wants food aid for his starving nation."),
    ("claim", "nis-surprise-route", 0, "ap-wire-copy", "p8-s1",
     "South Korean intelligence officials believe Russia and North Korea may arrange a “surprise” route for Kim's "
     "visit to avoid potential venues reported by the media, according to lawmaker Yoo Sang-bum, who attended a "
     "closed-door briefing with officials from Seoul's National Intelligence Service."),
    ("claim", "rewrite-trip-confirmed", 0, "ap-rewrite", "p4-s1",
     "A source at the Biden administration has confirmed that North Korea's Kim will make the trip to Russia in "
     "September to hold talks about arms supply."),
    ("claim", "yoon-russia-not-named", 0, "ap-independent", "p10-s2",
     "The office did not elaborate whether Yoon specifically called out Russia while expressing those concerns."),
    ("claim", "paraphrase-antitank-and-artillery-missiles", 0, "report-paraphrase", "p7-s1",
     "Putin wants North Korea’s antitank and artillery missiles."),
    ("quote", "nsc-urge-dprk", 0, "report-original", "p11-s1",
     "“We urge the D.P.R.K. to cease its arms negotiations with Russia and abide by the public commitments that "
     "Pyongyang has made to not provide or sell arms to Russia,” an NSC spokeswoman told the Times."),
    ("quote", "sullivan-killing-ukrainians", 0, "report-original", "p9-s2",
     "“We will continue to call on North Korea to abide by its public commitments not to supply weapons to Russia "
     "that will end up killing Ukrainians.”"),
    ("quote", "sullivan-pay-price", 0, "report-original", "p9-s1",
     "“[This] is not going to reflect well on North Korea and they will pay a price for this in the international "
     "community,” Sullivan said."),
    ("date", "founding-anniversary", 0, "ap-independent", "p1-s1",
     "A Chinese delegation led by Vice-Premier Liu Guozhong will visit North Korea to participate in celebrations "
     "for its 75th founding anniversary, which is on Saturday, the North’s state media said Thursday."),
    ("date", "economic-forum-dates", 3, "report-original", "p6-s2",
     "The forum, which encourages international investment in Russia’s Far East, is scheduled to run Sept. 10-13."),
    ("date", "economic-forum-dates", 2, "ap-rewrite", "p4-s3",
     "Russia's President Putin is expected to attend an annual economic forum that is scheduled for September 10-13."),
]


@pytest.mark.parametrize(("kind", "ident", "which", "source", "anchor", "sentence"), SPOT_CHECKS,
                         ids=[f"{c[0]}-{c[1]}-{c[2]}" for c in SPOT_CHECKS])
def test_a_sample_citation_resolves_to_the_sentence_a_reader_would_point_at(
        sample: CheckedBriefing, kind: str, ident: str, which: int, source: str, anchor: str, sentence: str) -> None:
    things: dict[str, Claim | Quote | DatedEvent] = {
        "claim": sample.briefing.claims.items, "quote": sample.briefing.quotes.items, "date": sample.briefing.dates.items,
    }[kind]  # type: ignore[assignment]
    ref = things[ident].cite[which]
    passage = resolved(sample, ref)
    assert (passage.source, passage.paragraph, passage.anchor) == (source, anchor.split("-")[0], anchor)
    assert sentence_of(sample, passage) == sentence


def test_a_quote_variant_resolves_to_the_sentence_before_the_back_to_back_quote(sample: CheckedBriefing) -> None:
    quote = sample.briefing.quotes.get("sullivan-pay-price")
    assert quote is not None
    passage = resolved(sample, quote.variants[0].cite[0])
    assert (passage.source, passage.anchor) == ("report-paraphrase", "p9-s1")
    assert sentence_of(sample, passage) == (
        "Sullivan stated that “this is not going reflect well on North Korea, and they will have to pay a heavy price "
        "in the international community.”")


def test_an_actor_role_citation_resolves_to_its_sentence(sample: CheckedBriefing) -> None:
    actor = sample.briefing.actors.get("us-official")
    assert actor is not None and actor.role is not None
    passage = resolved(sample, actor.role.cite[1])
    assert (passage.source, passage.anchor, passage.text) == ("ap-wire-copy", "p6-s1", "A US official said Monday")
    assert sentence_of(sample, passage) == (
        "A US official said Monday that Washington expects Kim to make a trip to Russia within this month to meet "
        "Putin as the Kremlin tries to acquire military equipment for its war in Ukraine.")


def test_dated_events_of_the_sample_carry_their_days(sample: CheckedBriefing) -> None:
    anniversary = sample.briefing.dates.get("founding-anniversary")
    forum = sample.briefing.dates.get("economic-forum-dates")
    assert anniversary is not None and forum is not None
    assert (anniversary.start, anniversary.end, anniversary.as_written) == (dt.date(2023, 9, 9), dt.date(2023, 9, 9),
                                                                            "on Saturday")
    assert (forum.start, forum.end, forum.is_range) == (dt.date(2023, 9, 10), dt.date(2023, 9, 13), True)


def test_sample_paragraphs_know_their_lines_and_headings(sample: CheckedBriefing) -> None:
    rewrite = sample.briefing.articles.get("ap-rewrite")
    assert rewrite is not None
    assert [(p.id, p.kind) for p in rewrite.paragraphs] == [
        ("p1", "paragraph"), ("p2", "paragraph"), ("p3", "heading"), ("p4", "paragraph"), ("p5", "paragraph")]
    assert rewrite.paragraphs[2].text == "North Korea's Kim to make the trip to Russia?"


def test_each_sample_paragraph_location_is_the_line_where_its_text_starts(sample: CheckedBriefing) -> None:
    for article in sample.briefing.articles:
        lines = (ROOT / article.location.path).read_text(encoding="utf-8").split("\n")
        for paragraph in article.paragraphs:
            line = lines[paragraph.location.line - 1]
            assert line.lstrip("# ").startswith(paragraph.text[:40]), f"{paragraph.location}: {line[:60]!r}"


def test_the_sample_is_a_full_briefing(sample: CheckedBriefing) -> None:
    b = sample.briefing
    assert len(b.articles) == 5
    assert len(b.actors) >= 12 and {"us-official", "nsc-spokeswoman"} <= set(b.actors.items)
    assert len(b.venues) >= 6
    assert len(b.dates) >= 8
    assert len(b.claims) >= 30
    assert len(b.quotes) >= 3
    assert b.narrative is not None


def test_briefgen_check_passes_on_the_sample_with_its_summary_line() -> None:
    result = CliRunner().invoke(main, ["check", "-p", str(ROOT)])
    assert result.exit_code == 0, result.output
    match = re.search(r"^briefgen check: 5 sources, (\d+) actors, (\d+) venues, (\d+) dates, (\d+) quotes, (\d+) claims; "
                      r"(\d+) of (\d+) citations resolved; 0 errors, 0 warnings", result.output, re.M)
    assert match is not None, result.output
    assert match.group(6) == match.group(7)
    assert int(match.group(1)) >= 12 and int(match.group(5)) >= 30
