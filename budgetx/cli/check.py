"""`budgetx check FILE...`: verify the arithmetic of disclosures and report it.

Registered by cli/app.py as `app.command("check")(check)`; printing and exit codes live
here, the rules in budgetx/check/. The checks are those `extract` ran on the document.
"""
from __future__ import annotations

import enum
import sys
from pathlib import Path
from typing import Annotated

import typer

from budgetx.cli.common import quiet_libraries, reported
from budgetx.errors import BudgetxError, ExitCode, InputNotFound
from budgetx.model import Check
from budgetx.values.text import one_line
from budgetx.writers.json import check_to_dict


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
    debug: Annotated[bool, typer.Option("--debug", help="Show library warnings and tracebacks.")] = False,
) -> None:
    """Check every sum of the disclosures: hierarchy, row and cross-table identities,
    and the figures the narrative states. Rounding gaps are told apart from errors."""
    # Imported here: registering the command must not cost every other command rich's import.
    from rich.console import Console

    from budgetx.cli.report import render_absent, render_table, render_unchecked, render_warnings, sort_checks, summary
    from budgetx.limits import Limits, extract_limited

    out = Console(highlight=False)
    if not out.is_terminal:
        out.width = 200  # a pipe or file: do not squeeze the table to 80 columns
    records: list[dict[str, object]] = []
    code = ExitCode.OK
    any_error = False
    for path in files:
        try:
            if not path.is_file():
                raise InputNotFound(path, "no such file" if not path.exists() else "not a file")
            with quiet_libraries(debug):
                doc = extract_limited(path, None, Limits())  # a runaway PDF stops, as in extract
        except BudgetxError as exc:
            reported(exc, debug)
            code = ExitCode.BATCH_FAILURES if len(files) > 1 else ExitCode(exc.exit_code)
            continue
        except Exception as exc:  # a bug: say which file, keep checking the others
            if debug:
                raise
            typer.echo(one_line(f"budgetx: {path}: internal error: {exc} (run with --debug for the traceback)"),
                       err=True)
            code = ExitCode.BATCH_FAILURES if len(files) > 1 else ExitCode.INTERNAL
            continue
        checks: list[Check] = sort_checks(doc.checks)
        any_error = any_error or any(c.level == "error" for c in checks)
        if fmt is CheckFormat.json:
            records.extend(check_to_dict(c, doc.file) for c in checks)
            continue
        if any(c.level not in ("unchecked", "warning") for c in checks):
            out.print(render_table(checks, title=doc.file))
        for line in render_warnings(checks) + render_unchecked(checks) + render_absent(doc.tally):
            out.print(line, markup=False)
        out.print(summary(checks, doc.file, doc.tally), markup=False)
    if fmt is CheckFormat.json:
        from budgetx.writers import dumps

        sys.stdout.write(dumps(records) + "\n")
    if code == ExitCode.OK and strict and any_error:
        code = ExitCode.CHECK_ERRORS
    raise typer.Exit(int(code))
