"""budgetx: Chinese government budget disclosures (部门预算公开) → canonical tables.

    from budgetx import extract
    doc = extract("changji-2025.pdf")      # a budgetx.model.Document
"""
from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from budgetx.pipeline import extract

try:
    __version__ = version("budgetx")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0+unknown"

__all__ = ["extract", "__version__"]


def __getattr__(name: str) -> Any:
    # Importing budgetx (or any of its modules) must not load the PDF and table stack:
    # `budgetx --help` and `budgetx schema` never need it.
    if name == "extract":
        from budgetx.pipeline import extract

        return extract
    raise AttributeError(f"module 'budgetx' has no attribute {name!r}")
