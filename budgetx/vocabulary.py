"""The row keys every stage shares (docs/spec/tables.md "Row keys"): which hold subject codes, which
hold text, and the canonical Chinese names of the code columns. One copy; the registry's
[row_columns] lists the same keys per row kind with their header aliases."""
from __future__ import annotations

# The flattened code hierarchy (docs/spec/output.md): the whole code, then 类 / 款 / 项.
CODE_KEYS = ("code", "class_code", "section_code", "item_code")
FUNCTION_KEYS = (*CODE_KEYS, "name")
# Economic subjects have two levels under the whole code (301 / 01), no 项.
ECONOMIC_KEYS = ("code", "class_code", "section_code", "name")
# A second classification printed beside the first (政府预算支出经济分类 beside the
# 部门预算 one): its whole code and its name, text like the first.
SECOND_CODE_KEYS = ("gov_econ_code", "gov_econ_name")
# A function-classified row's 部门预算支出经济分类 printed beside it (北京 支出总表:
# 功能 | 政府经济 | 部门经济 on every row): its code and name.
ECONOMIC_PAIR_KEYS = ("econ_code", "econ_name")
# Row keys that hold text, never amounts. A table of subjects printed unit by unit names
# each unit on the row heading its block: unit_name, and unit_code where it is printed.
TEXT_KEYS = frozenset({*FUNCTION_KEYS, *SECOND_CODE_KEYS, *ECONOMIC_PAIR_KEYS, "project_name", "project_kind", "project_group", "project_summary", "side",
                       "item", "unit_name", "unit_code"})
# The headers of the code columns in CSV and XLSX, in the order they come first.
CODE_COLUMNS = {"code": "科目编码", "class_code": "类", "section_code": "款",
                "item_code": "项", "name": "科目名称"}
# A code printed in parts: the headers of its columns, in order (类 | 款 | 项).
CODE_PARTS = tuple(CODE_COLUMNS[k] for k in CODE_KEYS[1:])
