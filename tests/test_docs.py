"""The README documents every command, option and configuration key (sqlite-utils's docs test)."""

from __future__ import annotations

import re
from pathlib import Path

import click
import pytest

from briefgen.cli import main
from briefgen.mkdocs_plugin import BriefgenPlugin

README = (Path(__file__).resolve().parent.parent / "README.md").read_text("utf-8")


@pytest.mark.parametrize("name", sorted(main.commands))
def test_every_command_is_documented_in_the_readme(name: str) -> None:
    assert f"`briefgen {name}" in README


@pytest.mark.parametrize("name, option", [
    (name, opt) for name, command in sorted(main.commands.items()) for param in command.params
    if isinstance(param, click.Option) for opt in param.opts if opt.startswith("--") and opt != "--help"])
def test_every_command_option_is_documented_in_the_readme(name: str, option: str) -> None:
    assert re.search(rf"`{re.escape(option)}\b|{re.escape(option)}[ =`/]", README), f"{name} {option}"


@pytest.mark.parametrize("key", sorted(dict(BriefgenPlugin.config_class._schema)))  # type: ignore[attr-defined]
def test_every_plugin_option_is_documented_in_the_readme(key: str) -> None:
    assert f"{key}:" in README


def test_the_readme_gives_the_build_and_test_commands() -> None:
    assert "briefgen build" in README
    assert "&& pytest" in README
