"""`budgetx check FILE...`: verify the arithmetic of disclosures and report it.

Registered by cli.py as `app.command("check")(check)`; printing and exit codes live
here, the rules in checks.py.
"""
from __future__ import annotations

import enum
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from budgetx.check.checks import run_checks
from budgetx.errors import BudgetxError, ExitCode
from budgetx.model import Check
from budgetx.values.text import one_line
from budgetx.cli.report import (check_to_record, render_table, render_unchecked, sort_checks,
                            summary)


class CheckFormat(str, enum.Enum):
    text = "text"
    json = "json"


def check(
    files: Annotated[list[Path], typer.Argument(
        help="Budget disclosure PDFs.", show_default=False)],
    strict: Annotated[bool, typer.Option(
        "--strict", help="Exit 6 when any figure is off by more than rounding.")] = False,
    fmt: Annotated[CheckFormat, typer.Option(
        "-f", "--format", help="text: a table for people; json: a list of checks.")] =
        CheckFormat.text,
) -> None:
    """Check every sum of the disclosures: hierarchy, row and cross-table identities,
    and the figures the narrative states. Rounding gaps are told apart from errors."""
    from budgetx.limits import Limits, extract_limited  # camelot is slow to import; not for --help

    out = Console(highlight=False)
    if not out.is_terminal:
        out.width = 200  # a pipe or file: do not squeeze the table to 80 columns
    records: list[dict[str, object]] = []
    code = ExitCode.OK
    any_error = False
    for path in files:
        try:
            if not path.is_file():
                raise BudgetxError(path, "no such file" if not path.exists() else "not a file")
            doc = extract_limited(path, None, Limits())  # a runaway PDF stops, as in extract
        except BudgetxError as exc:
            typer.echo(one_line(f"budgetx: {exc.path}: {exc.reason}"), err=True)
            code = ExitCode.BATCH_FAILURES if len(files) > 1 else ExitCode(exc.exit_code)
            continue
        except Exception as exc:  # a bug: say which file, keep checking the others
            typer.echo(one_line(f"budgetx: {path}: internal error: {exc}"), err=True)
            code = ExitCode.BATCH_FAILURES if len(files) > 1 else ExitCode.INTERNAL
            continue
        checks: list[Check] = sort_checks(run_checks(doc))
        any_error = any_error or any(c.level == "error" for c in checks)
        if fmt is CheckFormat.json:
            records.extend(check_to_record(c, doc.file) for c in checks)
            continue
        if any(c.level != "unchecked" for c in checks):
            out.print(render_table(checks, title=doc.file))
        for line in render_unchecked(checks):
            out.print(line, markup=False)
        out.print(summary(checks, doc.file), markup=False)
    if fmt is CheckFormat.json:
        from budgetx.writers import dumps

        sys.stdout.write(dumps(records) + "\n")
    if code == ExitCode.OK and strict and any_error:
        code = ExitCode.CHECK_ERRORS
    raise typer.Exit(int(code))
