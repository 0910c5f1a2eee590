"""The budgetx command line: parse arguments, call the library, print, exit."""
from __future__ import annotations

import logging
import os
import signal
import sys
import warnings
from enum import Enum
from pathlib import Path
from typing import IO, Annotated

import typer

from budgetx.cli.common import fail, quiet_libraries, reported
from budgetx.errors import BudgetxError, ExitCode, InputNotFound, NoBudgetTables, OutputError
from budgetx.limits import ExtractionFailed, Limits
from budgetx.model import Document
from budgetx.writers import WRITERS, WriteOptions

app = typer.Typer(
    help="Turn Chinese government department budget disclosure PDFs (部门预算公开) into clean data.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


class Format(str, Enum):
    json = "json"
    csv = "csv"
    xlsx = "xlsx"
    jsonl = "jsonl"
    sqlite = "sqlite"
    parquet = "parquet"


class Keys(str, Enum):
    zh = "zh"
    en = "en"


def _version(value: bool) -> None:
    if value:
        from importlib import metadata  # only here: importing it costs every run tens of ms

        try:
            version = metadata.version("budgetx")
        except metadata.PackageNotFoundError:
            version = "unknown"
        typer.echo(f"budgetx {version}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Print the version and exit.")] = False,
) -> None:
    """Turn Chinese government department budget disclosure PDFs (部门预算公开) into clean data."""


def parse_tables(text: str | None) -> set[int] | None:
    """`2,3,7` → {2, 3, 7}: numbers of the document's own family (the budget's 1 to 11, docs/spec/tables.md;
    the final accounts' as many as the registry lists)."""
    if text is None:
        return None
    try:
        numbers = {int(part) for part in text.replace(" ", "").split(",") if part}
    except ValueError:
        raise typer.BadParameter(f"{text!r}: give table numbers like 2,3,7") from None
    from budgetx.schema.registry import load_schema

    largest = max(t.no for t in load_schema().tables)
    if not numbers or not all(1 <= n <= largest for n in numbers):
        raise typer.BadParameter(f"{text!r}: table numbers run from 1 to {largest}")
    return numbers


def default_output(pdf: Path, fmt: Format) -> Path:
    """Beside the PDF: X.pdf → X.json, X_csv/, X.xlsx."""
    if fmt is Format.csv:
        return pdf.with_name(f"{pdf.stem}_csv")
    return pdf.with_suffix(f".{fmt.value}")


def output_target(pdf: Path, fmt: Format, output: str | None) -> Path | None:
    """Where to write: a path, or None for stdout (`-o -`). For JSON and XLSX an
    existing folder (or a path ending in /) receives the default file name."""
    if output == "-":
        return None
    if output is None:
        return default_output(pdf, fmt)
    path = Path(output)
    if fmt is not Format.csv and (path.is_dir() or output.endswith(("/", os.sep))):
        path = path / default_output(pdf, fmt).name
    # Create missing parent folders: `-o out/2025/x.json` should just work.
    folder = path if fmt is Format.csv else path.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(folder, f"cannot create folder: {exc.strerror or exc}") from exc
    return path


def _extract(pdf: Path, tables: set[int] | None, limits: Limits, show_progress: bool = False) -> Document:
    from budgetx.limits import extract_limited

    # One document: every core reads its pages (a batch gives each core a document).
    if not show_progress:
        return extract_limited(pdf, tables, limits, workers=_cores())  # no bar: rich is not even imported
    from budgetx.cli.progress import PageProgress

    with PageProgress(enabled=show_progress) as progress:
        return extract_limited(pdf, tables, limits, progress, workers=_cores())


def _silence_stdout() -> None:
    """The reader went away (`| head`): nothing left to say, and flushing at exit would
    raise again, so point stdout at devnull."""
    try:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def _summary(doc: Document) -> str:
    found = sum(t.status != "missing" for t in doc.tables)
    levels: dict[str, int] = {}
    for finding in doc.checks:
        levels[finding.level] = levels.get(finding.level, 0) + 1
    checks = ", ".join(f"{n} {level}" for level, n in sorted(levels.items())) or "all exact"
    return f"{found} tables; checks: {checks}"


def _write(doc: Document, fmt: Format, target: Path | None, options: WriteOptions) -> None:
    if target is not None:
        WRITERS[fmt.value](doc, target, options)
        return
    if sys.stdout is None:  # started with stdout closed
        raise OutputError("-", "cannot write: stdout is closed")
    stream: IO[bytes] = sys.stdout.buffer
    if fmt is Format.xlsx and stream.isatty():
        raise OutputError("-", "will not write an XLSX workbook to a terminal: use -o FILE.xlsx")
    try:
        WRITERS[fmt.value](doc, stream, options)
    except BrokenPipeError:
        raise
    except (OSError, ValueError) as exc:  # disk full, a closed descriptor
        _silence_stdout()  # or the flush at exit fails again
        raise OutputError("-", f"cannot write to stdout: {getattr(exc, 'strerror', None) or exc}") from exc


@app.command()
def extract(
    inputs: Annotated[list[Path] | None, typer.Argument(
        metavar="PDF_OR_FOLDER...", show_default=False,
        help="Budget disclosure PDFs, or folders searched for PDFs (by content, recursively).")] = None,
    fmt: Annotated[Format, typer.Option("-f", "--format", help="Output format.")] = Format.json,
    output: Annotated[str | None, typer.Option(
        "-o", "--output", metavar="PATH|-",
        help="Output file (JSON, XLSX) or folder (CSV); - for stdout. "
             "Default: beside the PDF, X.json / X_csv/ / X.xlsx.")] = None,
    tables: Annotated[str | None, typer.Option(
        "--tables", metavar="2,3,7", help="Only these tables of the document's family (budget: 1-11).")] = None,
    keys: Annotated[Keys, typer.Option(
        "--keys", help="CSV/XLSX header row: canonical Chinese names (zh) or English keys (en).")] = Keys.zh,
    bom: Annotated[bool | None, typer.Option(
        "--bom/--no-bom", show_default=False,
        help="CSV byte order mark. Default: in files (Excel reads Chinese right), not on stdout.")] = None,
    jobs: Annotated[int | None, typer.Option(
        "-j", "--jobs", min=1, show_default=False,
        help="Several PDFs: worker processes. Default: the number of cores.")] = None,
    scheduler: Annotated[str | None, typer.Option(
        "--scheduler", metavar="tcp://HOST:8786|local",
        help="Several PDFs: extract on a Dask cluster's workers (pip install 'budgetx\\[dask]'); "
             "local starts one on this machine with --jobs workers.")] = None,
    force: Annotated[bool, typer.Option(
        "--force", help="Several PDFs: extract again the documents a previous run finished.")] = False,
    from_stdin: Annotated[bool, typer.Option(
        "--from-stdin", help="Read more file or folder names from stdin, one per line.")] = False,
    max_pages: Annotated[int, typer.Option(
        "--max-pages", min=1, help="Refuse PDFs with more pages than this.")] = Limits.max_pages,
    timeout: Annotated[float, typer.Option(
        "--timeout", min=1, metavar="SECONDS",
        help="Stop a document that makes no progress for this long.")] = Limits.timeout,
    max_memory: Annotated[int, typer.Option(
        "--max-memory", min=100, metavar="MB", help="Stop a document that needs more memory.")] = Limits.max_memory,
    quiet: Annotated[bool, typer.Option("-q", "--quiet", help="Do not report where the output went.")] = False,
    debug: Annotated[bool, typer.Option("--debug", help="Show library warnings and tracebacks.")] = False,
) -> None:
    """Extract the budget tables of PDFs into JSON, CSV, XLSX, JSON Lines, SQLite or Parquet.

    One PDF gives one output. Several PDFs or folders (a batch) give one output per PDF under -o OUTDIR, mirroring the input folders, plus the tables of all documents combined; a re-run skips the documents already done.
    """
    selected = parse_tables(tables)
    options = WriteOptions(keys=keys.value, bom=bom)
    limits = Limits(max_pages, timeout, max_memory)
    paths = list(inputs or [])
    if from_stdin or len(paths) != 1 or paths[0].is_dir() or scheduler is not None \
            or fmt in (Format.jsonl, Format.sqlite, Format.parquet):
        code = extract_batch(paths, from_stdin, fmt, output, selected, options, jobs, force, quiet, debug,
                             limits, scheduler)
        raise typer.Exit(code)
    pdf = paths[0]
    code = ExitCode.OK
    try:
        if not pdf.exists():
            raise InputNotFound(pdf, "no such file")
        if pdf.is_dir():
            raise InputNotFound(pdf, "is a folder, not a PDF file")
        with quiet_libraries(debug):
            doc = _extract(pdf, selected, limits, show_progress=not quiet and sys.stderr.isatty())
            if not any(t.status != "missing" for t in doc.tables):
                raise NoBudgetTables(pdf, "no budget tables found")
            target = output_target(pdf, fmt, output)
            _write(doc, fmt, target, options)
        if target is not None and not quiet:
            typer.echo(f"budgetx: wrote {target} ({_summary(doc)})", err=True)
    except BudgetxError as exc:
        raise reported(exc, debug) from None
    except BrokenPipeError:
        _silence_stdout()
        code = ExitCode.OK
    except ExtractionFailed as exc:
        if debug:
            typer.echo(exc.trace, err=True, nl=False)
        raise fail(str(pdf), f"internal error: {exc} (run with --debug for the traceback)",
                    ExitCode.INTERNAL) from None
    except Exception as exc:
        if debug:
            raise
        raise fail(str(pdf), f"internal error: {exc} (run with --debug for the traceback)",
                    ExitCode.INTERNAL) from None
    raise typer.Exit(code)


# --- batches --------------------------------------------------------------------------

class _Terminated(KeyboardInterrupt):
    """SIGTERM, handled like Ctrl-C: stop the workers, keep what is finished."""


def _on_sigterm(signum: int, frame: object) -> None:
    raise _Terminated()


def _silence_worker() -> None:
    # Runs in each worker process: the same quiet as quiet_libraries without --debug.
    warnings.simplefilter("ignore")
    logging.disable(logging.WARNING)


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


def _stdin_names() -> list[Path]:
    return [Path(line.rstrip("\r\n")) for line in sys.stdin if line.strip()]


def extract_batch(paths: list[Path], from_stdin: bool, fmt: Format, output: str | None,
                  selected: set[int] | None, options: WriteOptions, jobs: int | None,
                  force: bool, quiet: bool, debug: bool, limits: Limits = Limits(), scheduler: str | None = None) -> int:
    """Several PDFs: per-PDF outputs and combined tables in OUTDIR, or JSON Lines on
    stdout, extracted in local worker processes or on a Dask cluster's workers.
    Returns the exit code: 5 when some files failed."""
    from budgetx.batch import BatchOptions, find_sources, run_batch
    from budgetx.cli.progress import BatchProgress
    from budgetx.writers.combined import combined_target

    if output is None:
        raise typer.BadParameter("several PDFs need an output folder: -o OUTDIR "
                                 "(or -o - with -f jsonl)", param_hint="'-o'")
    if output == "-" and fmt is not Format.jsonl:
        raise typer.BadParameter("on stdout several documents go as JSON Lines: add -f jsonl",
                                 param_hint="'-o'")
    if fmt is Format.parquet:
        from budgetx.writers.parquet import INSTALL, available

        if not available():
            raise typer.BadParameter(INSTALL, param_hint="'-f'")
    if scheduler is not None:
        from budgetx.cluster import INSTALL as DASK_INSTALL
        from budgetx.cluster import available as dask_available

        if not dask_available():
            raise typer.BadParameter(DASK_INSTALL, param_hint="'--scheduler'")
    if from_stdin:
        paths = paths + _stdin_names()
    if not paths:
        raise typer.BadParameter("give PDF files or folders, or names on stdin with --from-stdin",
                                 param_hint="PDF_OR_FOLDER...")
    outdir = None if output == "-" else Path(output)
    batch = BatchOptions(fmt.value, options, frozenset(selected) if selected else None,
                         jobs or _cores(), force, limits, scheduler)
    try:
        if outdir is not None and outdir.exists() and not outdir.is_dir():
            raise OutputError(outdir, "the output of several PDFs is a folder, and this is a file")
        sources = find_sources(paths, skip=outdir)
    except BudgetxError as exc:
        raise fail(exc.path, exc.reason, exc.exit_code) from None
    previous = None
    try:
        previous = signal.signal(signal.SIGTERM, _on_sigterm)
    except ValueError:  # not the main thread (embedded use): leave SIGTERM alone
        pass
    progress = BatchProgress(len(sources), enabled=not quiet and sys.stderr.isatty())
    try:
        with progress, quiet_libraries(debug):
            summary = run_batch(sources, batch, outdir=outdir,
                                stream=sys.stdout.buffer if outdir is None else None,
                                report=progress.advance, setup=None if debug else _silence_worker)
    except KeyboardInterrupt as exc:
        where = f"; run the same command again to resume (finished documents are kept in {outdir})" \
            if outdir is not None else ""
        typer.echo(f"budgetx: interrupted{where}", err=True)
        return ExitCode.TERMINATED if isinstance(exc, _Terminated) else ExitCode.INTERRUPTED
    except BudgetxError as exc:
        if outdir is None:
            _silence_stdout()  # stdout failed: the flush at exit must not fail again
        raise reported(exc, debug) from None
    except BrokenPipeError:
        _silence_stdout()
        return ExitCode.OK
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)
    if not quiet:
        line = f"budgetx: {summary.done} done, {summary.skipped} skipped, {summary.failed} failed"
        if outdir is not None:
            if summary.failed:
                line += f" (listed in {outdir / 'failures.csv'})"
            line += f"; {summary.documents} documents combined in {combined_target(outdir, fmt.value)}"
        typer.echo(line, err=True)
    return ExitCode.BATCH_FAILURES if summary.failed else ExitCode.OK


# --- budgetx inspect -----------------------------------------------------------------

@app.command("inspect")
def inspect_command(
    pdf: Annotated[Path, typer.Argument(metavar="PDF", help="A budget disclosure PDF.")],
    page: Annotated[int, typer.Option("--page", "-p", min=1, help="Page number (1 = first).")],
    output: Annotated[Path, typer.Option("-o", "--output", metavar="PNG", help="Picture to write.")],
    scale: Annotated[float, typer.Option("--scale", min=0.5, max=8.0,
                                         help="Pixels per PDF point (2 = 144 dpi).")] = 2.0,
    debug: Annotated[bool, typer.Option("--debug", help="Show library warnings and tracebacks.")] = False,
) -> None:
    """Draw what budgetx reads on one page: the page, each table region (blue), its
    column boundaries (green: the ruled grid; red: found in the words), and each
    column's canonical key."""
    from budgetx.overlay import draw_page, page_picture
    from budgetx.writers.atomic import write_bytes

    try:
        if not pdf.is_file():
            raise InputNotFound(pdf, "no such file" if not pdf.exists() else "is a folder, not a PDF file")
        with quiet_libraries(debug):
            picture = page_picture(pdf, page)
            image = draw_page(pdf, picture, scale)
        import io

        buffer = io.BytesIO()
        image.save(buffer, format="PNG")
        write_bytes(output, buffer.getvalue())
    except BudgetxError as exc:
        raise reported(exc, debug) from None
    found = "; ".join(f"{r.label}, {len(r.keys)} columns, {'ruled' if r.ruled else 'unruled'}"
                      for r in picture.regions) or "no table on this page"
    typer.echo(f"budgetx: wrote {output} (page {page}: {found})", err=True)


# --- budgetx schema ------------------------------------------------------------------

class SchemaFormat(str, Enum):
    markdown = "markdown"
    json = "json"


@app.command("schema")
def schema_command(
    fmt: Annotated[SchemaFormat, typer.Option("-f", "--format", help="Output format.")] = SchemaFormat.markdown,
) -> None:
    """Print the schema registry: the canonical tables, their columns and rules.

    Markdown is docs/schema.md (`make docs` regenerates it); JSON is the same as data.
    """
    from budgetx.schema.doc import render_json, render_markdown
    from budgetx.schema.registry import load_schema

    render = render_json if fmt is SchemaFormat.json else render_markdown
    typer.echo(render(load_schema()), nl=False)


from budgetx.cli.check import check  # noqa: E402  (registered after the app exists)

app.command(name="check")(check)
from budgetx.cli.codes import codes  # noqa: E402  (`budgetx codes`: the subject catalogue)

app.command(name="codes")(codes)
