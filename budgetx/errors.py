"""The errors budgetx reports, each with the exit code the CLI uses."""
from __future__ import annotations

from enum import IntEnum
from pathlib import Path


class ExitCode(IntEnum):
    OK = 0
    INTERNAL = 1
    USAGE = 2
    BAD_INPUT = 3
    OUTPUT = 4
    BATCH_FAILURES = 5
    CHECK_ERRORS = 6
    NO_TABLES = 7
    INTERRUPTED = 130  # Ctrl-C: 128 + SIGINT, as shells report it
    TERMINATED = 143  # SIGTERM: 128 + 15


class BudgetxError(Exception):
    exit_code = ExitCode.BAD_INPUT

    def __init__(self, path: Path | str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = str(path)
        self.reason = reason


class InputNotFound(BudgetxError):
    pass


class NotAPdf(BudgetxError):
    pass


class EncryptedPdf(BudgetxError):
    pass


class ScannedPdf(BudgetxError):
    pass


class NoBudgetTables(BudgetxError):
    exit_code = ExitCode.NO_TABLES


class OutputError(BudgetxError):
    exit_code = ExitCode.OUTPUT


class TooComplex(BudgetxError):
    """A document past its budget (pages, time, memory): exit 3, `too large or too
    complex: …`, and in a batch that file fails and the others go on."""

    def __init__(self, path: Path | str, reason: str) -> None:
        super().__init__(path, f"too large or too complex: {reason}")
class NotADocument(BudgetxError):
    """A file given to budgetx.load that is not a JSON document budgetx wrote."""


class SchedulerUnreachable(BudgetxError):
    """`--scheduler ADDRESS` names no Dask scheduler this machine can reach."""

    exit_code = ExitCode.USAGE
