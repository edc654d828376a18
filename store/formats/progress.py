"""A progress bar for long exports, shown only on a terminal (stderr), never in a pipe or a test."""

from __future__ import annotations

import sys
from typing import Iterable, Iterator, TypeVar

T = TypeVar("T")

#: Fewer items than this finish before a bar would be worth drawing.
MIN_ITEMS = 200


def tracked(items: Iterable[T], total: int, label: str, stream=None) -> Iterator[T]:
    """Yield `items`; on a tty with many of them, a rich progress bar counts them on stderr."""
    stream = stream or sys.stderr
    if total < MIN_ITEMS or not (hasattr(stream, "isatty") and stream.isatty()):
        yield from items
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                  TimeRemainingColumn(), console=Console(file=stream), transient=True) as bar:
        task = bar.add_task(label, total=total)
        for item in items:
            yield item
            bar.advance(task)
