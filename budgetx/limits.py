"""A budget for each document: pages, time and memory (issue 15).

A tiny PDF can ask for a page of 14400 × 14400 points or for form XObjects nested a
dozen deep, and a PDF library then runs for minutes or takes gigabytes inside one call
that Python cannot interrupt. So each document is read in a forked child process that
its parent watches: the child reports each stage it finishes, and the parent kills it
when it goes `timeout` seconds of CPU time without progress (so that a busy machine
does not stop honest documents; a child that hangs without computing is stopped after
HANG_FACTOR times as long) or its resident memory passes `max_memory`. The parent survives either way and reports TooComplex (exit 3; in a
batch that file fails and the others go on).
"""
from __future__ import annotations

import os
import pickle
import select
import signal
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from budgetx.errors import BudgetxError, TooComplex
from budgetx.model import Document

T = TypeVar("T")
# (stage, done, total): a stage of the extraction finished a step (pipeline.Progress).
Progress = Callable[[str, int, int], None]

# How often the parent looks at the child's memory: at a few hundred MB a second (the
# fastest growth seen) a limit is overrun by a few tens of MB at most.
POLL_SECONDS = 0.05
# Wall-clock allowance, in multiples of the timeout, for a child that makes no progress
# and uses no CPU either (a hang rather than work).
HANG_FACTOR = 4
# The child's messages on its pipe: progress lines (`\x01stage\tdone\ttotal\n`), then
# one result mark and the pickled result.
_PROGRESS = b"\x01"
_RESULT = b"\x00"


@dataclass(frozen=True)
class Limits:
    """The README's limits. `timeout`: CPU seconds a document may spend without finishing
    a stage (its pages read, a page read by OCR, its grids found); `max_memory`: MB of
    resident memory; `max_pages`: pages of one PDF."""

    max_pages: int = 1000
    timeout: float = 45.0
    max_memory: int = 1536


class ExtractionFailed(Exception):
    """A bug inside the child (not a bad input): its message and traceback."""

    def __init__(self, message: str, trace: str) -> None:
        super().__init__(message)
        self.trace = trace


def _resident_mb(pid: int) -> float | None:
    """The child's resident memory and that of its own children (the processes that
    read a long document's pages, reader/shares.py)."""
    try:
        with open(f"/proc/{pid}/statm", "rb") as handle:
            pages = int(handle.read().split()[1])
    except (OSError, ValueError, IndexError):
        return None  # not Linux, or the child is gone: only the time limit applies
    try:
        with open(f"/proc/{pid}/task/{pid}/children", "rb") as handle:
            readers = [int(n) for n in handle.read().split()]
    except (OSError, ValueError):
        readers = []
    for reader in readers:
        try:
            with open(f"/proc/{reader}/statm", "rb") as handle:
                pages += int(handle.read().split()[1])
        except (OSError, ValueError, IndexError):
            pass  # gone already
    return pages * os.sysconf("SC_PAGE_SIZE") / (1 << 20)


def _cpu_seconds(pid: int) -> float | None:
    """User plus system CPU time of the process, all its threads."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as handle:
            # The command name (field 2) may hold spaces: count from the closing bracket.
            fields = handle.read().rsplit(b")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return None


def _die_with_parent() -> None:
    # A batch worker that is terminated must not leave its document's child running.
    try:
        import ctypes

        ctypes.CDLL(None).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG (Linux)
    except (OSError, AttributeError):
        pass


def _child(write_fd: int, work: Callable[[Progress], T]) -> None:
    code = 0
    try:
        _die_with_parent()
        out = os.fdopen(write_fd, "wb")

        def progress(stage: str, done: int, total: int) -> None:
            out.write(_PROGRESS + f"{stage}\t{done}\t{total}\n".encode())
            out.flush()

        payload: tuple[object, ...]
        try:
            payload = ("ok", work(progress))
        except BudgetxError as exc:
            payload = ("error", type(exc), exc.path, exc.reason)
        except MemoryError:
            payload = ("memory",)
        except Exception as exc:  # a bug: the parent reports it like any other
            payload = ("bug", f"{type(exc).__name__}: {exc}", traceback.format_exc())
        out.write(_RESULT + pickle.dumps(payload))
        out.flush()
    except BaseException:
        code = 1
    finally:
        os._exit(code)  # no atexit handlers, no flushing of the parent's buffers


def _no_report(stage: str, done: int, total: int) -> None:
    return None


def run_limited(path: Path | str, work: Callable[[Progress], T], limits: Limits,
                report: Progress = _no_report) -> T:
    """`work(progress)` in a child process within `limits`; its value, or the
    BudgetxError it raised, or TooComplex when it overran. Without fork (Windows) the
    work runs here, limited only by max_pages."""
    if not hasattr(os, "fork"):
        return work(report)
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read_fd)
        _child(write_fd, work)
    os.close(write_fd)
    payload = bytearray()
    lines = b""
    in_result = False
    alive = True
    try:
        last = time.monotonic()
        cpu_last = _cpu_seconds(pid) or 0.0
        while True:
            ready, _, _ = select.select([read_fd], [], [], POLL_SECONDS)
            if ready:
                chunk = os.read(read_fd, 1 << 16)
                if not chunk:
                    break
                if not in_result:
                    head, mark, rest = chunk.partition(_RESULT)
                    if head:
                        last = time.monotonic()
                        cpu_last = _cpu_seconds(pid) or cpu_last
                        *done, lines = (lines + head).split(b"\n")
                        for line in done:
                            stage, steps, total = line.lstrip(_PROGRESS).decode().split("\t")
                            report(stage, int(steps), int(total))
                    if mark:
                        in_result = True
                        payload += rest
                else:
                    payload += chunk
                continue
            cpu = _cpu_seconds(pid)
            idle = time.monotonic() - last
            if (cpu - cpu_last if cpu is not None else idle) > limits.timeout \
                    or idle > HANG_FACTOR * limits.timeout:
                raise TooComplex(path, f"no progress for {limits.timeout:g} s "
                                       "(raise the limit with --timeout)")
            used = _resident_mb(pid)
            if used is not None and used > limits.max_memory:
                raise TooComplex(path, f"needed more than {limits.max_memory} MB of memory "
                                       "(raise the limit with --max-memory)")
        _, status = os.waitpid(pid, 0)
        alive = False
    finally:
        os.close(read_fd)
        if alive:
            try:
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
            except (ProcessLookupError, ChildProcessError):
                pass
    if not in_result:
        if os.WIFSIGNALED(status):
            raise TooComplex(path, f"the reading process died of signal {os.WTERMSIG(status)} "
                                   "(out of memory, or a damaged PDF that crashed the PDF library)")
        raise TooComplex(path, "the reading process stopped without a result")
    result = pickle.loads(bytes(payload))
    kind = result[0]
    if kind == "ok":
        return result[1]  # type: ignore[no-any-return]
    if kind == "error":
        error: BudgetxError = result[1].__new__(result[1])
        BudgetxError.__init__(error, result[2], result[3])  # the reason as it was, prefix included
        raise error
    if kind == "memory":
        raise TooComplex(path, "ran out of memory")
    raise ExtractionFailed(result[1], result[2])


def extract_limited(path: Path, tables: set[int] | None, limits: Limits,
                    report: Progress = _no_report, workers: int = 1) -> Document:
    """pipeline.extract within `limits`; `report` hears of its progress; `workers`
    processes read a long document's pages."""
    from budgetx.pipeline import extract
    from budgetx.reader.grid import preload

    preload()  # once here rather than in every child
    return run_limited(path, lambda progress: extract(path, tables, progress, limits.max_pages, workers),
                       limits, report)
