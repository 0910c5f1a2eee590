"""A long PDF's pages read in several processes (issue 13): reading the words and rules
of a page is almost all of the time budgetx spends on a document of a hundred pages or
more, and each page is read on its own. The pages are cut into consecutive shares; the
first is read here, each other one in a forked child that inherits the open document,
reads its share the same way and sends the pages back pickled. A child that fails or
dies has its share read here instead, so the result never depends on the split.

Only where fork exists (not Windows), and only when the caller asks for more than one
process: a batch already keeps every core busy with a document each.
"""
from __future__ import annotations

import os
import pickle
import signal
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")

# Fewer pages than this per process and forking costs more than it saves (a page is
# read in about 10 ms, a fork and the pickling of its pages take tens of ms).
MIN_SHARE = 12


def _die_with_parent(parent: int) -> None:
    """A reader whose parent was killed (the time or memory limit) must not go on."""
    try:
        import ctypes

        ctypes.CDLL(None).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG (Linux)
    except (OSError, AttributeError):
        pass
    if os.getppid() != parent:  # the parent went before the signal was set
        os._exit(1)


def _read_share(read: Callable[[int], T], start: int, stop: int, write_fd: int, parent: int) -> None:
    code = 1
    try:
        _die_with_parent(parent)
        payload = pickle.dumps([read(i) for i in range(start, stop)], protocol=pickle.HIGHEST_PROTOCOL)
        with os.fdopen(write_fd, "wb") as out:
            out.write(payload)
        code = 0
    except BaseException:  # noqa: B036 - whatever happened, the parent reads the share itself
        pass
    finally:
        os._exit(code)  # no atexit handlers, no flushing of the parent's buffers


def read_in_shares(read: Callable[[int], T], count: int, workers: int) -> list[T]:
    """[read(0), …, read(count - 1)], with up to `workers` processes."""
    workers = min(workers, count // MIN_SHARE) if hasattr(os, "fork") else 1
    if workers <= 1:
        return [read(i) for i in range(count)]
    size = -(-count // workers)
    parent = os.getpid()
    children: list[tuple[int, int, int, int]] = []  # (pid, read end, start, stop)
    for start in range(size, count, size):
        stop = min(start + size, count)
        read_fd, write_fd = os.pipe()
        try:
            pid = os.fork()
        except OSError:  # no more processes: this one reads the rest
            os.close(read_fd)
            os.close(write_fd)
            break
        if pid == 0:
            os.close(read_fd)
            _read_share(read, start, stop, write_fd, parent)
        os.close(write_fd)
        children.append((pid, read_fd, start, stop))
    done = children[0][2] if children else count
    out = [read(i) for i in range(done)]
    for pid, read_fd, start, stop in children:
        with os.fdopen(read_fd, "rb") as src:
            payload = src.read()
        _, status = os.waitpid(pid, 0)
        share: list[T] | None = None
        if status == 0 and payload:
            try:
                share = pickle.loads(payload)
            except Exception:  # noqa: BLE001 - a truncated share is read again here
                share = None
        if share is None or len(share) != stop - start:
            share = [read(i) for i in range(start, stop)]
        out.extend(share)
    return out
