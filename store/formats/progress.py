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


class Stages:
    """A bar over a few long stages of known weight (verify's checks), on a terminal only.

    `start(label, weight)` begins the next stage: what came before is counted done.
    `close()` removes the bar. Off a terminal every call does nothing."""

    def __init__(self, total: int, stream=None) -> None:
        stream = stream or sys.stderr
        self._bar = None
        self._pending = 0
        if total >= MIN_ITEMS and hasattr(stream, "isatty") and stream.isatty():
            from rich.console import Console
            from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

            self._bar = Progress(TextColumn("{task.description:<24}"), BarColumn(),
                                 TextColumn("{task.percentage:>3.0f}%"), TimeElapsedColumn(),
                                 console=Console(file=stream), transient=True)
            self._task = self._bar.add_task("", total=total)
            self._bar.start()

    def start(self, label: str, weight: int) -> None:
        if self._bar is not None:
            self._bar.update(self._task, advance=self._pending, description=label)
            self._pending = weight

    def close(self) -> None:
        if self._bar is not None:
            self._bar.stop()
            self._bar = None
