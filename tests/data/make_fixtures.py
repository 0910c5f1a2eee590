"""Regenerate the small bad-input PDFs the CLI tests use (run once, commit the output).

    python tests/data/make_fixtures.py

encrypted.pdf needs pypdf, which is not a budgetx dependency: install it in a throwaway
place (`pip install --target /tmp/pypdf pypdf` and `PYTHONPATH=/tmp/pypdf`).
"""
from __future__ import annotations

import zlib
from pathlib import Path

HERE = Path(__file__).parent


def build_pdf(content: bytes, resources: str, extra: list[bytes] | None = None) -> bytes:
    """A one-page A4 PDF with the given content stream, written with a correct xref."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources {resources} "
        f"/Contents 4 0 R >>".encode(),
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        *(extra or []),
    ]
    return write_pdf(objects)


def write_pdf(objects: list[bytes]) -> bytes:
    """Objects 1, 2, 3 … (1 the catalog) as a PDF file with a correct xref table."""
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def text_pdf() -> bytes:
    """A page of prose and no table at all."""
    lines = ["Annual work report of the department", "This document holds no budget tables.",
             "It is used to test that budgetx reports exit code 7."]
    ops = "BT /F1 14 Tf 72 770 Td 18 TL " + " ".join(f"({t}) '" for t in lines) + " ET"
    font = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
    return build_pdf(ops.encode(), "<< /Font << /F1 5 0 R >> >>", [font])


def image_pdf() -> bytes:
    """A page holding one grey image and no text layer, like a scan."""
    width = height = 64
    pixels = bytes((x * 4 + y * 2) % 256 for y in range(height) for x in range(width))
    data = zlib.compress(pixels)
    image = (b"<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray "
             b"/BitsPerComponent 8 /Filter /FlateDecode /Length %d >>\nstream\n"
             % (width, height, len(data)) + data + b"\nendstream")
    return build_pdf(b"q 451 0 0 698 72 72 cm /Im1 Do Q", "<< /XObject << /Im1 5 0 R >> >>", [image])


def encrypt(data: bytes, password: str) -> bytes:
    import io

    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    writer.append(PdfReader(io.BytesIO(data)))
    writer.encrypt(user_password=password, owner_password=password + "-owner", algorithm="RC4-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def main() -> None:
    (HERE / "notables.pdf").write_bytes(text_pdf())
    (HERE / "imageonly.pdf").write_bytes(image_pdf())
    try:
        (HERE / "encrypted.pdf").write_bytes(encrypt(text_pdf(), "secret"))
    except ImportError:
        print("pypdf not importable: encrypted.pdf left as it is")


if __name__ == "__main__":
    main()
