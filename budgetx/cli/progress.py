"""The batch progress bar and per-file messages on stderr (CLI side: the library only
calls a report callback)."""
from __future__ import annotations

from types import TracebackType

import typer
from rich.console import Console
from rich.progress import (BarColumn, MofNCompleteColumn, Progress, ProgressColumn, Task,
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
