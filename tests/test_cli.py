from __future__ import annotations

import json
import re
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from budgetx.cli import app as cli
from budgetx.cli.app import app
from budgetx.errors import ExitCode
from budgetx.model import Document
from budgetx.writers import document_to_dict, dumps
from truthdoc import DATA, document_from_truth

ROOT = Path(__file__).parent.parent
SAMPLE = DATA / "changji-2025.pdf"
runner = CliRunner()


def run(*args: str | Path) -> Result:
    return runner.invoke(app, [str(a) for a in args])


def as_data(text: str) -> object:
    return json.loads(text, parse_float=Decimal)


def error_line(result: Result) -> str:
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


@pytest.fixture()
def fake(monkeypatch: pytest.MonkeyPatch) -> list[tuple[Path, set[int] | None]]:
    """Replace the extraction by the ground-truth document; record the calls."""
    calls: list[tuple[Path, set[int] | None]] = []
    doc = document_from_truth()

    def fake_extract(path: Path, tables: set[int] | None, limits: object = None, show_progress: bool = False) -> Document:
        calls.append((path, tables))
        return doc

    monkeypatch.setattr(cli, "_extract", fake_extract)
    return calls


@pytest.fixture()
def pdf(tmp_path: Path) -> Path:
    path = tmp_path / "dept.pdf"
    shutil.copy(SAMPLE, path)
    return path


# --- output paths and formats (extraction replaced) -------------------------------------

def test_stdout_json_is_the_document_and_nothing_else(fake: list[object], pdf: Path) -> None:
    result = run("extract", pdf, "-f", "json", "-o", "-")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    assert as_data(result.stdout) == as_data(dumps(document_to_dict(document_from_truth())))
    assert sorted(p.name for p in pdf.parent.iterdir()) == ["dept.pdf"]


@pytest.mark.parametrize(("fmt", "name"), [("json", "dept.json"), ("csv", "dept_csv"), ("xlsx", "dept.xlsx")])
def test_default_output_beside_the_pdf(fake: list[object], pdf: Path, fmt: str, name: str) -> None:
    result = run("extract", pdf, "-f", fmt)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert (pdf.parent / name).exists()
    assert error_line(result).startswith(f"budgetx: wrote {pdf.parent / name} (")


def test_output_into_folder(fake: list[object], pdf: Path, tmp_path: Path) -> None:
    result = run("extract", pdf, "-q", "-o", f"{tmp_path}/out/")
    assert result.exit_code == 0 and result.stderr == ""
    assert (tmp_path / "out" / "dept.json").exists()
    result = run("extract", pdf, "-q", "-f", "csv", "-o", tmp_path / "csv")
    assert (tmp_path / "csv" / "02_revenue.csv").read_bytes().startswith(b"\xef\xbb\xbf")


def test_tables_option_reaches_extract(fake: list[tuple[Path, set[int] | None]], pdf: Path) -> None:
    assert run("extract", pdf, "--tables", "2,3,7", "-o", "-").exit_code == 0
    assert fake[-1] == (pdf, {2, 3, 7})


@pytest.mark.parametrize("bad", ["2,x", "0", "12", ","])
def test_bad_tables_option_is_usage_error(fake: list[object], pdf: Path, bad: str) -> None:
    result = run("extract", pdf, "--tables", bad)
    assert result.exit_code == ExitCode.USAGE
    assert not fake


def test_unwritable_output(fake: list[object], pdf: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = run("extract", pdf, "-o", blocker / "x.json")
    assert result.exit_code == ExitCode.OUTPUT
    assert re.fullmatch(rf"budgetx: {re.escape(str(blocker))}: cannot .+", error_line(result))


def test_internal_error_is_one_line(monkeypatch: pytest.MonkeyPatch, pdf: Path) -> None:
    def broken(path: Path, tables: set[int] | None, limits: object = None, show_progress: bool = False) -> Document:
        raise ZeroDivisionError("boom")

    monkeypatch.setattr(cli, "_extract", broken)
    result = run("extract", pdf)
    assert result.exit_code == ExitCode.INTERNAL
    assert error_line(result) == (f"budgetx: {pdf}: internal error: boom "
                                  "(run with --debug for the traceback)")
    result = run("extract", pdf, "--debug")
    assert isinstance(result.exception, ZeroDivisionError)


def test_missing_file(tmp_path: Path) -> None:
    result = run("extract", tmp_path / "nope.pdf")
    assert result.exit_code == ExitCode.BAD_INPUT
    assert error_line(result) == f"budgetx: {tmp_path / 'nope.pdf'}: no such file"


# --- bad inputs (real extraction) -----------------------------------------------------

def _bad_inputs(tmp_path: Path) -> dict[str, Path]:
    files = {
        "not a pdf": ("notes.pdf", "这不是PDF文件\n".encode()),
        "empty": ("empty.pdf", b""),
        "truncated": ("truncated.pdf", SAMPLE.read_bytes()[:100_000]),
    }
    paths = {}
    for case, (name, data) in files.items():
        paths[case] = tmp_path / name
        paths[case].write_bytes(data)
    for case, name in [("encrypted", "encrypted.pdf"), ("no tables", "notables.pdf"),
                       ("image only", "imageonly.pdf")]:
        paths[case] = tmp_path / name
        shutil.copy(DATA / name, paths[case])
    return paths


# A scanned page without the ocr extra is bad input (3); with OCR, a blank scan has
# no tables (7).
EXPECTED = {"not a pdf": {3}, "empty": {3}, "truncated": {3}, "encrypted": {3},
            "no tables": {7}, "image only": {3, 7}}


@pytest.mark.parametrize("case", list(EXPECTED))
@pytest.mark.parametrize("fmt", ["json", "csv", "xlsx"])
def test_bad_input_gives_one_line_and_no_output(tmp_path: Path, case: str, fmt: str) -> None:
    path = _bad_inputs(tmp_path)[case]
    before = set(tmp_path.iterdir())
    result = run("extract", path, "-f", fmt)
    assert result.exit_code in EXPECTED[case], result.stderr
    assert re.fullmatch(rf"budgetx: {re.escape(str(path))}: \S.*", error_line(result))
    assert "internal error" not in result.stderr
    assert result.stdout == ""
    assert set(tmp_path.iterdir()) == before


def test_bad_input_on_stdout_prints_nothing(tmp_path: Path) -> None:
    result = run("extract", _bad_inputs(tmp_path)["encrypted"], "-o", "-")
    assert result.exit_code == ExitCode.BAD_INPUT
    assert result.stdout == ""
    assert "encrypted" in error_line(result)


# --- real extraction ------------------------------------------------------------------

@pytest.fixture(scope="module")
def sample_doc() -> Document:
    from budgetx.pipeline import extract

    return extract(SAMPLE)


def test_stdout_json_equals_extract(sample_doc: Document) -> None:
    result = run("extract", SAMPLE, "-f", "json", "-o", "-")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    data = as_data(result.stdout)
    assert data == as_data(dumps(document_to_dict(sample_doc)))
    # README: `jq '.tables[2].rows[0]'` is 表3's 总计 row (tables.md: 2104.55).
    assert isinstance(data, dict)
    row = data["tables"][2]["rows"][0]
    assert row["name"] == "总计" and row["total"] == Decimal("2104.55")


def test_selected_tables(tmp_path: Path) -> None:
    result = run("extract", SAMPLE, "--tables", "2,3,7", "-f", "json", "-o", "-")
    assert result.exit_code == 0, result.stderr
    data = as_data(result.stdout)
    assert isinstance(data, dict)
    printed = [t["no"] for t in data["tables"] if t["status"] != "missing"]
    assert printed == [2, 3, 7]


def test_csv_one_table_to_stdout() -> None:
    result = run("extract", SAMPLE, "--tables", "3", "-f", "csv", "-o", "-")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("科目编码,类,款,项,科目名称,合计,基本支出,项目支出")
    assert result.stdout.splitlines()[1].startswith(",,,,总计,2104.55,938.82,1165.73")


# --- docs -----------------------------------------------------------------------------

def test_every_command_has_help_and_is_in_readme() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    names = [c.name or (c.callback.__name__ if c.callback else "") for c in app.registered_commands]
    assert "extract" in names
    for command, name in zip(app.registered_commands, names):
        text = command.help or (command.callback.__doc__ if command.callback else None)
        assert text and text.strip(), f"budgetx {name} has no help text"
        result = run(name, "--help")
        assert result.exit_code == 0
        assert text.strip().split()[0] in result.stdout
        assert f"budgetx {name}" in readme
