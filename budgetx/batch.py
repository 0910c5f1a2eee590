"""Many PDFs in, one dataset out: find the PDFs, run the per-document job in worker
processes, keep what is finished, and build the combined tables.

OUTDIR after a batch:

    a/b/X.json | a/b/X_csv/ | a/b/X.xlsx    one output per PDF, mirroring the input tree
    combined/ | combined.xlsx | combined.sqlite   every document's rows, one table each
    failures.csv                           file, reason, exit code of what failed
    .budgetx/state.sqlite                  finished documents keyed by content hash

Interruption safety rests on two rules. A document counts as finished only once its
state row is committed, and that happens after its per-PDF outputs were renamed into
place, so a run killed at any point redoes at most the documents that were in flight.
The combined outputs are never appended to: they are rebuilt at the end from the
state, for exactly the documents of this run, into temporary files renamed together,
so rows can be neither lost nor doubled however often a batch is stopped and resumed.
"""
from __future__ import annotations

import csv
import dataclasses
import fcntl
import hashlib
import io
import json
import multiprocessing
import os
import shutil
import signal
import sqlite3
import threading
from collections.abc import Callable, Generator, Iterable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path, PurePosixPath
from typing import IO

from budgetx.errors import BudgetxError, ExitCode, NoBudgetTables, OutputError
from budgetx.limits import Limits, extract_limited
from budgetx.model import Document
from budgetx.writers import WRITERS, WriteOptions
from budgetx.writers.atomic import TEMP_NAME, remove_temp
from budgetx.writers.cells import csv_cell
from budgetx.writers.json import load_document
from budgetx.writers.combined import Publish, write_combined

# PDF 32000-1 §7.5.2 and readers in practice accept the header anywhere in the first
# 1024 bytes (some generators put a line of junk first).
PDF_MAGIC = b"%PDF-"
HEAD_BYTES = 1024
STATE_DIR = ".budgetx"
LOCK = "lock"
COMBINED_NAME = "combined"  # combined/, combined.xlsx, combined.sqlite
FAILURES = "failures.csv"
# Formats whose per-PDF output is the JSON document (their own form is the combined one).
PER_DOCUMENT = {"json": "json", "csv": "csv", "xlsx": "xlsx", "jsonl": "json", "sqlite": "json",
                "parquet": "json"}
CHUNK = 1 << 20


# --- the per-document job --------------------------------------------------------------

@dataclass(frozen=True)
class JobResult:
    """What the job returns: the docs/spec/output.md JSON text of the document, or why not.
    Plain strings and ints, so it pickles and serialises for any executor."""

    path: str
    sha256: str
    document: str | None = None
    reason: str = ""
    exit_code: int = ExitCode.OK

    @property
    def ok(self) -> bool:
        return self.document is not None


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _read_error(exc: OSError, path: Path | None = None) -> str:
    if isinstance(exc, FileNotFoundError):
        if path is not None and path.is_symlink():
            return f"broken symbolic link (to {os.readlink(path)}, which does not exist)"
        return "no such file"
    if isinstance(exc, IsADirectoryError):
        return "is a folder, not a PDF file"
    return f"cannot read: {exc.strerror or exc}"


def _extract_job(path: str, file: Path, sha: str, tables: frozenset[int] | None,
                 limits: Limits) -> JobResult:
    """Extract `file` (whose content hashes to `sha`) within `limits` and report it as `path`."""
    from budgetx.writers.json import document_to_dict, dumps

    try:
        doc = extract_limited(file, set(tables) if tables else None, limits)
        if not any(t.status != "missing" for t in doc.tables):
            raise NoBudgetTables(path, "no budget tables found")
    except BudgetxError as exc:
        return JobResult(path, sha, reason=exc.reason, exit_code=exc.exit_code)
    except Exception as exc:  # a bug shown by one file must not stop the others
        return JobResult(path, sha, reason=f"internal error: {type(exc).__name__}: {exc}",
                         exit_code=ExitCode.INTERNAL)
    if doc.sha256 != sha:
        return JobResult(path, sha, reason="the file changed while it was read: run again",
                         exit_code=ExitCode.BAD_INPUT)
    return JobResult(path, sha, dumps(document_to_dict(doc), indent=None))


def run_job(path: str, tables: frozenset[int] | None = None, limits: Limits = Limits()) -> JobResult:
    """Extract one PDF. Depends on nothing but the file's content and `tables`, writes
    nothing and never raises for a bad file, so any executor (a process pool here, a
    cluster in cluster.py) can run it and retry it."""
    try:
        sha = file_sha256(Path(path))
    except OSError as exc:
        return JobResult(path, "", reason=_read_error(exc), exit_code=ExitCode.BAD_INPUT)
    return _extract_job(path, Path(path), sha, tables, limits)


def run_job_on_bytes(path: str, data: bytes, tables: frozenset[int] | None = None,
                     setup: Callable[[], None] | None = None, limits: Limits = Limits()) -> JobResult:
    """The same job on a PDF's content, for a machine that cannot see the file: the
    content goes to a private temporary folder under the file's own name (the document
    names its file), and nothing is left there. `setup` runs first (quiet logging)."""
    import tempfile

    if setup is not None:
        setup()
    sha = hashlib.sha256(data).hexdigest()
    with tempfile.TemporaryDirectory(prefix="budgetx-") as folder:
        file = Path(folder) / (PurePosixPath(path.replace("\\", "/")).name or "document.pdf")
        try:
            file.write_bytes(data)
        except OSError as exc:
            return JobResult(path, sha, reason=f"the worker cannot hold the file: {exc.strerror or exc}",
                             exit_code=ExitCode.INTERNAL)
        return _extract_job(path, file, sha, tables, limits)


# --- finding the PDFs ------------------------------------------------------------------

@dataclass(frozen=True)
class Source:
    """A file to extract: where it is, and its name in the outputs (a relative POSIX
    path: `source` in the combined tables, and where its own output goes)."""

    path: Path
    name: str


def looks_like_pdf(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            return PDF_MAGIC in handle.read(HEAD_BYTES)
    except OSError:
        return False


def is_candidate(path: Path) -> bool:
    """A PDF by content, or a file that says it is one: a `.pdf` that is not a PDF
    is a failure to report, any other file is none of budgetx's business."""
    return path.suffix.lower() == ".pdf" or looks_like_pdf(path)


def walk_pdfs(folder: Path, skip: Path | None = None) -> Iterator[Path]:
    """Files under `folder` that are PDFs, in a stable order; `skip` (the output folder,
    when it sits inside an input folder) and state folders are not entered."""
    skip_real = os.path.realpath(skip) if skip is not None else None
    for top, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if d != STATE_DIR
                         and os.path.realpath(os.path.join(top, d)) != skip_real)
        for name in sorted(files):
            path = Path(top, name)
            if path.is_file() and is_candidate(path):
                yield path
            elif path.is_symlink() and not path.exists() and path.suffix.lower() == ".pdf":
                yield path  # a dangling link named .pdf: reported, not skipped silently


def given_name(path: Path) -> str:
    """The output name of a file named on the command line or stdin: the path as given,
    made relative (to the working folder if inside it) and without `..`."""
    norm = Path(os.path.normpath(path))
    if norm.is_absolute():
        try:
            norm = norm.relative_to(Path.cwd())
        except ValueError:
            norm = norm.relative_to(norm.anchor)
    parts = [p for p in norm.parts if p not in ("..", ".")]
    return "/".join(parts) or path.name or "document.pdf"


def _output_key(name: str) -> str:
    # x.pdf, X.PDF and x (a PDF without extension) would all write x.json.
    pure = PurePosixPath(name.lower())
    return str(pure.with_suffix("")) if pure.suffix == ".pdf" else str(pure)


def _unique(name: str, used: set[str]) -> str:
    candidate, n = name, 2
    pure = PurePosixPath(name)
    while _output_key(candidate) in used:
        candidate = str(pure.with_name(f"{pure.stem}~{n}{pure.suffix}"))
        n += 1
    used.add(_output_key(candidate))
    return candidate


def find_sources(inputs: Iterable[Path], skip: Path | None = None) -> list[Source]:
    """Every file to extract, once: folders walked (names relative to the folder),
    files taken as given. The same file reached twice counts once; two files that
    would get the same output name are told apart with `~2`."""
    found: list[Source] = []
    # OUTDIR's own names: a `combined.pdf` must not write its XLSX onto combined.xlsx.
    used: set[str] = {COMBINED_NAME}
    seen: set[str] = set()

    def add(path: Path, name: str) -> None:
        real = os.path.realpath(path)
        if real in seen:
            return
        seen.add(real)
        # A name that is not UTF-8 (os.fsdecode's surrogates) cannot be written in any
        # output: its undecodable bytes become U+FFFD.
        name = os.fsencode(name).decode("utf-8", "replace")
        found.append(Source(path, _unique(name, used)))

    for item in inputs:
        if item.is_dir():
            for path in walk_pdfs(item, skip):
                add(path, path.relative_to(item).as_posix())
        else:
            add(item, given_name(item))
    return found


def output_path(outdir: Path, name: str, fmt: str) -> Path:
    """Where a source's own output goes: its relative path under OUTDIR, `X.pdf` →
    `X.json`, `X_csv/` or `X.xlsx`."""
    pure = PurePosixPath(name)
    stem = pure.stem if pure.suffix.lower() == ".pdf" else pure.name
    per_doc = PER_DOCUMENT[fmt]
    leaf = f"{stem}_csv" if per_doc == "csv" else f"{stem}.{per_doc}"
    return outdir.joinpath(*pure.parent.parts, leaf)


# --- state -----------------------------------------------------------------------------

class State:
    """OUTDIR/.budgetx/state.sqlite: finished documents by (content hash, options), and
    which content each per-PDF output was written from. One transaction per document."""

    def __init__(self, outdir: Path) -> None:
        folder = outdir / STATE_DIR
        try:
            folder.mkdir(parents=True, exist_ok=True)
            self.lock = _take_lock(outdir, folder / LOCK)
            _remove_stale_temps(outdir)
            self.db = sqlite3.connect(folder / "state.sqlite", timeout=60)
            with self.db:
                self.db.execute("CREATE TABLE IF NOT EXISTS documents (sha256 TEXT, options TEXT,"
                                " document TEXT NOT NULL, PRIMARY KEY (sha256, options))")
                self.db.execute("CREATE TABLE IF NOT EXISTS outputs (target TEXT PRIMARY KEY,"
                                " sha256 TEXT NOT NULL, options TEXT NOT NULL)")
        except (OSError, sqlite3.Error) as exc:
            raise OutputError(folder, f"cannot keep the batch state: {exc}") from exc

    def document(self, sha: str, options: str) -> str | None:
        row = self.db.execute("SELECT document FROM documents WHERE sha256 = ? AND options = ?",
                              (sha, options)).fetchone()
        return None if row is None else str(row[0])

    def output(self, target: Path) -> tuple[str, str] | None:
        row = self.db.execute("SELECT sha256, options FROM outputs WHERE target = ?",
                              (str(target),)).fetchone()
        return None if row is None else (str(row[0]), str(row[1]))

    def commit(self, sha: str, options: str, document: str | None,
               outputs: Sequence[tuple[Path, str]]) -> None:
        try:
            with self.db:
                if document is not None:
                    self.db.execute("INSERT OR REPLACE INTO documents VALUES (?, ?, ?)",
                                    (sha, options, document))
                self.db.executemany("INSERT OR REPLACE INTO outputs VALUES (?, ?, ?)",
                                    [(str(target), sha, wopts) for target, wopts in outputs])
        except sqlite3.Error as exc:
            raise OutputError(STATE_DIR, f"cannot keep the batch state: {exc}") from exc

    def forget_output(self, target: Path) -> None:
        with self.db:
            self.db.execute("DELETE FROM outputs WHERE target = ?", (str(target),))

    def close(self) -> None:
        self.db.close()
        self.lock.close()  # releases the lock


def _take_lock(outdir: Path, path: Path) -> IO[bytes]:
    """One run per OUTDIR at a time: two would do all the work twice and race to
    publish. The lock goes with the process, however it ends."""
    handle = path.open("ab")
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.close()
        raise OutputError(outdir, f"another budgetx run is writing to this folder (it holds "
                                  f"{path}): wait for it to finish") from None
    return handle


def _remove_stale_temps(outdir: Path) -> None:
    """Temporary files and folders of a run killed before its renames (only called
    with the lock held, so none belongs to a live run)."""
    for top, dirs, files in os.walk(outdir):
        for name in [*files, *dirs]:
            if TEMP_NAME.match(name):
                remove_temp(Path(top, name))
        dirs[:] = [d for d in dirs if not TEMP_NAME.match(d) and d != STATE_DIR]


# --- workers ---------------------------------------------------------------------------

def _start_worker(setup: Callable[[], None] | None) -> None:
    # The parent owns Ctrl-C: it stops the pool and keeps what is finished. A worker
    # that died of SIGINT on its own would break the pool instead.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if setup is not None:
        setup()


CRASHED = "the worker process died (out of memory, or a crash inside a PDF library)"


class Workers:
    """Runs `run_job` over paths in `jobs` processes (in this one for jobs=1) and yields
    results as they complete. At most 2×jobs documents are in flight, so memory does not
    grow with the number of files."""

    # Bounds the memory a long-lived worker can accumulate in camelot or pdfium.
    TASKS_PER_WORKER = 50

    def __init__(self, jobs: int, tables: frozenset[int] | None,
                 setup: Callable[[], None] | None = None, limits: Limits = Limits()) -> None:
        self.jobs = max(1, jobs)
        self.tables = tables
        self.setup = setup
        self.limits = limits

    def _pool(self) -> ProcessPoolExecutor:
        # spawn: workers are fresh interpreters, safe with the progress bar's thread,
        # and direct children, so resource.getrusage sees their memory.
        return ProcessPoolExecutor(self.jobs, mp_context=multiprocessing.get_context("spawn"),
                                   initializer=_start_worker, initargs=(self.setup,),
                                   max_tasks_per_child=self.TASKS_PER_WORKER)

    def run(self, paths: Iterable[str]) -> Generator[JobResult, None, None]:
        if self.jobs == 1:
            for path in paths:
                yield run_job(path, self.tables, self.limits)
            return
        before = {child.pid for child in multiprocessing.active_children()}
        pool, generation = self._pool(), 0
        pending: dict[Future[JobResult], tuple[str, int]] = {}
        retry: list[str] = []
        tried: set[str] = set()
        todo = iter(paths)
        exhausted = False
        try:
            while True:
                while len(pending) < 2 * self.jobs and (retry or not exhausted):
                    nxt = retry.pop() if retry else next(todo, None)
                    if nxt is None:
                        exhausted = True
                        break
                    pending[pool.submit(run_job, nxt, self.tables, self.limits)] = (nxt, generation)
                if not pending:
                    break
                done, _ = wait(pending, return_when=FIRST_COMPLETED)
                broken = False
                for future in done:
                    path, gen = pending.pop(future)
                    try:
                        result = future.result()
                    except BrokenProcessPool:
                        broken = broken or gen == generation
                        # Which document killed the pool is unknown: give each one
                        # in flight a second chance in a new pool.
                        if path in tried:
                            yield JobResult(path, "", reason=CRASHED, exit_code=ExitCode.INTERNAL)
                        else:
                            tried.add(path)
                            retry.append(path)
                        continue
                    yield result
                if broken:
                    pool.shutdown(wait=False, cancel_futures=True)
                    pool, generation = self._pool(), generation + 1
        except BaseException:
            # Ctrl-C, SIGTERM or the consumer stopping: do not wait for documents in
            # flight, their results would be thrown away anyway.
            pool.shutdown(wait=False, cancel_futures=True)
            for child in multiprocessing.active_children():
                if child.pid not in before:
                    child.terminate()
            raise
        pool.shutdown()


class DaskWorkers:
    """Runs the job on a Dask cluster's workers (cluster.py): this process reads each
    PDF and sends its bytes, the worker sends the document back; everything else (the
    outputs, the state, the combined tables) stays here, exactly as with `Workers`."""

    def __init__(self, scheduler: str, jobs: int, tables: frozenset[int] | None,
                 setup: Callable[[], None] | None = None, limits: Limits = Limits()) -> None:
        self.scheduler = scheduler
        self.jobs = max(1, jobs)
        self.tables = tables
        self.setup = setup
        self.limits = limits

    def run(self, paths: Iterable[str]) -> Generator[JobResult, None, None]:
        from budgetx.cluster import map_on_cluster

        unread: list[JobResult] = []  # files this process could not read: no task

        def calls() -> Iterator[tuple[str, tuple[object, ...]]]:
            for path in paths:
                try:
                    data = Path(path).read_bytes()
                except OSError as exc:
                    unread.append(JobResult(path, "", reason=_read_error(exc), exit_code=ExitCode.BAD_INPUT))
                    continue
                yield path, (path, data, self.tables, self.setup, self.limits)

        def lost(path: str, exc: BaseException) -> JobResult:
            reason = CRASHED if type(exc).__name__ == "KilledWorker" else \
                f"internal error on the worker: {type(exc).__name__}: {exc}"
            return JobResult(path, "", reason=reason, exit_code=ExitCode.INTERNAL)

        for result in map_on_cluster(self.scheduler, self.jobs, run_job_on_bytes, calls(), lost,
                                     quiet=self.setup is not None):
            while unread:
                yield unread.pop()
            yield result
        yield from unread


# --- the batch -------------------------------------------------------------------------

@dataclass(frozen=True)
class BatchOptions:
    fmt: str = "json"  # json | csv | xlsx | jsonl | sqlite | parquet
    write: WriteOptions = WriteOptions()
    tables: frozenset[int] | None = None
    jobs: int = 1
    force: bool = False
    limits: Limits = Limits()
    # A Dask scheduler's address (tcp://host:8786), or "local" for a cluster on this
    # machine: documents then extract on its workers (cluster.py), not in a local pool.
    scheduler: str | None = None

    @property
    def document_key(self) -> str:
        """What a cached document depends on besides the content."""
        from budgetx.writers.json import SCHEMA

        selected = ",".join(map(str, sorted(self.tables))) if self.tables else "all"
        return f"{SCHEMA};tables={selected}"

    @property
    def output_key(self) -> str:
        """What a per-PDF output depends on besides the document."""
        return f"{self.document_key};{PER_DOCUMENT[self.fmt]};keys={self.write.keys};bom={self.write.bom}"


@dataclass(frozen=True)
class Outcome:
    """What happened to one file: done (extracted now), skipped (finished before) or failed."""

    source: Source
    status: str
    reason: str = ""
    exit_code: int = ExitCode.OK


@dataclass
class Summary:
    done: int = 0
    skipped: int = 0
    failures: list[Outcome] = field(default_factory=list)
    documents: int = 0  # distinct documents in the combined outputs
    combined: list[Path] = field(default_factory=list)

    @property
    def failed(self) -> int:
        return len(self.failures)


def _ignore(outcome: Outcome) -> None:
    pass


@contextmanager
def signals_deferred() -> Iterator[None]:
    """Hold SIGINT and SIGTERM while a few renames publish outputs together: an
    interrupt then lands after them, never between."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "pthread_sigmask"):
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def _remove_output(target: Path) -> None:
    if target.is_dir():
        shutil.rmtree(target, ignore_errors=True)
    else:
        target.unlink(missing_ok=True)


class Batch:
    """One run: plans each source (hash, skip or schedule), stores each result as it
    arrives, then writes the failures list and the combined outputs."""

    def __init__(self, options: BatchOptions, outdir: Path | None, stream: IO[bytes] | None,
                 report: Callable[[Outcome], None]) -> None:
        self.options = options
        self.outdir = outdir
        self.stream = stream
        self.report = report
        self.state = State(outdir) if outdir is not None else None
        self.summary = Summary()
        self.first_seen: dict[str, int] = {}  # sha → index of its first source: output order
        self.names: dict[str, list[str]] = {}  # sha → every source name holding that content
        self.good: set[str] = set()  # shas extracted or found finished
        self.verdict: dict[str, tuple[str, str, int]] = {}  # sha → (status, reason, code)
        self.waiting: dict[str, list[Source]] = {}  # sha → sources of a job in flight
        self.path_sha: dict[str, str] = {}  # job path → the sha it was planned under

    # -- outcomes

    def _record(self, source: Source, status: str, reason: str = "", code: int = ExitCode.OK) -> None:
        outcome = Outcome(source, status, reason, code)
        if status == "failed":
            self.summary.failures.append(outcome)
            if self.state is not None and self.outdir is not None:
                # A file that used to extract and now fails must not keep a stale output.
                target = output_path(self.outdir, source.name, self.options.fmt)
                if self.state.output(target) is not None:
                    _remove_output(target)
                    self.state.forget_output(target)
        elif status == "done":
            self.summary.done += 1
        else:
            self.summary.skipped += 1
        self.report(outcome)

    # -- per-PDF outputs

    def _write_output(self, doc: Document, source: Source) -> tuple[Path, str]:
        assert self.outdir is not None
        fmt = PER_DOCUMENT[self.options.fmt]
        target = output_path(self.outdir, source.name, self.options.fmt)
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise OutputError(target.parent, f"cannot create folder: {exc.strerror or exc}") from exc
        WRITERS[fmt](dataclasses.replace(doc, file=source.name), target, self.options.write)
        return target, self.options.output_key

    def _emit(self, text: str, name: str) -> None:
        """One document as one JSON line on the stream, named by its source path."""
        from budgetx.writers.json import dumps

        assert self.stream is not None
        data = json.loads(text, parse_float=Decimal)
        data["source"]["file"] = name
        line = (dumps(data, indent=None) + "\n").encode("utf-8")
        with signals_deferred():  # a line is written whole or not at all
            try:
                self.stream.write(line)
                self.stream.flush()
            except BrokenPipeError:
                raise
            except (OSError, ValueError) as exc:  # a full disk, a closed stdout
                raise OutputError("-", f"cannot write to stdout: {getattr(exc, 'strerror', None) or exc}") \
                    from exc

    def _finish_good(self, sha: str, text: str, sources: list[Source], status: str) -> None:
        """Store a document and write its sources' outputs; outputs first, so that a
        document is marked finished only when everything it owes is on disk. A source
        whose output cannot be written fails alone, like a bad file."""
        self.verdict[sha] = (status, "", ExitCode.OK)
        failed: dict[str, tuple[str, int]] = {}
        if self.stream is not None:
            if status == "done":
                self._emit(text, sources[0].name)
        else:
            assert self.state is not None
            doc: Document | None = None
            written = []
            for source in sources:
                target = output_path(self.outdir, source.name, self.options.fmt)  # type: ignore[arg-type]
                if status == "skipped" and not self.options.force and target.exists() \
                        and self.state.output(target) == (sha, self.options.output_key):
                    continue
                try:
                    doc = doc or load_document(text)
                    written.append(self._write_output(doc, source))
                except BudgetxError as exc:
                    failed[source.name] = (f"cannot write its output: {exc.reason}", exc.exit_code)
                except Exception as exc:  # a writer bug shown by one file must not stop the others
                    failed[source.name] = (f"internal error writing its output: {type(exc).__name__}: {exc}",
                                           ExitCode.INTERNAL)
            self.state.commit(sha, self.options.document_key, text if status == "done" else None, written)
        if len(failed) < len(sources):
            self.good.add(sha)
        for source in sources:
            if source.name in failed:
                self._record(source, "failed", *failed[source.name])
            else:
                self._record(source, status)

    # -- planning and results

    def _plan(self, sources: Sequence[Source]) -> Iterator[str]:
        """Hash each source in turn; yield the paths that need a job. Runs lazily as
        workers free up, so skipped files are handled while documents extract."""
        for index, source in enumerate(sources):
            try:
                sha = file_sha256(source.path)
            except OSError as exc:
                self._record(source, "failed", _read_error(exc, source.path), ExitCode.BAD_INPUT)
                continue
            self.first_seen.setdefault(sha, index)
            self.names.setdefault(sha, []).append(source.name)
            if sha in self.waiting:
                self.waiting[sha].append(source)
                continue
            if sha in self.verdict:
                # The same content under another name: one document, its outcome again.
                status, reason, code = self.verdict[sha]
                if status == "failed" or self.stream is not None:
                    self._record(source, status, reason, code)
                else:
                    self._finish_good(sha, self._cached(sha), [source], status)
                continue
            if not self.options.force and self.state is not None:
                cached = self.state.document(sha, self.options.document_key)
                if cached is not None:
                    self._finish_good(sha, cached, [source], "skipped")
                    continue
            self.waiting[sha] = [source]
            self.path_sha[str(source.path)] = sha
            yield str(source.path)

    def _cached(self, sha: str) -> str:
        assert self.state is not None
        text = self.state.document(sha, self.options.document_key)
        assert text is not None
        return text

    def _take(self, result: JobResult) -> None:
        sha = self.path_sha.pop(result.path)
        sources = self.waiting.pop(sha)
        if result.ok and result.sha256 != sha:
            result = JobResult(result.path, result.sha256, reason="the file changed during the batch: run again",
                               exit_code=ExitCode.BAD_INPUT)
        if result.document is not None:
            self._finish_good(sha, result.document, sources, "done")
            return
        self.verdict[sha] = ("failed", result.reason, result.exit_code)
        for source in sources:
            self._record(source, "failed", result.reason, result.exit_code)

    def run(self, sources: Sequence[Source], setup: Callable[[], None] | None) -> Summary:
        workers: Workers | DaskWorkers
        if self.options.scheduler is not None:
            workers = DaskWorkers(self.options.scheduler, self.options.jobs, self.options.tables, setup,
                                  self.options.limits)
        else:
            workers = Workers(self.options.jobs, self.options.tables, setup, self.options.limits)
        results = workers.run(self._plan(sources))
        try:
            for result in results:
                self._take(result)
        finally:
            results.close()  # stops the pool at once if we leave early (Ctrl-C)
        if self.outdir is not None:
            self._publish()
        self.summary.documents = len(self.good)
        return self.summary

    # -- the end of a run

    def _documents(self) -> Iterator[tuple[list[str], str]]:
        assert self.state is not None
        for sha in sorted(self.good, key=self.first_seen.__getitem__):
            text = self.state.document(sha, self.options.document_key)
            assert text is not None
            yield self.names[sha], text

    def _publish(self) -> None:
        assert self.outdir is not None
        publish = Publish()
        try:
            failures = io.StringIO()
            writer = csv.writer(failures, lineterminator="\r\n")
            writer.writerow(["file", "reason", "exit_code"])
            for failure in sorted(self.summary.failures, key=lambda f: f.source.name):
                file = os.fsencode(failure.source.path).decode("utf-8", "replace")
                writer.writerow([csv_cell(file), csv_cell(failure.reason), int(failure.exit_code)])
            publish.add_bytes(self.outdir / FAILURES, failures.getvalue().encode("utf-8-sig"))
            write_combined(publish, self.outdir, self.options.fmt, self._documents,
                           self.options.write)
            with signals_deferred():
                self.summary.combined = publish.commit()
        finally:
            publish.discard()


def run_batch(sources: Sequence[Source], options: BatchOptions, outdir: Path | None = None,
              stream: IO[bytes] | None = None, report: Callable[[Outcome], None] = _ignore,
              setup: Callable[[], None] | None = None) -> Summary:
    """Extract every source. With `outdir`: per-PDF outputs, state, failures.csv and the
    combined outputs there; with `stream` instead: one JSON document per line, in the
    order they finish. `report` hears about each file; `setup` runs in each worker."""
    if (outdir is None) == (stream is None):
        raise ValueError("give an output folder or a stream")
    batch = Batch(options, outdir, stream, report)
    try:
        return batch.run(sources, setup)
    finally:
        if batch.state is not None:
            batch.state.close()

