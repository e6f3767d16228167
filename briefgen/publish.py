"""``briefgen build``'s site: built by mkdocs into a fresh folder, then swapped in.

A failed build must leave the previous ``site/`` intact, so nothing is written into it: the
engine builds into a staging folder beside it, and the finished site replaces the old by renames.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Any

from .build import CheckedBriefing
from .editions import PriorRecords, read_prior
from .errors import BriefingError


def build_site(config_file: Path, checked: CheckedBriefing, strict: bool = True,
               pdf: bool = False, previous: Path | None = None) -> tuple[Path, int]:
    """Build the site into a fresh folder, then swap it in: a failed build leaves site/ as it was.

    Returns the site folder and the number of pages written.
    """
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    config = load_config(str(config_file), strict=strict)
    site_dir = Path(config.site_dir)
    prior = previous_records(config, config_file, previous)
    staging = Path(tempfile.mkdtemp(prefix=".site-", dir=site_dir.parent))
    try:
        config = load_config(str(config_file), strict=strict, site_dir=str(staging))
        plugin = config.plugins.get("briefgen")
        if plugin is not None and hasattr(plugin, "checked"):
            plugin.checked, plugin.prior = checked, prior
            if pdf:
                plugin.config["pdf"] = True
        build(config)
        pages = sum(1 for _ in staging.rglob("index.html"))
        _swap(staging, site_dir)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return site_dir, pages


def previous_records(config: Any, config_file: Path, previous: Path | None) -> PriorRecords:
    """The edition records to compare with (``--previous``, the plugin's ``previous:``, or the site
    about to be replaced), read before anything is built; a bad one stops the build here."""
    plugin = config.plugins.get("briefgen")
    named = plugin.config.get("previous") if plugin is not None else ""
    given = previous.resolve() if previous is not None else (config_file.parent / named if named else None)
    prior = read_prior(Path(config.site_dir), given)
    if prior.findings:
        raise BriefingError.stopped_by(prior.findings, "nothing was built.")
    return prior


def _swap(new: Path, target: Path) -> None:
    """Replace ``target`` with ``new`` by renames, so there is never a half-written site."""
    old = None
    if target.exists():
        old = Path(tempfile.mkdtemp(prefix=".site-old-", dir=target.parent))
        old.rmdir()
        target.rename(old)
    new.rename(target)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
