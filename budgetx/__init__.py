"""budgetx: Chinese government budget disclosures (部门预算公开) → canonical tables.

    from budgetx import extract
    doc = extract("changji-2025.pdf")      # a budgetx.model.Document
"""
from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from budgetx.pipeline import extract


def __getattr__(name: str) -> object:
    # The pipeline (pypdfium2 and the rest) loads on first use of budgetx.extract, not
    # for every `budgetx --help` or `budgetx schema`.
    if name == "extract":
        from budgetx.pipeline import extract

        return extract
    raise AttributeError(f"module 'budgetx' has no attribute {name!r}")


try:
    __version__ = version("budgetx")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0+unknown"

__all__ = ["extract", "__version__"]
