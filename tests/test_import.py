"""`briefgen import`: raw articles (plain text, saved web pages, Markdown) become valid article files.

The inputs are real files: the five raw seed articles of the sample briefing (copied into
``fixtures/import/seeds/``), two hand-written saved news pages and three small Markdown and text
files. Each test states one rule of the import and reads the written file back.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import yaml
from click.testing import CliRunner, Result

from briefgen.cli import main
from briefgen.load import split_front_matter
from briefgen.similarity import NEAR_DUPLICATE_WORDING, PARAPHRASE_SIMILARITY
from scores import scores_in

FIXTURES = Path(__file__).parent / "fixtures" / "import"
SEEDS = FIXTURES / "seeds"
INDEPENDENT = SEEDS / "000_d552f4a4170fe8c8.txt"  # The Independent's page of the AP story, with web boilerplate
WIRE_COPY = SEEDS / "001_ee271d618b2a93c0.txt"    # another copy of the AP story: no date, paragraphs repeated
REWRITE = SEEDS / "002_275d624dc0e59dc7.txt"      # a rewrite: date marker, no title, a subheading line
PARAPHRASE = SEEDS / "003_f8e2bbba568a91aa.txt"   # a headline, no date
ORIGINAL = SEEDS / "004_502af7fb77812a97.txt"     # date marker, no title

INDEPENDENT_ID = "china-sending-delegation-to-north-korea-to"


def run_import(*args: str | Path) -> Result:
    return CliRunner().invoke(main, ["import", *map(str, args)])


def read_article(path: Path) -> tuple[dict[str, Any], list[str], str]:
    """Front matter (parsed), body paragraphs and the whole text of a written article."""
    text = path.read_text("utf-8")
    front, body, _line = split_front_matter(text)
    assert front is not None, text
    return yaml.safe_load(front), [p for p in body.strip().split("\n\n")], text


# ---------------------------------------------------------------------------------------------
# Plain text


def test_a_saved_page_in_plain_text_loses_its_boilerplate_and_keeps_the_rest_word_for_word(tmp_path: Path) -> None:
    result = run_import(INDEPENDENT, "-o", tmp_path)
    assert result.exit_code == 0, result.output
    front, paragraphs, text = read_article(tmp_path / f"{INDEPENDENT_ID}.md")
    raw = INDEPENDENT.read_text("utf-8").split("\n\n")
    first = next(i for i, p in enumerate(raw) if p.startswith("A Chinese delegation led by"))
    assert paragraphs == raw[first:raw.index("___")]
    for boilerplate in ("Stay up to date with notifications", "Notifications can be managed",
                        "Your support helps us", "From reproductive rights", "Your support makes all the difference",
                        "___", "Find more of AP", "Thank you for registering", "Please refresh"):
        assert not any(boilerplate in p for p in paragraphs), boilerplate
    assert "\n___\n" not in text


def test_the_head_of_a_saved_page_goes_into_the_front_matter(tmp_path: Path) -> None:
    run_import(INDEPENDENT, "-o", tmp_path)
    front, paragraphs, _text = read_article(tmp_path / f"{INDEPENDENT_ID}.md")
    assert front["title"] == ("China sending delegation to North Korea to celebrate its founding as nations "
                              "foster their ties")
    assert front["author"] == "Kim Tong-Hyung"
    assert front["published"] == dt.date(2023, 9, 7)  # from the dateline "Thursday 07 September 2023 02:30 BST"
    assert "published_basis" not in front  # the date is printed
    assert not any(p.startswith(("North Korea says", "Kim Tong-Hyung", "Thursday 07", "North Korea China Russia"))
                   for p in paragraphs)
    assert any(e.startswith("removed the standfirst") and e.endswith("which repeats the lead") for e in front["edits"])
    assert 'removed the photo caption lines ("North Korea China Russia", "North Korea China Russia (KCNA via KNS)")' \
        in front["edits"]


def test_an_outlet_named_in_a_boilerplate_line_is_used_and_reported_as_such(tmp_path: Path) -> None:
    result = run_import(INDEPENDENT, "-o", tmp_path)
    front, _paragraphs, _text = read_article(tmp_path / f"{INDEPENDENT_ID}.md")
    assert front["outlet"] == "The Independent"
    assert ('outlet The Independent (named in the boilerplate line "Stay up to date with notifications from '
            'The Independent")') in result.output


def test_the_report_says_what_was_written_kept_and_removed(tmp_path: Path) -> None:
    result = run_import(INDEPENDENT, "-o", tmp_path)
    assert (f"{INDEPENDENT} → {tmp_path / INDEPENDENT_ID}.md: 10 paragraphs kept, 0 repeated paragraphs removed, "
            "11 boilerplate lines removed") in result.output
    assert "briefgen import: 1 written, 0 skipped" in result.output


def test_every_removal_is_recorded_in_edits(tmp_path: Path) -> None:
    run_import(INDEPENDENT, "-o", tmp_path)
    front, _paragraphs, _text = read_article(tmp_path / f"{INDEPENDENT_ID}.md")
    kinds = [re.match(r"removed the ([\w\" -]+?) \(", e).group(1) for e in front["edits"]  # type: ignore[union-attr]
             if re.match(r"removed the [\w\" -]+? \(", e)]
    assert kinds == ["standfirst", "photo caption lines", "notification prompts", "donation appeal", "rules",
                     '"more coverage" links', "login text"]
    assert ('removed the donation appeal ("Your support helps us to tell the story" and the 4 paragraphs after it, '
            'ending "Your support makes all the difference.")') in front["edits"]


def test_a_wire_tagline_is_suggested_as_syndication_in_a_comment(tmp_path: Path) -> None:
    run_import(INDEPENDENT, "-o", tmp_path)
    front, _paragraphs, text = read_article(tmp_path / f"{INDEPENDENT_ID}.md")
    assert "syndicated_from" not in front
    assert ('# suggested: syndicated_from: AP  # named in "Find more of AP\'s Asia-Pacific coverage at '
            'https://apnews.com/hub/asia-pacific"') in text


def test_a_leading_date_marker_gives_the_publication_date(tmp_path: Path) -> None:
    run_import(ORIGINAL, "-o", tmp_path, "--id", "report-original")
    front, paragraphs, _text = read_article(tmp_path / "report-original.md")
    assert front["published"] == dt.date(2023, 9, 7)
    assert front["published_basis"] == 'date marker "date 2023-09-07" at the head of the text'
    assert paragraphs[0] == "The People’s Republic of China is sending a delegation to North Korea this week."
    assert len(paragraphs) == 12


def test_paragraphs_repeated_verbatim_are_removed_counted_and_recorded(tmp_path: Path) -> None:
    result = run_import(WIRE_COPY, "-o", tmp_path, "--id", "ap-wire-copy", "--published", "2023-09-07")
    front, paragraphs, _text = read_article(tmp_path / "ap-wire-copy.md")
    lines = WIRE_COPY.read_text("utf-8").strip().split("\n")
    assert paragraphs == lines[:2] + lines[4:]  # lines 3 and 4 repeat lines 1 and 2
    assert "15 paragraphs kept, 2 repeated paragraphs removed" in result.output
    assert ("removed 2 paragraphs repeated verbatim (paragraph 3 repeated paragraph 1, paragraph 4 repeated "
            "paragraph 2)") in front["edits"]
    assert "each line of the text is taken as one paragraph" in front["edits"]


def test_hard_wrapped_lines_are_joined_into_paragraphs(tmp_path: Path) -> None:
    run_import(FIXTURES / "hard-wrapped.txt", "-o", tmp_path, "--published", "2024-01-01")
    front, paragraphs, _text = read_article(tmp_path / "ferry-service-to-the-islands-resumes-after-storm.md")
    assert front["title"] == "Ferry service to the islands resumes after storm"
    assert len(paragraphs) == 2
    assert paragraphs[0].startswith("The ferry company said") and "\n" not in paragraphs[0]
    assert "joined the lines of hard-wrapped paragraphs" in front["edits"]


def test_a_short_line_between_paragraphs_becomes_a_subheading(tmp_path: Path) -> None:
    run_import(REWRITE, "-o", tmp_path, "--id", "ap-rewrite")
    front, paragraphs, _text = read_article(tmp_path / "ap-rewrite.md")
    assert paragraphs[2] == "## North Korea's Kim to make the trip to Russia?"
    assert 'wrote the line "North Korea\'s Kim to make the trip to Russia?" as a subheading' in front["edits"]


# ---------------------------------------------------------------------------------------------
# What is not known is reported, not guessed


def test_a_text_without_a_date_is_skipped_with_the_field_to_fill(tmp_path: Path) -> None:
    result = run_import(PARAPHRASE, "-o", tmp_path)
    assert result.exit_code == 1
    assert f"{PARAPHRASE}: could not determine the publication date — add --published YYYY-MM-DD" in result.stderr
    assert not list(tmp_path.glob("*.md"))


def test_published_supplies_the_date_and_its_basis(tmp_path: Path) -> None:
    result = run_import(PARAPHRASE, "-o", tmp_path, "--published", "2023-09-07")
    assert result.exit_code == 0, result.output
    front, _paragraphs, _text = read_article(tmp_path / "china-sends-delegation-to-north-korea-as-russia.md")
    assert front["published"] == dt.date(2023, 9, 7)
    assert front["published_basis"] == "not printed in the text; supplied on import (--published)"
    assert front["title"] == "China Sends Delegation to North Korea as Russia Mulls Arms Deal"


def test_a_date_in_the_text_wins_over_published(tmp_path: Path) -> None:
    run_import(ORIGINAL, "-o", tmp_path, "--id", "report-original", "--published", "2020-01-01")
    front, _paragraphs, _text = read_article(tmp_path / "report-original.md")
    assert front["published"] == dt.date(2023, 9, 7)


def test_unknown_outlet_author_and_title_are_reported_and_not_guessed(tmp_path: Path) -> None:
    result = run_import(REWRITE, "-o", tmp_path, "--id", "ap-rewrite")
    front, _paragraphs, _text = read_article(tmp_path / "ap-rewrite.md")
    assert front["outlet"] == "unknown"
    assert "author" not in front
    assert front["title"] == "[Untitled: A Chinese delegation led by Vice-Premier Liu Guozhong …]"
    assert "supplied the title in square brackets; the text has none" in front["edits"]
    unknown = next(line for line in result.output.splitlines() if line.startswith("  unknown: "))
    assert unknown == ('  unknown: title — supplied "[Untitled: A Chinese delegation led by Vice-Premier Liu '
                       'Guozhong …]"; replace it with a descriptive title in square brackets; '
                       'outlet — wrote "outlet: unknown"; author')


def test_the_id_comes_from_the_title_cut_to_50_characters_at_a_word(tmp_path: Path) -> None:
    run_import(INDEPENDENT, "-o", tmp_path)
    assert [p.name for p in tmp_path.iterdir()] == [f"{INDEPENDENT_ID}.md"]
    assert len(INDEPENDENT_ID) <= 50


def test_id_names_one_article_only(tmp_path: Path) -> None:
    result = run_import(INDEPENDENT, ORIGINAL, "-o", tmp_path, "--id", "x")
    assert result.exit_code == 2
    assert "--id names one article: give one FILE with it" in result.output


# ---------------------------------------------------------------------------------------------
# Saved web pages (HTML): trafilatura extracts the main text and the metadata


HARBOUR_PARAGRAPHS = [
    "The port authority on Wednesday approved a plan to expand the harbour, ending a two-year review that drew "
    "objections from fishermen, residents and two environmental groups.",
    "The expansion will add six deep-water berths and a second container terminal on reclaimed land north of the "
    "existing quay, the authority's chair, Helen Brandt, told a public meeting in the town hall.",
    '"This is the largest investment in the port since it opened," Brandt said. "It secures work for the next '
    'generation, and it was not an easy decision."',
    "Construction is due to begin in the autumn and to last four years. The authority put the cost at £420 million, "
    "to be met by port revenues and a loan from the regional development bank.",
    "The Fishermen's Association said it would ask the courts to review the decision. Its secretary, Tom Reyes, said "
    "the dredging would destroy spawning grounds that local boats depend on.",
    "Environmental groups had asked the authority to delay its vote until a study of the estuary's seagrass beds is "
    "completed in the summer. The authority said the study's findings would shape the final design of the northern "
    "berths.",
    "The regional government must still approve the loan, which is expected in May.",
]


def test_a_saved_html_page_gives_its_main_text_and_nothing_else(tmp_path: Path) -> None:
    result = run_import(FIXTURES / "harbour-page.html", "-o", tmp_path)
    assert result.exit_code == 0, result.output
    _front, paragraphs, text = read_article(tmp_path / "port-authority-approves-harbour-expansion-after.md")
    assert paragraphs == HARBOUR_PARAGRAPHS
    for boilerplate in ("cookies", "Accept all", "Sport", "Sign in", "Share on", "Cranes at the container terminal",
                        "Get the morning briefing", "newsletter", "Support independent local journalism",
                        "funded by its readers", "Support us", "Related stories", "Fishermen protest",
                        "All rights reserved", "Privacy policy", "Transport Correspondent", "Topics:"):
        assert boilerplate not in "\n".join(paragraphs), boilerplate


def test_a_saved_html_page_gives_its_title_author_date_outlet_url_and_language(tmp_path: Path) -> None:
    result = run_import(FIXTURES / "harbour-page.html", "-o", tmp_path)
    front, _paragraphs, _text = read_article(tmp_path / "port-authority-approves-harbour-expansion-after.md")
    assert {k: front[k] for k in ("title", "outlet", "author", "published", "url", "language")} == {
        "title": "Port authority approves harbour expansion after two-year review",
        "outlet": "The Coastal Herald",
        "author": "Maria Okafor",
        "published": dt.date(2024, 3, 14),
        "url": "https://www.coastalherald.example/news/2024/03/14/harbour-expansion-approved",
        "language": "en-GB",
    }
    assert "unknown:" not in result.output
    assert ('removed the donation appeal ("Support independent local journalism", "The Coastal Herald is funded by '
            'its readers.') in "\n".join(front["edits"])


def test_a_page_without_a_site_name_is_written_with_outlet_unknown_and_says_so(tmp_path: Path) -> None:
    result = run_import(FIXTURES / "council-page.html", "-o", tmp_path)
    front, paragraphs, _text = read_article(tmp_path / "council-votes-to-close-elm-street-library-branch.md")
    assert front["outlet"] == "unknown"
    assert 'unknown: outlet — wrote "outlet: unknown"' in result.output
    assert front["author"] == "Daniel Weber"  # from the byline, the page has no metadata
    assert front["published"] == dt.date(2024, 5, 2)  # from <time datetime>
    assert [p.split()[0] for p in paragraphs] == ["The", "Council", "Opponents", "The"]
    assert not any(word in "\n".join(paragraphs) for word in ("newsletter", "Read more", "Share this", "Most read"))


# ---------------------------------------------------------------------------------------------
# Markdown


def test_markdown_front_matter_is_kept_and_keys_outside_the_format_dropped(tmp_path: Path) -> None:
    run_import(FIXTURES / "with-front-matter.md", "-o", tmp_path)
    front, paragraphs, _text = read_article(tmp_path / "rail-strike-called-off-after-overnight-talks.md")
    assert {k: front[k] for k in ("title", "outlet", "published", "url", "language")} == {
        "title": "Rail strike called off after overnight talks", "outlet": "Northern Times",
        "published": dt.date(2024, 2, 19), "url": "https://northern-times.example/rail-strike-called-off",
        "language": "en"}
    assert "tags" not in front
    assert "dropped front matter keys the format does not have: tags" in front["edits"]
    assert paragraphs[1] == "## What was agreed"
    assert len(paragraphs) == 4  # the notification prompt and the repeated paragraph are gone
    assert not any("notifications" in p for p in paragraphs)


def test_markdown_without_front_matter_takes_headline_byline_and_dateline_from_its_head(tmp_path: Path) -> None:
    run_import(FIXTURES / "no-front-matter.md", "-o", tmp_path)
    front, paragraphs, _text = read_article(tmp_path / "drought-forces-water-restrictions-across-the.md")
    assert (front["title"], front["author"], front["published"]) == (
        "Drought forces water restrictions across the valley", "Ana Lima", dt.date(2024, 3, 3))
    assert paragraphs[0].startswith("Water companies in the valley")
    assert len(paragraphs) == 3


# ---------------------------------------------------------------------------------------------
# Existing articles


def test_an_existing_article_is_not_overwritten_without_force(tmp_path: Path) -> None:
    run_import(INDEPENDENT, "-o", tmp_path)
    target = tmp_path / f"{INDEPENDENT_ID}.md"
    target.write_text(target.read_text("utf-8").replace("outlet: The Independent", "outlet: Edited by hand"))
    result = run_import(INDEPENDENT, "-o", tmp_path)
    assert result.exit_code == 1
    assert f"{INDEPENDENT}: {target} exists — not overwritten (use --force to replace it)" in result.stderr
    assert "outlet: Edited by hand" in target.read_text("utf-8")


def test_force_replaces_an_existing_article(tmp_path: Path) -> None:
    run_import(INDEPENDENT, "-o", tmp_path)
    target = tmp_path / f"{INDEPENDENT_ID}.md"
    first = target.read_text("utf-8")
    target.write_text(first.replace("outlet: The Independent", "outlet: Edited by hand"))
    result = run_import(INDEPENDENT, "-o", tmp_path, "--force")
    assert result.exit_code == 0, result.output
    assert target.read_text("utf-8") == first


def test_an_id_taken_by_another_article_gets_a_number(tmp_path: Path) -> None:
    # the rewrite and the wire copy have no title and open with the same words
    run_import(REWRITE, "-o", tmp_path)
    result = run_import(WIRE_COPY, "-o", tmp_path, "--published", "2023-09-07")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a-chinese-delegation-led-by-vice-premier-liu-2.md",
                                                          "a-chinese-delegation-led-by-vice-premier-liu.md"]


# ---------------------------------------------------------------------------------------------
# Relations to other articles, and validity


def test_a_near_duplicate_is_suggested_as_a_commented_front_matter_line(tmp_path: Path) -> None:
    result = run_import(INDEPENDENT, WIRE_COPY, "-o", tmp_path, "--published", "2023-09-07")
    front, _paragraphs, text = read_article(tmp_path / f"{INDEPENDENT_ID}.md")
    assert "copy_of" not in front  # only suggested: the analyst confirms
    suggestion = next(line for line in text.splitlines() if line.startswith("# suggested: copy_of:"))
    similarity, wording = scores_in(suggestion, "# suggested: copy_of: a-chinese-delegation-led-by-vice-premier-liu  "
                                                "# near-duplicate, similarity {score}, shared wording {score}; "
                                                "original by length")
    assert similarity > PARAPHRASE_SIMILARITY and wording >= NEAR_DUPLICATE_WORDING  # what makes it a near-duplicate
    assert "suggested (commented in the file): copy_of: a-chinese-delegation-led-by-vice-premier-liu" in result.output


def test_imported_articles_pass_briefgen_check_with_their_suggestions_confirmed(tmp_path: Path) -> None:
    articles = tmp_path / "content" / "articles"
    assert run_import(*sorted(SEEDS.iterdir()), "-o", articles, "--published", "2023-09-07").exit_code == 0
    (tmp_path / "content" / "facts.yaml").write_text("briefing:\n  title: Imported seeds\n", "utf-8")
    confirmed = 0
    for path in articles.glob("*.md"):
        text = path.read_text("utf-8")
        confirmed += text.count("\n# suggested: ")
        path.write_text(text.replace("\n# suggested: ", "\n"), "utf-8")  # the analyst confirms every suggestion
    assert confirmed == 4  # syndicated_from, copy_of and two derived_from
    result = CliRunner().invoke(main, ["check", "-p", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "5 sources" in result.output and "0 errors" in result.output


def test_a_text_whose_language_is_not_told_is_skipped_until_language_gives_it(tmp_path: Path) -> None:
    german = FIXTURES / "german.txt"
    result = run_import(german, "-o", tmp_path)
    assert result.exit_code == 1
    assert f"{german}: could not determine the language — add --language TAG (for example de, fr)" in result.stderr
    assert run_import(german, "-o", tmp_path, "--language", "de").exit_code == 0
    (written,) = tmp_path.glob("*.md")
    front, _paragraphs, _text = read_article(written)
    assert (front["language"], front["published"]) == ("de", dt.date(2024, 4, 11))


# ---------------------------------------------------------------------------------------------
# The sample briefing's articles are what the import makes of the seeds


SAMPLE = Path(__file__).resolve().parent.parent / "content" / "articles"
SAMPLE_OF_SEED = {  # which hand-confirmed sample article each seed became
    INDEPENDENT: "ap-independent", WIRE_COPY: "ap-wire-copy", REWRITE: "ap-rewrite",
    PARAPHRASE: "report-paraphrase", ORIGINAL: "report-original",
}


def test_importing_the_seeds_gives_the_sample_articles_bodies_word_for_word(tmp_path: Path) -> None:
    for seed, sample_id in SAMPLE_OF_SEED.items():
        result = run_import(seed, "-o", tmp_path, "--id", sample_id, "--published", "2023-09-07")
        assert result.exit_code == 0, result.output
        _, imported, _ = read_article(tmp_path / f"{sample_id}.md")
        _, sample, _ = read_article(SAMPLE / f"{sample_id}.md")
        assert imported == sample, sample_id
