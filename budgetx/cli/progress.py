"""The progress bars and per-file messages on stderr (CLI side: the library only calls
a report or progress callback): a batch's files, and one long extraction's pages."""
from __future__ import annotations

import time
from types import TracebackType

import typer
from rich.console import Console
from rich.progress import (BarColumn, MofNCompleteColumn, Progress, ProgressColumn, Task, TaskID,
                           TextColumn, TimeRemainingColumn)
from rich.text import Text

from budgetx.batch import Outcome
from budgetx.values.text import one_line


class RateColumn(ProgressColumn):
    """Documents per minute: seconds per item read badly at this speed."""

    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        return Text("-- docs/min" if not speed else f"{speed * 60:.1f} docs/min")


class BatchProgress:
    """Files done, failures, rate and ETA while stderr is a terminal; otherwise only the
    failure lines (`budgetx: FILE: reason`), so logs stay readable."""

    def __init__(self, total: int, enabled: bool) -> None:
        self.enabled = enabled
        self.failed = 0
        self.console = Console(stderr=True)
        self.bar = Progress(TextColumn("extracting"), BarColumn(), MofNCompleteColumn(),
                            TextColumn("{task.fields[failed]} failed"), RateColumn(),
                            TimeRemainingColumn(), console=self.console, disable=not enabled,
                            redirect_stdout=False, redirect_stderr=False)
        self.task = self.bar.add_task("extract", total=total, failed=0)

    def __enter__(self) -> BatchProgress:
        self.bar.start()
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.bar.stop()

    def advance(self, outcome: Outcome) -> None:
        if outcome.status == "failed":
            self.failed += 1
            line = one_line(f"budgetx: {outcome.source.path}: {outcome.reason}")
            if self.enabled:
                self.console.print(Text(line), soft_wrap=True, highlight=False)
            else:
                typer.echo(line, err=True)
        self.bar.update(self.task, advance=1, failed=self.failed)


STAGES = {"tables": "reading tables", "OCR": "reading scanned pages by OCR"}


class PageProgress:
    """Pages done and time left of one extraction, on stderr while it is a terminal, and
    only once the extraction has taken more than a moment (most take a second or two).
    Transient: the bar goes away when the extraction ends, the result line stays."""

    DELAY = 1.5  # seconds before a bar is worth showing

    def __init__(self, enabled: bool, console: Console | None = None, delay: float | None = None) -> None:
        self.enabled = enabled
        self.delay = self.DELAY if delay is None else delay
        self.started = time.monotonic()
        self.shown = False
        self.stage: str | None = None
        self.task: TaskID | None = None
        self.bar = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                            TextColumn("pages"), TimeRemainingColumn(),
                            console=console or Console(stderr=True), disable=not enabled,
                            transient=True, redirect_stdout=False, redirect_stderr=False)

    def __call__(self, stage: str, done: int, total: int) -> None:
        if not self.enabled:
            return
        if stage != self.stage:
            # Each stage its own bar: a rate of OCR pages says nothing about grid pages.
            if self.task is not None:
                self.bar.remove_task(self.task)
            self.task = self.bar.add_task(STAGES.get(stage, stage), total=total)
            self.stage = stage
        assert self.task is not None
        self.bar.update(self.task, completed=done, total=total)
        if not self.shown and time.monotonic() - self.started >= self.delay:
            self.bar.start()
            self.shown = True
        elif self.shown:
            self.bar.refresh()

    def __enter__(self) -> PageProgress:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        if self.shown:
            self.bar.stop()
            self.shown = False
