"""Every use of Python's cyclic garbage collector in briefgen, in one place, each with its reason.

briefgen's data are millions of small objects that form no reference cycles (frozen dataclasses,
strings, tuples): reference counting frees them. The cyclic collector would only walk that heap
again and again, and a forked render worker would copy every memory page the collector touches.
So the collector is paused while loading, and objects that live on are frozen (moved out of its
sight) before forking and between the rebuilds of ``briefgen serve``.
"""

from __future__ import annotations

import gc
from contextlib import contextmanager
from typing import Iterator


@contextmanager
def paused() -> Iterator[None]:
    """Run without the cyclic collector, and restore it after.

    Loading builds millions of objects and frees its garbage by reference count; the collector
    would walk the growing heap for nothing: a quarter of the time of ``briefgen check`` at
    10,000 articles.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


@contextmanager
def frozen_for_fork() -> Iterator[None]:
    """Freeze every object while forked workers run: a collection in a worker would otherwise
    touch, and so copy, every memory page of the parent's heap.

    What was frozen before (by :func:`keep_what_lives_on`, in ``briefgen serve``) stays frozen
    after; otherwise everything is unfrozen again, as it was.
    """
    frozen_before = gc.get_freeze_count() > 0
    gc.freeze()
    try:
        yield
    finally:
        if not frozen_before:
            gc.unfreeze()


def keep_what_lives_on() -> None:
    """After a build of ``briefgen serve``: collect this build's garbage, then freeze what is
    left, which the next rebuild reuses. A full collection of a large briefing holds the
    interpreter half a second, and what the old build left is freed by reference count."""
    gc.collect()
    gc.freeze()
