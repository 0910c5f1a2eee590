"""ideographs.py: radicals and compatibility ideographs read as the hanzi they stand for."""
from __future__ import annotations

import unicodedata

from budgetx.reader.pdf import printed_characters
from budgetx.values.ideographs import simplified_characters, unified_ideographs


def test_radicals_and_compatibility_ideographs_stand_for_unified_ideographs() -> None:
    table = unified_ideographs()
    # Kangxi radicals (NFKC), the supplement's simplified forms (Unicode's
    # EquivalentUnifiedIdeograph.txt), compatibility ideographs (NFC).
    assert [table[ch] for ch in "⼀⽀⾏⽬⼈⻔⻓⻢⻋⻛⺠\uf90a\uf9d1"] == list("一支行目人门长马车风民金六")
    # 114 supplement radicals, all 214 Kangxi radicals, 460 compatibility ideographs.
    assert len(table) == 114 + 214 + 460
    # U+2E80 has no equivalent; U+2E9A is unassigned; a hanzi stands for itself.
    assert not {"\u2e80", "\u2e9a", "一", "门"} & table.keys()
    assert all(unicodedata.name(v).startswith("CJK UNIFIED IDEOGRAPH") for v in table.values())


def test_traditional_characters_map_to_the_simplified_ones_printed() -> None:
    table = simplified_characters()
    assert table["駐"] == "驻" and table["國"] == "国" and table["們"] == "们"
    printed = printed_characters()
    # Only characters no disclosure prints are mapped, each to one it prints: 台, 后, 干
    # (simplified forms of several traditional ones) are printed as they are.
    assert len(table) > 2000
    assert not any(t in printed for t in table) and all(s in printed for s in table.values())
    assert "台" not in table and "后" not in table
