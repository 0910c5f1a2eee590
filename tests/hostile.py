"""Hostile PDFs built by hand, a few hundred bytes each (issue 15): what a careless or
malicious publisher can put in a file."""
from __future__ import annotations

import zlib

from data.make_fixtures import write_pdf


def build(objects: list[bytes], width: float = 595, height: float = 842, pages: int = 1) -> bytes:
    """A PDF of `pages` identical pages drawing content stream 3 with resources object
    4; `objects` are objects 3, 4, 5 … (1 is the catalog, 2 the page tree)."""
    first_page = 3 + len(objects)
    kids = " ".join(f"{first_page + i} 0 R" for i in range(pages))
    page = (f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {width} {height}] /Resources 4 0 R "
            f"/Contents 3 0 R >>").encode()
    bodies = [b"<< /Type /Catalog /Pages 2 0 R >>",
              f"<< /Type /Pages /Kids [{kids}] /Count {pages} >>".encode(), *objects, *[page] * pages]
    return write_pdf(bodies)


def stream(data: bytes, extra: str = "") -> bytes:
    return b"<< /Length %d %s >>\nstream\n" % (len(data), extra.encode()) + data + b"\nendstream"


def huge_image_page() -> bytes:
    """One 14400 × 14400 pt page (the most PDF allows) holding only a grey image: OCR
    at 200 dpi would render 1.6 billion pixels."""
    pixels = zlib.compress(bytes(range(256)) * 16)  # 64 × 64 grey
    image = stream(pixels, "/Type /XObject /Subtype /Image /Width 64 /Height 64 "
                           "/ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /FlateDecode")
    return build([stream(b"q 14400 0 0 14400 0 0 cm /Im1 Do Q"),
                  b"<< /XObject << /Im1 5 0 R >> >>", image], 14400, 14400)


def nested_forms(depth: int = 12, fan: int = 8) -> bytes:
    """Form XObjects that each draw the next one `fan` times, `depth` deep: a few
    hundred bytes that expand to fan**depth drawing operations."""
    forms = []
    first = 5
    for level in range(depth):
        number = first + level
        if level + 1 < depth:
            ops = b" ".join(b"q 1 0 0 1 %d 0 cm /F Do Q" % i for i in range(fan))
            res = f"/Resources << /XObject << /F {number + 1} 0 R >> >>"
        else:
            ops = b"0 0 m 10 10 l S BT /H 8 Tf (x) Tj ET"
            res = f"/Resources << /Font << /H {first + depth} 0 R >> >>"
        forms.append(stream(ops, f"/Type /XObject /Subtype /Form /BBox [0 0 595 842] {res}"))
    font = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
    return build([stream(b"/F Do"), f"<< /XObject << /F {first} 0 R >> >>".encode(), *forms, font])


def text_page(lines: list[tuple[float, float, bytes]], to_unicode: bytes | None = None, pages: int = 1) -> bytes:
    """Text in Helvetica at (x, y) per line; `to_unicode` maps its codes (a broken
    ToUnicode CMap can map a glyph to a control character or a lone surrogate)."""
    ops = b" ".join(b"BT /H 9 Tf %g %g Td (%s) Tj ET" % (x, y, text) for x, y, text in lines)
    objects = [stream(ops), b"<< /Font << /H 5 0 R >> >>"]
    if to_unicode is None:
        objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    else:
        objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /ToUnicode 6 0 R >>")
        objects.append(stream(to_unicode))
    return build(objects, pages=pages)


def cmap(pairs: dict[int, int]) -> bytes:
    """A ToUnicode CMap mapping single-byte codes to UTF-16 code units (any value,
    lone surrogates and control characters included)."""
    entries = b"\n".join(b"<%02X> <%04X>" % (code, unit) for code, unit in pairs.items())
    return (b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
            b"/CMapName /Hostile def /CMapType 2 def\n1 begincodespacerange <00> <FF> endcodespacerange\n"
            + b"%d beginbfchar\n" % len(pairs) + entries + b"\nendbfchar\nendcmap\n"
            b"CMapName currentdict /CMap defineresource pop end end\n")


def text_cells(cells: list[tuple[float, float, str]]) -> bytes:
    """A page of text cells at (x, y): each character other than ASCII is drawn with a
    letter's code that the page's ToUnicode CMap maps to it (as a subset font maps its
    glyphs), so a cell's text is what the text layer says. (Digits and punctuation are
    drawn as themselves; ASCII letters cannot be, their codes being the others'.)"""
    letters = iter(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
    codes: dict[str, int] = {}
    pairs: dict[int, int] = {}
    lines = []
    for x, y, text in cells:
        drawn = bytearray()
        for ch in text:
            if ch not in codes:
                codes[ch] = ord(ch) if ch.isascii() else next(letters)
                pairs[codes[ch]] = ord(ch)
            drawn.append(codes[ch])
        lines.append((x, y, bytes(drawn)))
    return text_page(lines, cmap(pairs))
