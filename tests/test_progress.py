"""One long extraction shows its pages on a terminal's stderr, and nothing elsewhere."""
from __future__ import annotations

import io
import os
import pty
import sys
import threading
from pathlib import Path

import pytest
from rich.console import Console

from budgetx.cli import app as cli
from budgetx.cli.progress import PageProgress
from truthdoc import DATA


def test_page_progress_shows_stage_pages_and_time_left() -> None:
    screen = io.StringIO()
    console = Console(file=screen, force_terminal=True, color_system=None, width=100)
    with PageProgress(enabled=True, console=console, delay=0) as progress:
        progress("OCR", 1, 3)
        progress("tables", 0, 14)
        progress("tables", 5, 14)
    shown = screen.getvalue()
    assert "reading scanned pages by OCR" in shown and " 1/3 pages" in shown
    # The time left column: unknown until a rate is measured.
    assert "reading tables" in shown and " 5/14 pages -:--:--" in shown


def test_page_progress_waits_a_moment_and_can_be_off() -> None:
    screen = io.StringIO()
    console = Console(file=screen, force_terminal=True, width=100)
    with PageProgress(enabled=True, console=console, delay=60) as progress:
        progress("tables", 5, 14)  # a quick extraction: no bar at all
    with PageProgress(enabled=False, console=console, delay=0) as progress:
        progress("tables", 5, 14)
    assert screen.getvalue() == ""


def test_cli_extract_on_a_terminal_shows_pages(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """The real command, stderr a pseudo-terminal: the bar counts the table pages."""
    master, slave = pty.openpty()
    chunks: list[bytes] = []

    def drain() -> None:
        while True:
            try:
                data = os.read(master, 65536)
            except OSError:
                return
            if not data:
                return
            chunks.append(data)

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    monkeypatch.setattr(PageProgress, "DELAY", 0.0)
    stderr = open(slave, "w", encoding="utf-8", closefd=False)
    monkeypatch.setattr(sys, "stderr", stderr)
    out = tmp_path / "x.json"
    with pytest.raises(SystemExit) as exit_:
        cli.app(["extract", str(DATA / "changji-2025.pdf"), "-o", str(out)])
    stderr.flush()
    os.close(slave)
    reader.join(timeout=10)
    os.close(master)
    shown = b"".join(chunks).decode("utf-8", "replace")
    assert exit_.value.code == 0 and out.exists()
    assert "reading tables" in shown and "14/14" in shown and "pages" in shown
    assert f"budgetx: wrote {out}" in shown
