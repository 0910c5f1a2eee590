"""Commands load only what they use: `budgetx --help` and `budgetx schema` import
neither camelot, pandas, OpenCV, openpyxl nor the PDF reader, and extracting a text
PDF with rules imports no camelot (its lattice runs on budgetx's own rule reader)."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
HEAVY = ("camelot", "pandas", "cv2", "openpyxl", "pypdfium2", "numpy")

PROBE = """
import sys
from budgetx.cli.app import app
try:
    app(sys.argv[1:], standalone_mode=False)
except SystemExit:
    pass
print("LOADED", " ".join(sorted(m for m in {heavy!r} if m in sys.modules)))
"""


def _loaded(*args: str) -> set[str]:
    out = subprocess.run([sys.executable, "-c", PROBE.format(heavy=HEAVY), *args], cwd=ROOT,
                         capture_output=True, text=True, check=True).stdout
    line = next(ln for ln in out.splitlines() if ln.startswith("LOADED"))
    return set(line.split()[1:])


@pytest.mark.parametrize("args", [("--help",), ("schema",), ("extract", "--help")])
def test_light_commands_import_nothing_heavy(args: tuple[str, ...]) -> None:
    assert _loaded(*args) == set()


def test_extract_reads_rules_without_camelot(tmp_path: Path) -> None:
    loaded = _loaded("extract", str(ROOT / "samples" / "changji-2025.pdf"), "-o", str(tmp_path / "x.json"), "-q")
    assert "pypdfium2" in loaded
    assert not loaded & {"camelot", "pandas", "cv2", "openpyxl"}


def test_quiet_extract_imports_no_terminal_library(tmp_path: Path) -> None:
    # Every run of `budgetx extract -q` pays for what it imports: the progress bars and
    # `budgetx check`'s tables (rich) are for a terminal that is watching.
    probe = PROBE.replace("{heavy!r}", "('rich',)")
    out = subprocess.run([sys.executable, "-c", probe, "extract", str(ROOT / "samples" / "changji-2025.pdf"),
                          "-o", str(tmp_path / "x.json"), "-q"], cwd=ROOT, capture_output=True, text=True,
                         check=True).stdout
    assert out.splitlines()[-1].split() == ["LOADED"]
    assert (tmp_path / "x.json").stat().st_size > 1000
