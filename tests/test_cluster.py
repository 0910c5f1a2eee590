"""--scheduler: the batch's documents extracted on a Dask cluster's workers give the same
outputs, byte for byte, as the local worker processes."""
from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from distributed import LocalCluster
from typer.testing import CliRunner, Result

from budgetx.cli.app import app
from budgetx.errors import ExitCode
from truthdoc import DATA

runner = CliRunner()


def run(*args: str | Path) -> Result:
    return runner.invoke(app, [str(a) for a in args])


def outputs(out: Path) -> dict[str, bytes]:
    """Every file of an OUTDIR but the resume state, by relative path."""
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*"))
            if p.is_file() and ".budgetx" not in p.relative_to(out).parts}


def rows(db: Path) -> dict[str, list[tuple[object, ...]]]:
    con = sqlite3.connect(db)
    tables = [t for (t,) in con.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
    out = {t: con.execute(f'SELECT * FROM "{t}" ORDER BY rowid').fetchall() for t in tables}
    con.close()
    return out


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two disclosures, a renamed copy of one, and a file that is not a PDF."""
    root = tmp_path_factory.mktemp("cluster") / "in"
    (root / "sub").mkdir(parents=True)
    (root / "changji.pdf").write_bytes((DATA / "changji-2025.pdf").read_bytes())
    (root / "sub" / "qinghe.pdf").write_bytes((DATA / "qinghe-edu-2025--replica.pdf").read_bytes())
    (root / "sub" / "renamed.pdf").write_bytes((DATA / "changji-2025.pdf").read_bytes())
    (root / "notes.pdf").write_text("not a PDF")
    return root


def test_local_cluster_gives_the_local_batch_outputs(folder: Path, tmp_path: Path) -> None:
    local, dask = tmp_path / "local", tmp_path / "dask"
    first = run("extract", folder, "-o", local, "-f", "csv", "--jobs", "2")
    second = run("extract", folder, "-o", dask, "-f", "csv", "--scheduler", "local", "--jobs", "2")
    for result, out in [(first, local), (second, dask)]:
        assert result.exit_code == ExitCode.BATCH_FAILURES, result.stderr
        assert result.stderr.splitlines() == [
            f"budgetx: {folder / 'notes.pdf'}: not a PDF file",
            f"budgetx: 3 done, 0 skipped, 1 failed (listed in {out / 'failures.csv'}); "
            f"2 documents combined in {out / 'combined'}"]
    mine, theirs = outputs(local), outputs(dask)
    assert "combined/03_expenditure.csv" in mine and "sub/renamed_csv/03_expenditure.csv" in mine
    assert sorted(theirs) == sorted(mine)
    for name in mine:
        assert theirs[name] == mine[name], name

    # The same combined SQLite rows (built from the documents each run stored).
    assert run("extract", folder, "-o", local, "-f", "sqlite", "--jobs", "2").exit_code == ExitCode.BATCH_FAILURES
    again = run("extract", folder, "-o", dask, "-f", "sqlite", "--scheduler", "local", "--jobs", "2")
    assert again.stderr.splitlines()[-1].startswith("budgetx: 0 done, 3 skipped, 1 failed")
    expected = rows(local / "combined.sqlite")
    assert len(expected["expenditure"]) > 20 and len(expected["documents"]) == 2
    assert rows(dask / "combined.sqlite") == expected


def test_a_running_scheduler_by_address(folder: Path, tmp_path: Path) -> None:
    """`dask scheduler` + `dask worker` elsewhere, as the README shows: here a cluster
    started apart from budgetx, reached by its tcp:// address."""
    one = tmp_path / "one"
    one.mkdir()
    (one / "changji.pdf").write_bytes((folder / "changji.pdf").read_bytes())
    with LocalCluster(n_workers=1, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        address = cluster.scheduler_address
        assert address.startswith("tcp://")
        result = run("extract", one, "-o", tmp_path / "out", "--scheduler", address, "-f", "jsonl", "-q")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    combined = (tmp_path / "out" / "combined" / "03_expenditure.jsonl").read_text(encoding="utf-8")
    assert '"name": "总计"' in combined and '"total": 2104.55' in combined


def test_unreachable_scheduler_is_one_line(tmp_path: Path) -> None:
    (tmp_path / "a.pdf").write_bytes((DATA / "notables.pdf").read_bytes())
    result = run("extract", tmp_path / "a.pdf", "-o", tmp_path / "out", "--scheduler", "tcp://127.0.0.1:9")
    assert result.exit_code == ExitCode.USAGE
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("budgetx: tcp://127.0.0.1:9: cannot reach the Dask scheduler")
