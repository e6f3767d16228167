"""Findings and the one user-facing error type.

Every problem a user can fix is a :class:`Finding` that knows where it stands, so the checker can
collect them all and report once, sorted by file and line (mkdocs's ``Config.validate`` style).
Internal bugs stay ordinary exceptions.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Iterable



@dataclass(frozen=True, slots=True, order=True)
class Location:
    """A place in a project file, as a user's editor would show it."""

    path: str
    """Path relative to the project root, with forward slashes."""
    line: int = 1
    """1-based line number."""
    column: int = 1
    """1-based column number."""

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}"

    @classmethod
    def of_file(cls, path: str | PurePosixPath) -> Location:
        """The start of a file: for problems with the file as a whole."""
        return cls(str(path))


class Severity(enum.Enum):
    """How bad a finding is: errors stop the build, warnings do not (unless strict)."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem found in the briefing: what, where, and how to fix it."""

    severity: Severity
    """Error or warning."""
    location: Location
    """Where the problem stands."""
    message: str
    """What is wrong."""
    hint: str = ""
    """How to fix it (may be empty when the message says it all)."""

    def __str__(self) -> str:
        text = f"{self.location}: {self.severity.value}: {self.message}"
        return f"{text} — {self.hint}" if self.hint else text

    @property
    def sort_key(self) -> tuple[str, int, int, str]:
        """File, then line, then column: the order a reader fixes them in."""
        loc = self.location
        return (loc.path, loc.line, loc.column, self.message)


def error(location: Location, message: str, hint: str = "") -> Finding:
    """An error finding: the build stops."""
    return Finding(Severity.ERROR, location, message, hint)


def warning(location: Location, message: str, hint: str = "") -> Finding:
    """A warning finding: reported, the build goes on."""
    return Finding(Severity.WARNING, location, message, hint)


class BriefingError(Exception):
    """The one user-facing error type: the briefing (or what it needs) cannot be built, and why.

    It carries the findings that stop the build, if any, and a summary of them. Each front end
    shows it in its own way: the command line prints the summary once and exits 1 without a
    traceback (:mod:`briefgen.cli` converts it; this lowest layer knows nothing of click), the
    mkdocs adapter hands :meth:`report` to mkdocs as a plugin error, ``briefgen serve`` logs it
    and keeps serving the previous site. Internal bugs stay ordinary exceptions.
    """

    def __init__(self, summary: str, findings: Iterable[Finding] = ()) -> None:
        self.findings = tuple(sorted(findings, key=lambda f: f.sort_key))
        """The findings to show with it, sorted by file and line."""
        self.summary = summary
        """One line: how many problems there are, or what is missing, and what to do."""
        super().__init__(summary)

    @classmethod
    def stopped_by(cls, findings: Iterable[Finding], then: str, strict: bool = False) -> BriefingError:
        """The error of a briefing whose errors (and, ``strict``, warnings) among ``findings`` stop
        the build: all of them are shown, those that stop it are counted; ``then`` says what follows."""
        shown = tuple(findings)
        errors = sum(1 for f in shown if f.severity is Severity.ERROR)
        warnings = len(shown) - errors if strict else 0
        counted = f"{errors} error(s)" + (f" and {warnings} warning(s) (strict)" if warnings else "")
        return cls(f"{counted} in the briefing; {then}", shown)

    def report(self) -> str:
        """Every finding, one a line, then the summary."""
        return "\n".join([*map(str, self.findings), self.summary])
