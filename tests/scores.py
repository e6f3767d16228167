"""Expected output that holds scores from rapidfuzz or MinHash: the text around them is compared
exactly, the scores by range, so that a library upgrade which moves a score in its second decimal
does not break a test whose decision still holds."""

from __future__ import annotations

import re

SCORE = "{score}"
"""Where a score with two decimals stands in an expected text."""


def scores_in(actual: str, expected: str) -> list[float]:
    """The scores in ``actual`` at each ``{score}`` of ``expected``; every other character must match."""
    pattern = r"(\d\.\d\d)".join(map(re.escape, expected.split(SCORE)))
    match = re.fullmatch(pattern, actual)
    assert match is not None, f"{actual!r}\n does not read as\n{expected!r}"
    return [float(score) for score in match.groups()]


def line_with_scores(lines: list[str], expected: str) -> tuple[int, list[float]]:
    """The index of the one line of ``lines`` that reads as ``expected``, and its scores."""
    pattern = r"\d\.\d\d".join(map(re.escape, expected.split(SCORE)))
    found = [number for number, line in enumerate(lines) if re.fullmatch(pattern, line)]
    assert len(found) == 1, f"{len(found)} lines read as {expected!r}:\n" + "\n".join(lines)
    return found[0], scores_in(lines[found[0]], expected)
