"""What every command shares: the one-line error for a bad input, and quiet libraries."""
from __future__ import annotations

import logging
import traceback
import warnings
from collections.abc import Iterator
from contextlib import contextmanager

import typer

from budgetx.errors import BudgetxError


@contextmanager
def quiet_libraries(debug: bool) -> Iterator[None]:
    """camelot and pdfminer warn and log freely; outside --debug keep stderr for
    budgetx's own one-line messages (stdout carries data only anyway)."""
    with warnings.catch_warnings():
        previous = logging.root.manager.disable
        if not debug:
            warnings.simplefilter("ignore")
            logging.disable(logging.WARNING)
        try:
            yield
        finally:
            logging.disable(previous)


def fail(file: str, reason: str, code: int) -> typer.Exit:
    typer.echo(f"budgetx: {file}: {reason}", err=True)
    return typer.Exit(code)


def reported(exc: BudgetxError, debug: bool) -> typer.Exit:
    """A bad input: its one line on stderr (and the traceback with --debug)."""
    if debug:
        traceback.print_exc()
    return fail(exc.path, exc.reason, exc.exit_code)
