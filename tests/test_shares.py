"""reader/shares.py: a long document's pages read by several processes give exactly
the pages one process reads, in order, whatever happens to a reading child."""
from __future__ import annotations

import os

import pytest

from budgetx.reader import shares
from budgetx.reader.pdf import open_pdf
from truthcompare import SAMPLES

CHANGJI = SAMPLES["changji-2025"][0]


def _square(i: int) -> tuple[int, int]:
    return i, i * i


@pytest.mark.parametrize("count, workers", [(0, 4), (5, 2), (37, 2), (37, 5), (40, 40)])
def test_shares_keep_order(monkeypatch: pytest.MonkeyPatch, count: int, workers: int) -> None:
    monkeypatch.setattr(shares, "MIN_SHARE", 1)
    assert shares.read_in_shares(_square, count, workers) == [_square(i) for i in range(count)]


def test_a_failing_child_has_its_share_read_here(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(shares, "MIN_SHARE", 1)
    here = os.getpid()
    readers: set[int] = set()

    def read(i: int) -> int:
        if os.getpid() != here:
            raise RuntimeError("a child that cannot read")
        readers.add(i)
        return i

    assert shares.read_in_shares(read, 10, 3) == list(range(10))
    assert readers == set(range(10))  # every page read here in the end


def test_pages_read_in_two_processes_are_the_pages_read_in_one() -> None:
    one = open_pdf(CHANGJI).pages
    two = open_pdf(CHANGJI, workers=2).pages  # 32 pages: two shares of 16
    assert len(one) == 32
    assert two == one
