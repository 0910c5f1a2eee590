"""Shared fixtures: each sample PDF is extracted once per test session."""
from __future__ import annotations

from collections.abc import Callable

import pytest

from budgetx.model import Document
from budgetx.pipeline import extract
from truthcompare import SAMPLES


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", default=False,
                     help="rewrite tests/data/*.expected.json from the current extraction "
                          "(review the diff before committing)")


@pytest.fixture(scope="session")
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


@pytest.fixture(scope="session")
def extracted() -> Callable[[str], Document]:
    """`extracted(name)` → the Document of sample `name`, extracted on first use only.
    Tests must not modify the returned Document."""
    cache: dict[str, Document] = {}

    def get(name: str) -> Document:
        if name not in cache:
            cache[name] = extract(SAMPLES[name][0])
        return cache[name]

    return get
