"""Findings and the one user-facing error type.

Every problem a user can fix is a :class:`Finding` that knows where it stands, so the checker can
collect them all and report once, sorted by file and line (mkdocs's ``Config.validate`` style).
Internal bugs stay ordinary exceptions.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from pathlib import PurePosixPath

import click


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


def errors_message(errors: tuple[Finding, ...]) -> str:
    """The errors that stop a build, one a line, and how many there are."""
    return ("\n".join(str(f) for f in errors) +
            f"\n{len(errors)} error(s) in the briefing: run 'briefgen check'")


class BriefingError(click.ClickException):
    """A briefing that cannot be built: carries every finding, printed once, without a traceback."""

    exit_code = 1

    def __init__(self, findings: list[Finding] | tuple[Finding, ...]) -> None:
        self.findings = tuple(sorted(findings, key=lambda f: f.sort_key))
        errors = sum(1 for f in self.findings if f.severity is Severity.ERROR)
        super().__init__(f"{errors} error(s) in the briefing")

    def format_message(self) -> str:
        lines = [str(f) for f in self.findings]
        lines.append(self.message)
        return "\n".join(lines)

    def show(self, file: object = None) -> None:
        click.echo(self.format_message(), err=True)
