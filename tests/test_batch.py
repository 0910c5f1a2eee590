from __future__ import annotations

import csv
import hashlib
import json
import signal
import sqlite3
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from budgetx import batch
from budgetx.batch import JobResult, find_sources, load_document, output_path
from budgetx.cli.app import app
from budgetx.errors import ExitCode
from budgetx.writers import document_to_dict, dumps
from truthdoc import DATA, document_from_truth

ROOT = Path(__file__).parent.parent
CHANGJI = DATA / "changji-2025.pdf"
QINGHE = DATA / "qinghe-edu-2025--replica.pdf"
runner = CliRunner()


def run(*args: str | Path, stdin: str | None = None) -> Result:
    return runner.invoke(app, [str(a) for a in args], input=stdin)


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def read_jsonl(path: Path) -> list[dict[str, object]]:
    return [json.loads(line, parse_float=Decimal) for line in path.read_text(encoding="utf-8").splitlines()]


def variant(source: Path, target: Path, n: int) -> Path:
    """The same PDF with a trailing comment: another content hash, the same tables."""
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(source.read_bytes() + f"\n% copy {n}\n".encode())
    return target


# --- a mixed folder, real extraction --------------------------------------------------

@pytest.fixture(scope="module")
def mixed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Result]:
    """changji, qinghe, a renamed copy of each (one without extension), a non-PDF named
    .pdf, a truncated PDF, an empty file and a text file; extracted once as CSV."""
    root = tmp_path_factory.mktemp("batch")
    folder = root / "in"
    (folder / "sub").mkdir(parents=True)
    (folder / "other").mkdir()
    (folder / "changji.pdf").write_bytes(CHANGJI.read_bytes())
    (folder / "sub" / "qinghe.pdf").write_bytes(QINGHE.read_bytes())
    (folder / "other" / "renamed.pdf").write_bytes(CHANGJI.read_bytes())
    (folder / "other" / "qinghe-no-extension").write_bytes(QINGHE.read_bytes())
    (folder / "notes.pdf").write_bytes("这不是PDF文件\n".encode())
    (folder / "sub" / "truncated.pdf").write_bytes(CHANGJI.read_bytes()[:100_000])
    (folder / "empty.pdf").write_bytes(b"")
    (folder / "readme.txt").write_text("not a PDF, not named .pdf: ignored")
    out = root / "out"
    result = run("extract", folder, "-o", out, "-f", "csv", "--jobs", "2")
    return folder, out, result


GOOD = {"changji.pdf", "sub/qinghe.pdf", "other/renamed.pdf", "other/qinghe-no-extension"}
BAD = {"notes.pdf": "not a PDF", "sub/truncated.pdf": "truncated", "empty.pdf": "empty"}


def test_bad_files_reported_good_ones_extracted(mixed: tuple[Path, Path, Result]) -> None:
    folder, out, result = mixed
    assert result.exit_code == ExitCode.BATCH_FAILURES, result.stderr
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert lines[-1] == (f"budgetx: 4 done, 0 skipped, 3 failed (listed in {out / 'failures.csv'}); "
                         f"2 documents combined in {out / 'combined'}")
    for name, reason in BAD.items():
        assert any(line.startswith(f"budgetx: {folder / name}: ") and reason in line for line in lines)
    failures = read_csv(out / "failures.csv")
    assert {Path(f["file"]).relative_to(folder).as_posix() for f in failures} == set(BAD)
    assert {f["exit_code"] for f in failures} == {"3"}
    # One output per good PDF, mirroring the tree; none for the bad ones or readme.txt.
    for name in ["changji_csv", "sub/qinghe_csv", "other/renamed_csv", "other/qinghe-no-extension_csv"]:
        assert (out / name / "03_expenditure.csv").exists(), name
    for name in ["notes_csv", "sub/truncated_csv", "empty_csv", "readme_csv"]:
        assert not (out / name).exists()
    assert not list(out.rglob("*.tmp"))


def test_combined_csv_holds_each_document_once(mixed: tuple[Path, Path, Result]) -> None:
    _, out, _ = mixed
    rows = read_csv(out / "combined" / "03_expenditure.csv")
    totals = [(r["来源文件"], r["部门"], r["年度"], r["单位"], r["合计"]) for r in rows if r["科目名称"] == "总计"]
    # A document's rows carry its first name in walking order (a folder's files, then
    # its subfolders, sorted).
    assert totals == [("changji.pdf", "昌吉回族自治州政务服务和公共资源交易中心", "2025", "万元", "2104.55"),
                      ("other/qinghe-no-extension", "青禾县教育局", "2025", "万元", "11374.52")]
    own = read_csv(out / "changji_csv" / "03_expenditure.csv")
    assert [r for r in rows if r["来源文件"] == "changji.pdf"] == [
        {"来源文件": "changji.pdf", "部门": "昌吉回族自治州政务服务和公共资源交易中心", "年度": "2025",
         "单位": "万元", **{k: r.get(k, "") for k in rows[0] if k not in ("来源文件", "部门", "年度", "单位")}}
        for r in own]
    documents = read_csv(out / "combined" / "documents.csv")
    assert [(d["source"], json.loads(d["paths"])) for d in documents] == [
        ("changji.pdf", ["changji.pdf", "other/renamed.pdf"]),
        ("other/qinghe-no-extension", ["other/qinghe-no-extension", "sub/qinghe.pdf"])]
    assert documents[0]["sha256"] == hashlib.sha256(CHANGJI.read_bytes()).hexdigest()


def test_rerun_skips_and_sqlite_holds_the_good_rows(mixed: tuple[Path, Path, Result]) -> None:
    folder, out, _ = mixed
    result = run("extract", folder, "-o", out, "-f", "sqlite", "--jobs", "2")
    assert result.exit_code == ExitCode.BATCH_FAILURES
    assert result.stderr.splitlines()[-1].startswith("budgetx: 0 done, 4 skipped, 3 failed")
    db = sqlite3.connect(out / "combined.sqlite")
    totals = db.execute("SELECT source, department, year, unit, total FROM expenditure "
                        "WHERE name = '总计' ORDER BY source").fetchall()
    assert totals == [("changji.pdf", "昌吉回族自治州政务服务和公共资源交易中心", 2025, "万元", 2104.55),
                      ("other/qinghe-no-extension", "青禾县教育局", 2025, "万元", 11374.52)]
    # Per-PDF outputs of a sqlite batch are the JSON documents: every row is there once.
    changji = json.loads((out / "changji.json").read_text(encoding="utf-8"))
    qinghe = json.loads((out / "sub" / "qinghe.json").read_text(encoding="utf-8"))
    assert changji["source"]["file"] == "changji.pdf"
    for no, key in [(2, "revenue"), (3, "expenditure"), (7, "general_project")]:
        expected = len(changji["tables"][no - 1]["rows"]) + len(qinghe["tables"][no - 1]["rows"])
        assert db.execute(f"SELECT count(*) FROM {key}").fetchone() == (expected,)
    assert db.execute("SELECT count(*) FROM checks").fetchone() == (len(changji["checks"]) + len(qinghe["checks"]),)
    docs = db.execute("SELECT source, paths, pages FROM documents ORDER BY source").fetchall()
    assert [(s, json.loads(p), n) for s, p, n in docs] == [
        ("changji.pdf", ["changji.pdf", "other/renamed.pdf"], changji["source"]["pages"]),
        ("other/qinghe-no-extension", ["other/qinghe-no-extension", "sub/qinghe.pdf"], qinghe["source"]["pages"])]
    assert db.execute("SELECT typeof(code), typeof(total) FROM expenditure WHERE code = '201'").fetchall() == [
        ("text", "real")] * 1
    db.close()


def test_jsonl_stream_on_stdout(mixed: tuple[Path, Path, Result]) -> None:
    folder, out, _ = mixed
    result = run("extract", folder / "changji.pdf", folder / "notes.pdf", folder / "other" / "renamed.pdf",
                 "-f", "jsonl", "-o", "-", "--jobs", "1")
    assert result.exit_code == ExitCode.BATCH_FAILURES
    lines = result.stdout.splitlines()
    assert len(lines) == 1  # the renamed copy is the same document
    streamed = json.loads(lines[0], parse_float=Decimal)
    stored = json.loads((out / "changji.json").read_text(encoding="utf-8"), parse_float=Decimal)
    assert streamed["source"]["file"] == str(folder / "changji.pdf").lstrip("/")
    streamed["source"]["file"] = stored["source"]["file"]
    assert streamed == stored
    assert streamed["tables"][2]["rows"][0]["total"] == Decimal("2104.55")


# --- interruption, real extraction ----------------------------------------------------

def _start(folder: Path, out: Path) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "budgetx", "extract", folder, "-o", out, "-f", "csv",
                             "--jobs", "2"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            cwd=ROOT)


def _finished(out: Path) -> int:
    try:
        # Read-only: never create the state database before the batch does.
        db = sqlite3.connect(f"file:{out / '.budgetx' / 'state.sqlite'}?mode=ro", uri=True, timeout=10)
        try:
            return int(db.execute("SELECT count(*) FROM documents").fetchone()[0])
        finally:
            db.close()
    except sqlite3.OperationalError:
        return 0


def _interrupt_after(folder: Path, out: Path, finished: int, sig: int) -> tuple[int, str]:
    process = _start(folder, out)
    deadline = time.monotonic() + 180
    while _finished(out) < finished and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.2)
    process.send_signal(sig)
    stdout, stderr = process.communicate(timeout=60)
    assert stdout == ""
    return process.returncode, stderr


def test_killed_batch_loses_and_duplicates_nothing(tmp_path: Path) -> None:
    folder, out = tmp_path / "in", tmp_path / "out"
    names = [f"d{n}.pdf" for n in range(5)]
    for n, name in enumerate(names):
        variant(CHANGJI, folder / name, n)
    # One document finished, four to go: SIGTERM lands mid-batch.
    code, stderr = _interrupt_after(folder, out, 1, signal.SIGTERM)
    assert code == 143, stderr
    assert "interrupted" in stderr and "Traceback" not in stderr
    assert not (out / "combined").exists()
    assert not list(out.rglob("*.tmp"))
    code, stderr = _interrupt_after(folder, out, 3, signal.SIGINT)
    assert code in (130, ExitCode.OK), stderr
    assert not list(out.rglob("*.tmp"))
    done_before = _finished(out)
    assert done_before >= 3 or code == ExitCode.OK

    result = run("extract", folder, "-o", out, "-f", "csv", "--jobs", "2")
    assert result.exit_code == ExitCode.OK, result.stderr
    assert result.stderr.splitlines()[-1].startswith(f"budgetx: {5 - done_before} done, {done_before} skipped, 0 failed")
    rows = read_csv(out / "combined" / "03_expenditure.csv")
    totals = sorted((r["来源文件"], r["合计"]) for r in rows if r["科目名称"] == "总计")
    assert totals == [(name, "2104.55") for name in names]
    one = len(read_csv(out / "d0_csv" / "03_expenditure.csv"))
    assert len(rows) == 5 * one
    assert len(read_csv(out / "combined" / "documents.csv")) == 5


# --- skip, rename, change, force (extraction replaced) ---------------------------------

@pytest.fixture()
def fake_job(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The job on the ground-truth document, in this process (--jobs 1); records calls."""
    calls: list[str] = []

    def job(path: str, tables: frozenset[int] | None = None, limits: object = None) -> JobResult:
        calls.append(Path(path).name)
        data = Path(path).read_bytes()
        sha = hashlib.sha256(data).hexdigest()
        if not data.startswith(b"%PDF-"):
            return JobResult(path, sha, reason="not a PDF file", exit_code=ExitCode.BAD_INPUT)
        doc = document_from_truth()
        doc.sha256, doc.file = sha, Path(path).name
        return JobResult(path, sha, dumps(document_to_dict(doc), indent=None))

    monkeypatch.setattr(batch, "run_job", job)
    return calls


def fake_pdf(path: Path, tag: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(f"%PDF-1.7\n% {tag}\n".encode())
    return path


def summary(result: Result) -> str:
    return result.stderr.splitlines()[-1]


def test_renamed_file_is_skipped_changed_file_redone_force_redoes_all(fake_job: list[str], tmp_path: Path) -> None:
    folder, out = tmp_path / "in", tmp_path / "out"
    fake_pdf(folder / "a.pdf", "a")
    fake_pdf(folder / "b.pdf", "b")
    args = ("extract", folder, "-o", out, "--jobs", "1")
    assert run(*args).exit_code == 0
    assert sorted(fake_job) == ["a.pdf", "b.pdf"]

    (folder / "a.pdf").rename(folder / "renamed.pdf")
    result = run(*args)
    assert summary(result).startswith("budgetx: 0 done, 2 skipped, 0 failed")
    assert len(fake_job) == 2
    assert json.loads((out / "renamed.json").read_text(encoding="utf-8"))["source"]["file"] == "renamed.pdf"
    documents = read_jsonl(out / "combined" / "documents.jsonl")
    assert sorted(d["source"] for d in documents) == ["b.pdf", "renamed.pdf"]

    fake_pdf(folder / "b.pdf", "b changed")
    result = run(*args)
    assert summary(result).startswith("budgetx: 1 done, 1 skipped, 0 failed")
    assert fake_job[2:] == ["b.pdf"]

    result = run(*args, "--force")
    assert summary(result).startswith("budgetx: 2 done, 0 skipped, 0 failed")
    assert sorted(fake_job[3:]) == ["b.pdf", "renamed.pdf"]


def test_file_that_turns_bad_loses_its_output(fake_job: list[str], tmp_path: Path) -> None:
    folder, out = tmp_path / "in", tmp_path / "out"
    fake_pdf(folder / "a.pdf", "a")
    assert run("extract", folder, "-o", out, "--jobs", "1").exit_code == 0
    assert (out / "a.json").exists()
    (folder / "a.pdf").write_bytes(b"garbage")
    result = run("extract", folder, "-o", out, "--jobs", "1")
    assert result.exit_code == ExitCode.BATCH_FAILURES
    assert not (out / "a.json").exists()
    assert read_jsonl(out / "combined" / "documents.jsonl") == []


def test_from_stdin_and_combined_formats(fake_job: list[str], tmp_path: Path) -> None:
    a = fake_pdf(tmp_path / "x" / "a.pdf", "a")
    b = fake_pdf(tmp_path / "y" / "b.pdf", "b")
    out = tmp_path / "out"
    result = run("extract", "--from-stdin", "-o", out, "-f", "jsonl", "--jobs", "1", stdin=f"{a}\n{b}\n\n")
    assert result.exit_code == 0, result.stderr
    lines = (out / "combined" / "03_expenditure.jsonl").read_text(encoding="utf-8").splitlines()
    first = json.loads(lines[0], parse_float=Decimal)
    assert first["total"] == Decimal("2104.55") and first["name"] == "总计"
    assert first["source"] == a.as_posix().lstrip("/") or first["source"].endswith("x/a.pdf")
    result = run("extract", a, b, "-o", out, "-f", "xlsx", "--jobs", "1", "--keys", "en")
    assert result.exit_code == 0, result.stderr
    from openpyxl import load_workbook

    book = load_workbook(out / "combined.xlsx")
    assert book.sheetnames[2] == "3 部门支出总体情况表" and book.sheetnames[-2:] == ["documents", "checks"]
    sheet = book["3 部门支出总体情况表"]
    header = [c.value for c in sheet[1]]
    assert header[:5] == ["source", "department", "year", "unit", "code"]
    row = {h: c.value for h, c in zip(header, sheet[2])}
    assert row["name"] == "总计" and row["total"] == pytest.approx(2104.55)
    assert sheet.cell(2, header.index("total") + 1).number_format == "#,##0.00"


# --- usage and pieces -----------------------------------------------------------------

def test_batch_usage_errors(tmp_path: Path) -> None:
    assert run("extract", tmp_path).exit_code == ExitCode.USAGE  # a folder needs -o
    assert run("extract", tmp_path, "-o", "-").exit_code == ExitCode.USAGE  # stdout: jsonl only
    assert run("extract", "--from-stdin", "-o", tmp_path / "out", stdin="").exit_code == ExitCode.USAGE
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = run("extract", tmp_path, "-o", blocker)
    assert result.exit_code == ExitCode.OUTPUT
    assert result.stderr.startswith(f"budgetx: {blocker}: ")


def test_find_sources_by_content_and_names(tmp_path: Path) -> None:
    fake_pdf(tmp_path / "in" / "a" / "x.pdf", "x")
    fake_pdf(tmp_path / "in" / "scan", "no extension")
    (tmp_path / "in" / "a" / "NOTE.PDF").write_text("not a PDF, but named one")
    (tmp_path / "in" / "a" / "notes.txt").write_text("ignored")
    out = tmp_path / "in" / "out"
    fake_pdf(out / "old.pdf", "inside the output folder: not an input")
    sources = find_sources([tmp_path / "in", tmp_path / "in" / "a" / "x.pdf"], skip=out)
    assert [s.name for s in sources] == ["scan", "a/NOTE.PDF", "a/x.pdf"]
    assert output_path(tmp_path, "a/x.pdf", "csv") == tmp_path / "a" / "x_csv"
    assert output_path(tmp_path, "scan", "sqlite") == tmp_path / "scan.json"
    fake_pdf(tmp_path / "q" / "p" / "d.pdf", "2")
    fake_pdf(tmp_path / "q" / "p" / "D.PDF", "3")
    fake_pdf(tmp_path / "q" / "p" / "d", "4")
    clash = find_sources([tmp_path / "q", Path("p/d.pdf")])
    # Names that would share an output (p/d.json) are told apart.
    assert [s.name for s in clash] == ["p/D.PDF", "p/d~2", "p/d~3.pdf", "p/d~4.pdf"]


def test_load_document_round_trips() -> None:
    doc = document_from_truth()
    text = dumps(document_to_dict(doc), indent=None)
    assert dumps(document_to_dict(load_document(text)), indent=None) == text
