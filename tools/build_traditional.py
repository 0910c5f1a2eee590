"""Rebuild budgetx/values/traditional.txt from OpenCC's TSCharacters.txt.

    python tools/build_traditional.py TSCharacters.txt

OpenCC (https://github.com/BYVoid/OpenCC, data/dictionary/TSCharacters.txt, Apache
License 2.0; also inside the opencc and opencc-purepy wheels) lists each traditional
character with its simplified forms. A disclosure is printed in simplified characters:
the OCR recogniser's charset also holds the traditional ones, and reads them in a poor
scan (駐 for 驻). Kept: each character no disclosure prints (outside GB2312 and the
blocks pdf.printed_characters names) whose first simplified form one does print."""
from __future__ import annotations

import sys
from pathlib import Path

from budgetx.reader.pdf import printed_characters

OUT = Path(__file__).resolve().parent.parent / "budgetx" / "values" / "traditional.txt"
HEADER = """\
# Traditional characters no disclosure prints, each with the simplified character it is
# printed as: from OpenCC's TSCharacters.txt (https://github.com/BYVoid/OpenCC,
# data/dictionary/TSCharacters.txt; Copyright (c) Carbo Kuo and contributors, Apache
# License 2.0, https://www.apache.org/licenses/LICENSE-2.0), the lines whose traditional
# character is outside GB2312 and whose first simplified form is inside it. Rebuilt by
# tools/build_traditional.py. Format: traditional<TAB>simplified
"""


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    printed = printed_characters()
    pairs = []
    for line in Path(argv[0]).read_text(encoding="utf-8").splitlines():
        fields = line.split("\t")
        if len(fields) != 2 or len(fields[0]) != 1 or fields[0] in printed:
            continue
        simple = next((s for s in fields[1].split() if len(s) == 1 and s in printed), None)
        if simple is not None:
            pairs.append(f"{fields[0]}\t{simple}")
    OUT.write_text(HEADER + "\n".join(sorted(pairs)) + "\n", encoding="utf-8")
    print(f"{len(pairs)} characters written to {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
