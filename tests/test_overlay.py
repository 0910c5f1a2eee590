"""budgetx inspect: the page drawn with the regions, boundaries and keys it was read by."""
from __future__ import annotations

import math
from pathlib import Path

from PIL import Image
from typer.testing import CliRunner

from budgetx.cli.app import app
from budgetx.errors import ExitCode
from budgetx.overlay import ALIGNED, REGION, RULED, page_picture
from truthdoc import DATA

runner = CliRunner()
T3_KEYS = ["class_code", "section_code", "item_code", "name", "total", "basic", "project"]


def _draws(path: Path, pdf: Path, page: int, colour: tuple[int, int, int]) -> None:
    picture = page_picture(pdf, page)
    assert [r.label for r in picture.regions] == ["t3 expenditure"]
    region = picture.regions[0]
    assert region.keys == T3_KEYS and len(region.col_edges) == len(T3_KEYS) - 1
    assert region.ruled == (colour == RULED)
    image = Image.open(path).convert("RGB")
    # One pixel per point at --scale 1: the page's own size (A4, 595.3 × 841.9 pt).
    assert image.size == (math.ceil(picture.width), math.ceil(picture.height)) == (596, 842)
    middle = round((region.top + region.bottom) / 2)
    assert image.getpixel((round(region.x0), middle)) == REGION
    # The boundary between 合计 and 基本支出, drawn down the body.
    edge = round(region.col_edges[4])
    assert image.getpixel((edge, middle)) == colour or image.getpixel((edge - 1, middle)) == colour


def test_inspect_draws_the_ruled_grid(tmp_path: Path) -> None:
    out = tmp_path / "p9.png"
    pdf = DATA / "changji-2025.pdf"
    result = runner.invoke(app, ["inspect", str(pdf), "--page", "9", "-o", str(out), "--scale", "1"])
    assert result.exit_code == 0, result.stderr
    assert result.stderr.strip() == f"budgetx: wrote {out} (page 9: t3 expenditure, 7 columns, ruled)"
    _draws(out, pdf, 9, RULED)


def test_inspect_draws_the_aligned_columns_of_an_unruled_table(tmp_path: Path) -> None:
    out = tmp_path / "p9.png"
    pdf = DATA / "changji-2025--nolines.pdf"
    result = runner.invoke(app, ["inspect", str(pdf), "--page", "9", "-o", str(out), "--scale", "1"])
    assert result.exit_code == 0, result.stderr
    _draws(out, pdf, 9, ALIGNED)


def test_inspect_page_out_of_range(tmp_path: Path) -> None:
    result = runner.invoke(app, ["inspect", str(DATA / "changji-2025.pdf"), "--page", "99", "-o",
                                 str(tmp_path / "x.png")])
    assert result.exit_code == ExitCode.BAD_INPUT
    assert "no page 99: the PDF has 32 pages" in result.stderr and not (tmp_path / "x.png").exists()
