"""Hanzi a text layer gives as look-alike code points: fonts of office software map a
glyph to the radical it looks like (⼀般公共预算⽀出, 部⻔: KANGXI RADICAL ONE, CJK
RADICAL C-SIMPLIFIED GATE) or to a compatibility ideograph (U+F90A for 金). They print
the same, but a name holding them matches no title, header or subject name, and
copies out as something else than what the page shows. Each is read as the unified
ideograph it stands for."""
from __future__ import annotations

import functools
import unicodedata
from collections.abc import Mapping
from importlib import resources

# The blocks whose characters stand in for unified ideographs: the CJK Radicals
# Supplement and Kangxi Radicals; CJK Compatibility Ideographs.
_RADICALS = range(0x2E80, 0x2FE0)
_COMPATIBILITY = range(0xF900, 0xFB00)


@functools.cache
def unified_ideographs() -> Mapping[str, str]:
    """Each radical and compatibility ideograph that stands for one unified ideograph,
    with that ideograph: the supplement's from Unicode's EquivalentUnifiedIdeograph.txt
    (radicals.txt), the Kangxi radicals' and the compatibility ideographs' their
    normal forms (NFKC, NFC: the same ideographs)."""
    table: dict[str, str] = {}
    text = resources.files("budgetx.values").joinpath("radicals.txt").read_text(encoding="utf-8")
    for line in text.splitlines():
        fields = line.split("#", 1)[0].split(";")
        if len(fields) != 2:
            continue
        first, _, last = fields[0].strip().partition("..")
        for code in range(int(first, 16), int(last or first, 16) + 1):
            table[chr(code)] = chr(int(fields[1], 16))
    for code in _RADICALS:
        ch = chr(code)
        if ch not in table and unicodedata.category(ch) == "So":
            normal = unicodedata.normalize("NFKC", ch)
            if normal != ch:
                table[ch] = normal
    for code in _COMPATIBILITY:
        normal = unicodedata.normalize("NFC", chr(code))
        if normal != chr(code):
            table[chr(code)] = normal
    return table



@functools.cache
def simplified_characters() -> Mapping[str, str]:
    """Each traditional character no disclosure prints, with the simplified character it
    is printed as (traditional.txt, from OpenCC's TSCharacters.txt): what an OCR
    recogniser that knows both reads in a poor scan (駐 for 驻)."""
    text = resources.files("budgetx.values").joinpath("traditional.txt").read_text(encoding="utf-8")
    pairs = (line.split("\t") for line in text.splitlines() if line and not line.startswith("#"))
    return {fields[0]: fields[1] for fields in pairs if len(fields) == 2}
