"""Words from page images, for pages without a usable text layer (scans).

Optional: needs the `ocr` extra (`pip install 'budgetx[ocr]'`: RapidOCR with its bundled
PP-OCR models on onnxruntime, and OpenCV). Nothing is downloaded at run time.

`ocr_words()` gives the same `list[Word]` the text layer would: one word per cell-text
fragment, its box in PDF points with y growing downwards from the page top, so the
pipeline's aligner reads scanned tables like born-digital ones. Each word carries its
`Reading`: the recogniser's confidence and the alternative readings it considered, for
the arithmetic repair of amounts.

Steps: render the page with pypdfium2 (`DPI`), turn it upright if it was scanned on
its side or upside down (and take out red seals), estimate the skew from the ink's
horizontal projection and rotate it away, erase the ruled lines (text touching a rule
is otherwise read with an extra `1`), detect text boxes (PP-OCR det), recognise each
box (PP-OCR rec) decoding the CTC output ourselves to keep per-character positions and
second choices, then split each box's text at wide gaps into cell-level words.
"""
from __future__ import annotations

import bisect
import importlib.util
import math
import re
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from budgetx.errors import ScannedPdf
from budgetx.model import Reading, Segment, Word
from budgetx.reader.pdf import printed_characters
from budgetx.values.ideographs import simplified_characters
from budgetx.values.numbers import restore_separators
from budgetx.values.text import clean_pdf_text

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np

INSTALL_HINT = ("the PDF has no usable text layer (scanned, or its fonts map to no text); "
                "install OCR support with: pip install 'budgetx[ocr]'")

# Rendering resolution. 200 dpi is what scans are usually made at; rendering finer
# does not add detail to a 200 dpi scan but costs time (see docs/ocr.md).
DPI = 200
# The most pixels a page is rendered with: A3 at 175 dpi. A larger page (a hostile
# PDF asks for 14400 × 14400 points) is rendered at a lower resolution, since the
# detector's memory grows with the image (about 800 MB for an A4 page at 200 dpi).
MAX_RENDER_PIXELS = 6_000_000
# A gap wider than this many text heights between two characters of one detected box
# starts a new word (cells are much further apart than characters).
SPLIT_GAP = 0.5
# Beside full-width punctuation (its glyph sits at one side of a wide advance) a gap
# this many times wider still is no word break.
WIDE_GAP = 2.5
# Between a digit and a Chinese character (`201 一般公共服务支出`) a smaller gap does.
CODE_GAP = 0.2
# Keep alternative characters whose probability is at least this.
ALT_MIN_PROB = 0.02
MAX_ALTERNATIVES = 8
_TIGHT_BATCHES = True
# The most crops × their padded width (in text heights) one recognition batch holds.
BATCH_WIDTH = 160

_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
# An ellipsis in a word with Chinese is the recogniser's, never the page's: what it
# makes of the rest of a column of glyphs it read as a line (项/目 read 项目…).
_TO_FULL = str.maketrans({"(": "（", ")": "）", ":": "：", "…": None, "⋯": None})
_TO_HALF = str.maketrans({"，": ",", "。": ".", "．": ".", "：": ":", "（": "(", "）": ")",
                          "－": "-", "—": "-", "／": "/"})


def ocr_available() -> bool:
    """Whether the `ocr` extra is installed (RapidOCR, onnxruntime, OpenCV)."""
    return all(importlib.util.find_spec(m) is not None
               for m in ("rapidocr", "onnxruntime", "cv2", "numpy"))


def require_ocr(path: Path | str) -> None:
    """Raise the one-line ScannedPdf error when OCR support is not installed."""
    if not ocr_available():
        raise ScannedPdf(path, INSTALL_HINT)


# ---------------------------------------------------------------------------- image


def render_page(pdf_path: Path, page_number: int, dpi: int = DPI, seals: bool = True) -> "np.ndarray":
    """The page (1-based number) as an 8-bit grayscale array; `seals`: red seals taken
    out (see without_seals), at the cost of a glance at the page in colour."""
    import numpy as np
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(pdf_path))
    try:
        page = doc[page_number - 1]
        try:
            width, height = page.get_size()
            # A large page is rendered coarser rather than into a giant bitmap.
            scale = min(dpi / 72, 0.99 * math.sqrt(MAX_RENDER_PIXELS / max(width * height, 1.0)))
            # A page is read in colour only where it has red on it (a seal): pdfium's
            # own grey rendering of the rest is what the OCR was measured on.
            coloured = False
            if seals:
                glance = page.render(scale=min(scale, 0.5)).to_numpy()
                coloured = glance.ndim == 3 and bool(_red(glance[..., :3]).any())
            img = page.render(scale=scale, grayscale=not coloured).to_numpy()
        finally:
            page.close()
    finally:
        doc.close()
    if img.ndim == 2:
        gray = np.ascontiguousarray(img)
    elif not coloured:  # some pdfium builds hand back BGR(A) even when asked for gray
        import cv2
        gray = np.ascontiguousarray(cv2.cvtColor(img[..., :3], cv2.COLOR_BGR2GRAY))
    else:
        gray = without_seals(np.ascontiguousarray(img[..., :3]))
    return without_specks(without_show_through(even_paper(gray)))


def _red(bgr: "np.ndarray") -> "np.ndarray":
    import numpy as np

    b, g, r = (bgr[..., i].astype(np.int16) for i in range(3))
    return np.asarray((r - np.maximum(g, b)) > SEAL_RED)


# A pixel this much redder than it is green and blue is (partly) a seal's ink. Its red
# channel is dark where black print lies under it, so a low bar loses no print.
SEAL_RED = 20
# In the red channel, seal ink this light or lighter is paper.
SEAL_PAPER = 190


def without_seals(bgr: "np.ndarray") -> "np.ndarray":
    """The page in gray with its red ink as light as its red channel: a department's
    seal stamped across a table is red, and in plain gray its strokes are as dark as
    the figures under them. Black print under the seal is dark in every channel and
    stays."""
    import cv2
    import numpy as np

    gray = cv2.cvtColor(bgr, cv2.COLOR_BGR2GRAY)
    red = _red(bgr)
    if not red.any():
        return gray
    gray[red] = bgr[..., 2][red]
    # Seal ink is light in the red channel but not as light as paper: stretched so that
    # it is, print under it stays dark. A JPEG keeps colour at half the resolution, so
    # a stroke's rim is grey, not red: the pixels beside the red ones are stretched too.
    near = cv2.dilate(red.astype(np.uint8), np.ones((9, 9), np.uint8)) > 0
    gray[near] = np.minimum(gray[near].astype(np.float32) * (255 / SEAL_PAPER), 255).astype(np.uint8)
    return gray


# Paper this dark or darker at the picture's edge is no paper: the scanner's lid or bed
# beyond the sheet, or the shadow of a bound copy's spine.
PAPER = 200
# The picture's rim, as a share of its shorter side: beyond the sheet or its margin.
RIM = 0.03
# The paper's shade is what stays of the page when every dark patch narrower than this
# share of its width is filled in with the light around it: strokes, rules and glyphs
# are, at any resolution, the dark margin and a spine's shadow are not.
_PAPER_PATCH = 1 / 60
# The shade is taken at this fraction of the size: it varies slowly, and the closing
# costs less. Scaled back up, its edges ramp over as many pixels.
_SHADE_SCALE = 4


def paper_shade(gray: "np.ndarray") -> "np.ndarray":
    """The shade of the paper under each pixel, print left out (a grey closing)."""
    import cv2
    import numpy as np

    h, w = gray.shape
    factor = _SHADE_SCALE if min(h, w) >= 100 * _SHADE_SCALE else 1
    small = cv2.resize(gray, (max(w // factor, 1), max(h // factor, 1)), interpolation=cv2.INTER_AREA)
    side = max(int(small.shape[1] * _PAPER_PATCH) | 1, 3)
    shade = cv2.morphologyEx(small, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (side, side)))
    return np.asarray(cv2.resize(shade, (w, h), interpolation=cv2.INTER_LINEAR))


def even_paper(gray: "np.ndarray") -> "np.ndarray":
    """The page on white paper where its scan is dark at the edges: the black margin a
    scanner's lid leaves beside the sheet, a bound copy's spine shadow. Each pixel is
    divided by the shade of the paper under it, so print keeps its contrast and the
    margin turns white; read as it is, the margin is a thick rule, the shadow ink. A
    scan on white paper is left as it is."""
    import cv2
    import numpy as np

    shade = paper_shade(gray)
    h, w = gray.shape
    edge = max(int(RIM * min(h, w)), 1)
    rims = (shade[:edge], shade[-edge:], shade[:, :edge], shade[:, -edge:])
    if not any(bool((rim < PAPER).any()) for rim in rims):
        return gray
    even = np.clip(gray.astype(np.float32) * 255.0 / np.maximum(shade.astype(np.float32), 1.0), 0, 255)
    # Where the shade is darker still there is no paper to read (the lid's black, the
    # spine's deepest shadow): its noise, divided by so little, would be specks. (Grown
    # over the ramp the scaled-up shade has at its edge.)
    reach = 2 * _SHADE_SCALE + 1
    beyond = cv2.dilate(np.asarray(shade < PAPER // 2, np.uint8), np.ones((reach, reach), np.uint8)) > 0
    even[beyond] = 255
    return np.asarray(even, np.uint8)


# Ink is what is this much darker than the paper (a scan's noise on paper is less).
SPECK = 15
# A stroke whose darkest pixel stands off the paper by less than this share of the
# page's print is no print of this side of the sheet.
GHOST_CONTRAST = 0.3
# A page with at least this many such strokes of a glyph's size shows its back through.
GHOST_GLYPHS = 40
# The ghosts' depth below the paper is that of this percentile of their pixels (their
# darkest), and a pixel up to this many times as deep is whitened with them.
GHOST_DARKEST = 1
GHOST_REACH = 1.5
# Share of a page a line of text inks (a title: some 2,000 pixels of a page at 200 dpi).
PRINT_SHARE = 0.0005


def without_show_through(gray: "np.ndarray") -> "np.ndarray":
    """The page without the print that shows through from the back of thin paper:
    mirrored, faint, it is read as a second grid of rules and as words of garbage.
    Where a page has many of its strokes (ghost_strokes), every pixel as faint as they
    are is paper. (The back's rules cannot be told by their own strokes: where they
    cross the front's they are one stroke with them. A table drawn in light grey rules
    on such a page is lost with them; see docs/ocr.md.) Any other page is left as it is."""
    count, faint = ghost_strokes(gray)
    if count < GHOST_GLYPHS:
        return gray
    out = gray.copy()
    out[gray >= faint] = 255
    return out


def ghost_strokes(gray: "np.ndarray") -> tuple[int, float]:
    """How many strokes of a glyph's size on the page none of whose pixels is nearly as
    dark as the page's own print, and the grey level from which a pixel is as faint as
    they are.
    The page's own glyphs have a dark core even when blurred or faded, and their faint
    rim is one stroke with it; the back's print showing through has none."""
    import cv2
    import numpy as np

    counts = np.bincount(gray.ravel(), minlength=256)
    cumulative = np.cumsum(counts)
    paper = int(np.searchsorted(cumulative, 0.6 * cumulative[-1]))
    inked = gray < paper - SPECK
    if not inked.any():
        return 0, 255.0
    # The print: the darkest twentieth of the ink, or of as much as a line of text
    # where the page holds little more (a table page left blank, its back a table).
    ink = int(np.searchsorted(cumulative, min(0.05 * cumulative[paper - SPECK - 1], PRINT_SHARE * gray.size)))
    faint = paper - GHOST_CONTRAST * (paper - ink)
    if faint > paper - SPECK:  # a page of no contrast: nothing to tell apart
        return 0, 255.0
    count, labels, stats, _ = cv2.connectedComponentsWithStats(inked.astype(np.uint8), connectivity=8)
    cored = np.zeros(count, bool)
    cored[np.unique(labels[gray < faint])] = True
    unit = min(gray.shape) / 1000
    longest = stats[:, 2:4].max(axis=1)
    glyph = (longest >= 8 * unit) & (longest <= 40 * unit) & (stats[:, 4] >= 6 * unit * unit)
    # Not in the picture's rim, where a scan's margin and a spine's shadow, evened
    # (even_paper), leave faint specks; the back's print lies where the front's does.
    x, y, w, h = (stats[:, i] for i in range(4))
    edge = RIM * min(gray.shape)
    glyph &= (x >= edge) & (y >= edge) & (x + w <= gray.shape[1] - edge) & (y + h <= gray.shape[0] - edge)
    glyph[0] = False  # the paper
    ghosts = glyph & ~cored
    if not ghosts.any():
        return 0, 255.0
    # Whitened from the ghosts' own depth, not from `faint`: a page's thin strokes (the
    # 一 of a Song face, blurred) may be lighter than that and are print. The back's
    # rules, thicker than its glyphs' strokes, show a little darker: reached too.
    depth = paper - float(np.percentile(gray[ghosts[labels]], GHOST_DARKEST))
    return int(ghosts.sum()), max(faint, paper - GHOST_REACH * depth)


# A speck: a dot of ink this many pixels or fewer (at DPI) with no other ink within
# SPECK_REACH pixels. A decimal point is as small, but beside its digits.
SPECK_AREA = 3
SPECK_REACH = 4
# A page is speckled when its lines of paper with no print on them (margins, the space
# between rows), where no decimal point lies, hold at least this many dots, one to
# every SPECK_SPACING pixels or more. A moderately noisy scan, which the recogniser
# reads as it is, a clean render and a coarse scan whose decimal points stand apart
# are left as they are.
SPECKLED = 50
SPECK_SPACING = 2000


def without_specks(gray: "np.ndarray") -> "np.ndarray":
    """The page without the salt and pepper of a bilevel (fax, photocopier) scan: dots
    of ink alone on the paper, and pinholes in the strokes. The detector takes a row of
    specks for text and stretches a word's box over them, and the recogniser then drops
    the thin strokes beside them (the 一 of 一般公共预算: `般公共预算`). Only a page with
    many specks is touched (SPECKLED, SPECK_SPACING)."""
    import cv2
    import numpy as np

    ink = np.asarray(gray < 128, np.uint8)
    count, labels, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    tiny = stats[:, cv2.CC_STAT_AREA] <= SPECK_AREA
    tiny[0] = False
    if int(tiny.sum()) < SPECKLED:
        return gray
    # A dot with other ink near it may be a decimal point or a piece of a glyph the
    # scan broke: kept. Each dot's neighbourhood, less the dot itself, is looked at.
    lone = np.zeros(count, bool)
    for k in np.flatnonzero(tiny):
        x, y, w, h = (int(v) for v in stats[k][:4])
        around = labels[max(y - SPECK_REACH, 0):y + h + SPECK_REACH, max(x - SPECK_REACH, 0):x + w + SPECK_REACH]
        lone[k] = not ((around > 0) & (around != k)).any()
    printed = np.asarray(np.asarray((labels > 0) & ~tiny[labels]).any(axis=1), bool)
    middles = np.asarray(stats[:, cv2.CC_STAT_TOP] + stats[:, cv2.CC_STAT_HEIGHT] // 2, np.intp)
    on_paper = int((lone & ~printed[middles]).sum())
    if on_paper < max(SPECKLED, int((~printed).sum()) * gray.shape[1] / SPECK_SPACING):
        return gray
    out = gray.copy()
    out[lone[labels]] = 255
    # Pinholes: a pixel of paper inside a stroke, alone.
    _, holes, hole_stats, _ = cv2.connectedComponentsWithStats(1 - ink, connectivity=4)
    pinhole = hole_stats[:, cv2.CC_STAT_AREA] <= 1
    out[pinhole[holes] & (ink == 0)] = 0
    return out


def estimate_skew(gray: "np.ndarray", max_degrees: float = 3.0) -> float:
    """The page's skew in degrees: the angle that makes the ink's row profile sharpest
    (rows of text and ruled lines line up). `deskew(gray, angle)` undoes it."""
    import cv2
    import numpy as np

    ink = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)[1]
    ys, xs = np.nonzero(ink)
    if len(xs) < 100:
        return 0.0
    if len(xs) > 300_000:
        pick = np.random.default_rng(0).choice(len(xs), 300_000, replace=False)
        xs, ys = xs[pick], ys[pick]
    x = xs.astype(np.float64) - gray.shape[1] / 2
    y = ys.astype(np.float64)

    def sharpness(deg: float) -> float:
        t = math.radians(deg)
        yr = y * math.cos(t) - x * math.sin(t)
        counts = np.bincount((yr - yr.min()).astype(np.int64)).astype(np.float64)
        return float((counts ** 2).sum())

    best = max(np.arange(-max_degrees, max_degrees + 1e-9, 0.1), key=sharpness)
    best = max(np.arange(best - 0.1, best + 0.1 + 1e-9, 0.01), key=sharpness)
    # Below a twentieth of a degree the rotation would only blur the glyphs.
    return float(best) if abs(best) >= 0.05 else 0.0


def deskew(gray: "np.ndarray", angle: float) -> "np.ndarray":
    """Rotate the image about its centre by `angle` degrees (from estimate_skew)."""
    import cv2

    if not angle:
        return gray
    h, w = gray.shape
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    return cv2.warpAffine(gray, m, (w, h), flags=cv2.INTER_LINEAR, borderValue=255)


def rule_masks(gray: "np.ndarray") -> tuple["np.ndarray", "np.ndarray"]:
    """Masks (255 = rule) of the long horizontal and vertical strokes: table rules."""
    import cv2

    ink = cv2.adaptiveThreshold(gray, 255, cv2.ADAPTIVE_THRESH_MEAN_C,
                                cv2.THRESH_BINARY_INV, 15, 10)
    h, w = gray.shape
    horiz = cv2.morphologyEx(ink, cv2.MORPH_OPEN,
                             cv2.getStructuringElement(cv2.MORPH_RECT, (max(w // 25, 20), 1)))
    vert = cv2.morphologyEx(ink, cv2.MORPH_OPEN,
                            cv2.getStructuringElement(cv2.MORPH_RECT, (1, max(h // 25, 20))))
    return horiz, cv2.bitwise_or(vert, _cell_borders(ink, horiz, vert, max(h // 100, 10)))


def _cell_borders(ink: "np.ndarray", horiz: "np.ndarray", vert: "np.ndarray", shortest: int) -> "np.ndarray":
    """Vertical strokes shorter than a rule (the borders of a table one row tall, a page's
    last row) that run from one horizontal rule to another: a glyph's stroke does not
    touch a rule at both ends. The long rules are `vert`'s, as that opening finds them
    (this one's, shorter, takes in more of the ink touching them)."""
    import cv2
    import numpy as np

    short = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, shortest)))
    # A border's ends stand in the rules' thickness, or a pixel or two past it.
    near_rule = cv2.dilate(horiz, np.ones((5, 3), np.uint8)) > 0
    count, labels, stats, _ = cv2.connectedComponentsWithStats(short, connectivity=8)
    keep = np.zeros(count, bool)
    for k in range(1, count):
        x, y, w, hh = (int(v) for v in stats[k][:4])
        if (w <= max(shortest // 2, 4) and near_rule[y, x:x + w].any() and near_rule[y + hh - 1, x:x + w].any()
                and not vert[y:y + hh, x:x + w].any()):
            keep[k] = True
    return np.where(keep[labels], 255, 0).astype(np.uint8)


def remove_rules(gray: "np.ndarray", masks: tuple["np.ndarray", "np.ndarray"] | None = None
                 ) -> "np.ndarray":
    """Erase table rules: a digit touching a rule is otherwise read with an extra `1`
    or `4`. (Where the rules were is kept, to split boxes there: see image_words.)"""
    import cv2
    import numpy as np

    horiz, vert = masks if masks is not None else rule_masks(gray)
    mask = cv2.dilate(cv2.bitwise_or(horiz, vert), np.ones((3, 3), np.uint8))
    out = gray.copy()
    out[mask > 0] = 255
    return out


# ----------------------------------------------------------------------------- engine

_engine: Any = None
_engine_lock = threading.Lock()


def _get_engine() -> Any:
    global _engine
    with _engine_lock:
        if _engine is None:
            from rapidocr import RapidOCR

            _engine = RapidOCR(params={"Global.log_level": "error",
                                       "Global.use_cls": False})
        return _engine


@dataclass
class _Char:
    text: str
    x0: float  # in the crop's pixels
    x1: float
    prob: float
    # Other candidates for this position: (text, prob); "" = no character here.
    others: tuple[tuple[str, float], ...]


def _printed(ch: str) -> bool:
    """Whether a disclosure prints the character: ASCII, or GB2312's and the blocks its
    producers map glyphs to (pdf.printed_characters)."""
    return not ch or ch.isascii() or ch in printed_characters()


def _decode(probs: "np.ndarray", charset: list[str], px_per_step: float,
            width: float) -> list[_Char]:
    """CTC greedy decoding of one line that keeps each character's horizontal extent
    (in crop pixels) and its runner-up readings."""
    import numpy as np

    best = probs.argmax(axis=1)
    # The recogniser knows traditional characters, which no disclosure prints: one read
    # in a poor scan (駐) is the simplified character printed (驻).
    simplified = simplified_characters()
    chars: list[_Char] = []
    t, steps = 0, len(best)
    while t < steps:
        k = int(best[t])
        if k == 0:
            t += 1
            continue
        start = t
        while t + 1 < steps and best[t + 1] == k:
            t += 1
        end = t
        span = probs[start:end + 1]
        peak = span.max(axis=1).argmax()
        row = span[peak]
        text = charset[k] if k < len(charset) else ""
        text = simplified.get(text, text)
        others = []
        for j in (int(j) for j in np.argsort(row)[::-1][:4]):
            other = "" if j == 0 else charset[j] if j < len(charset) else ""
            other = simplified.get(other, other)
            if j != k and row[j] >= ALT_MIN_PROB and other != text and _printed(other):
                others.append((other, float(row[j])))
        prob = float(row[k])
        x0 = min(start * px_per_step, width)
        x1 = min((end + 1) * px_per_step, width)
        chars.append(_Char(text, x0, x1, prob, tuple(others)))
        t += 1
    return chars


def _recognise(crops: list["np.ndarray"]) -> list[list[_Char]]:
    """Run the recogniser on line crops (8-bit gray) in width-sorted batches."""
    import numpy as np

    engine = _get_engine()
    rec = engine._load_rec_model()
    charset = rec.postprocess_op.character
    _, img_h, img_w = rec.rec_image_shape
    results: list[list[_Char]] = [[] for _ in crops]
    ratio = [c.shape[1] / max(c.shape[0], 1) for c in crops]
    order = sorted(range(len(crops)), key=lambda i: ratio[i])
    # Batches of up to 16 crops, fewer of long lines: the recogniser's memory grows with
    # a batch's crops times their padded width, and a batch of 16 lines 36 heights long
    # took half a gigabyte more than the rest of the page.
    batches: list[list[int]] = []
    for i in order:
        if batches and len(batches[-1]) < 16 and (len(batches[-1]) + 1) * ratio[i] <= BATCH_WIDTH:
            batches[-1].append(i)
        else:
            batches.append([i])
    for ids in batches:
        # Pad each batch only to its widest crop (not to the model's nominal 320 px):
        # table cells are short, and the padding was most of the work.
        max_ratio = max([1.0 if _TIGHT_BATCHES else img_w / img_h] + [ratio[i] for i in ids])
        tensors = []
        for i in ids:
            rgb = np.repeat(crops[i][:, :, None], 3, axis=2)
            tensors.append(rec.resize_norm_img(rgb, max_ratio)[None])
        preds = rec.session(np.concatenate(tensors).astype(np.float32))
        preds = np.asarray(preds)
        padded_w = tensors[0].shape[-1]
        steps = preds.shape[1]
        for row, i in enumerate(ids):
            h, w = crops[i].shape[:2]
            resized_w = min(math.ceil(img_h * w / h), padded_w)
            px_per_step = padded_w / steps * (w / resized_w)
            results[i] = _decode(preds[row], charset, px_per_step, w)
    return results


def _cut_at_rules(quad: "np.ndarray", vertical_rules: "np.ndarray") -> list["np.ndarray"]:
    """A detected box that a vertical rule crosses holds two cells' text (a figure and
    the next cell's name, set close on either side of the rule): cut it at the rule
    before recognition, since the recogniser's character positions may miss the rule
    by a glyph or more on a blurred scan."""
    import numpy as np

    x0 = max(int(math.floor(quad[:, 0].min())), 0)
    x1 = min(int(math.ceil(quad[:, 0].max())), vertical_rules.shape[1])
    y0 = max(int(math.floor(quad[:, 1].min())), 0)
    y1 = min(int(math.ceil(quad[:, 1].max())), vertical_rules.shape[0])
    if x1 - x0 < 8 or y1 <= y0:
        return [quad]
    across = np.asarray(np.asarray(vertical_rules[y0:y1, x0:x1] > 0).any(axis=0))
    ruled = [bool(v) for v in across]
    pieces: list[tuple[int, int]] = []
    start: int | None = None
    for x, on_rule in enumerate(ruled):
        if not on_rule and start is None:
            start = x
        elif on_rule and start is not None:
            pieces.append((start, x))
            start = None
    if start is not None:
        pieces.append((start, len(ruled)))
    # A sliver beside a rule holds no text. (Only a box's extent is used downstream, so
    # a box no rule crosses may come back as the same extent.)
    return [_box(x0 + a, y0, x0 + b, y1) for a, b in pieces if b - a >= 4] or [quad]


def _grown(quads: list["np.ndarray"], gray: "np.ndarray", vertical_rules: "np.ndarray | None") -> list["np.ndarray"]:
    """Detected boxes widened over ink the detector left out beside them on their line
    (on a blurred scan, a faint 一、 set against the rule at a cell's start): up to a
    gap as wide as a word break (SPLIT_GAP text heights), never over a rule or into
    another box, so no text is read twice and no two cells' texts become one."""
    import numpy as np

    boxes = [(int(math.floor(q[:, 0].min())), int(math.floor(q[:, 1].min())),
              int(math.ceil(q[:, 0].max())), int(math.ceil(q[:, 1].max()))) for q in quads]
    out = []
    width = gray.shape[1]
    for k, (x0, y0, x1, y1) in enumerate(boxes):
        y0c, y1c = max(y0, 0), min(y1, gray.shape[0])
        if y1c - y0c < 4:
            out.append(quads[k])
            continue
        band = gray[y0c:y1c].copy()
        paper = float(np.median(band))
        ink_level = paper - max(32.0, 0.25 * (paper - float(band.min())))
        taken = np.zeros(width, bool)
        for j, (a0, b0, a1, b1) in enumerate(boxes):
            overlap = min(y1, b1) - max(y0, b0)
            if j == k or overlap <= 0:
                continue
            if overlap > 0.5 * min(y1 - y0, b1 - b0):
                taken[max(a0, 0):max(a1, 0)] = True
            else:
                # A wrapped name's line above or below, its box overlapping this one's
                # band: its glyphs' edges there are not ink of this line (险缴费支出
                # under 机关事业单位基本养老保 grew over the upper line's feet to the
                # rule, and they were read as glyphs).
                band[max(b0, y0c) - y0c:min(b1, y1c) - y0c, max(a0, 0):max(a1, 0)] = paper
        # Ink is what is well darker than the line's paper: a faint glyph beside dark
        # ones too, and not the speckle of a noisy scan (two dark pixels to a column).
        inked: np.ndarray = np.asarray((band < ink_level).sum(axis=0) >= 2)
        ruled = (np.asarray(np.asarray(vertical_rules[y0c:y1c] > 0).any(axis=0)) if vertical_rules is not None
                 else np.zeros(width, bool))
        # As wide as the gap a word break beside full-width punctuation allows (一、 | 一般):
        # what lies within it is read as one word with the box anyway (see _split).
        gap = int(WIDE_GAP * SPLIT_GAP * (y1c - y0c))

        def reach(start: int, step: int) -> int:
            edge, blank, x = start, 0, start + step
            while 0 <= x < width and not ruled[x] and not taken[x] and blank <= gap:
                if inked[x]:
                    edge, blank = x, 0
                else:
                    blank += 1
                x += step
            return edge

        left, right = reach(max(x0, 0), -1), reach(min(x1, width) - 1, 1) + 1
        out.append(quads[k] if (left, right) == (x0, x1) else _box(left, y0, max(right, x1), y1))
    return out


# A detected box this many times taller than wide holds glyphs set one under another
# (国/有/资/本/经/营/预/算 in a narrow header cell), not a line.
STACK_RATIO = 1.8


@dataclass
class _Stack:
    """A tall box's glyphs set side by side: the line image, each glyph's rows in the
    box, and the width of a glyph's slot in the line."""

    line: "np.ndarray"
    glyphs: list[tuple[int, int]]
    x0: int  # the column's ink in the box
    x1: int
    slot: int
    gap: int


def _stack_line(crop: "np.ndarray") -> _Stack | None:
    """A tall box's glyphs, set one under another, cut apart and set side by side into
    the line the recogniser reads; None when its ink is not two glyphs or more with
    blank rows between them, as wide as the box. A glyph is as tall as the column of
    ink is wide."""
    import numpy as np

    level = _ink_level(crop)
    ink = crop < level
    cols = np.nonzero(ink.any(axis=0))[0]
    if len(cols) == 0:
        return None
    a, b = int(cols[0]), int(cols[-1]) + 1
    if b - a < 0.5 * crop.shape[1]:
        return None  # a sliver: a broken rule's piece the detector boxed, no glyphs
    glyphs = _glyph_rows(np.asarray(ink.any(axis=1)), float(b - a))
    # Glyphs set one under another have blank rows between them; a stroke cut where it
    # runs on (a rule's piece) is none.
    if len(glyphs) < 2 or any(g[0] <= prev[1] for prev, g in zip(glyphs, glyphs[1:])):
        return None
    gap = max((b - a) // 4, 2)
    tall = max(g1 - g0 for g0, g1 in glyphs)
    paper = int(np.median(crop))
    line = np.full((tall + 2 * gap, gap + len(glyphs) * (b - a + gap)), paper, np.uint8)
    at = gap
    for g0, g1 in glyphs:
        top = gap + (tall - (g1 - g0)) // 2
        line[top:top + g1 - g0, at:at + b - a] = crop[g0:g1, a:b]
        at += b - a + gap
    return _Stack(line, glyphs, a, b, b - a + gap, gap)


# Glyphs whose centres are further apart than this many glyph heights are in different
# rows (a column of ≥ marks, one per row, that the detector boxed as one), not one
# header's (set about 1.4 apart; centres, since 一's ink is a thin stroke mid-glyph).
STACK_ROW_PITCH = 1.8


def _stack_words(stack: _Stack, chars: list[_Char], left: float, top: float,
                 horizontal_rules: "np.ndarray | None" = None) -> list[tuple[
        str, float, float, float, float, float, tuple[tuple[str, float], ...]]]:
    """The words of a stack read as a line: one per run of glyphs set close, each over
    its own rows (image pixels, as `image_words` gives them). A removed horizontal rule
    between two glyphs parts them too: a narrow column's cells (长春市信访局, one per
    row) are set at the pitch of one cell's glyphs, and the detector boxes them as one."""
    runs: list[list[int]] = [[0]]
    size = stack.x1 - stack.x0
    x0, x1 = int(left) + stack.x0, int(left) + stack.x1
    for k in range(1, len(stack.glyphs)):
        below, above = int(top) + stack.glyphs[k - 1][1], int(top) + stack.glyphs[k][0]
        ruled = (horizontal_rules is not None and above > below
                 and bool(horizontal_rules[below:above, x0:x1].any()))
        if ruled or sum(stack.glyphs[k]) / 2 - sum(stack.glyphs[k - 1]) / 2 > STACK_ROW_PITCH * size:
            runs.append([])
        runs[-1].append(k)
    run_of = {k: r for r, run in enumerate(runs) for k in run}
    by_run: list[list[_Char]] = [[] for _ in runs]
    for c in chars:
        slot = min(max(int(((c.x0 + c.x1) / 2 - stack.gap / 2) // stack.slot), 0), len(stack.glyphs) - 1)
        by_run[run_of[slot]].append(c)
    out = []
    for run, read in zip(runs, by_run):
        text = normalize_text("".join(c.text for c in read))
        if text:
            out.append((text, left + stack.x0, top + stack.glyphs[run[0]][0], left + stack.x1,
                        top + stack.glyphs[run[-1]][1], round(min(c.prob for c in read), 4), _alternatives(read)))
    return out


def _glyph_rows(inked: "np.ndarray", width: float) -> list[tuple[int, int]]:
    """A column of glyphs cut into glyphs: from a glyph's first inked row, at the blank
    row nearest one glyph (as tall as the column is wide) further down. 二 and 三 have
    blank rows inside; a glyph ends only past half its height."""
    import numpy as np

    inked_rows = np.nonzero(inked)[0]
    blank = [i for i in range(len(inked)) if not inked[i]]
    out: list[tuple[int, int]] = []
    start = int(inked_rows[0])
    end_of_ink = int(inked_rows[-1]) + 1
    while start < end_of_ink:
        cuts = [i for i in blank if start + 0.5 * width <= i <= start + 1.4 * width]
        cut = min(cuts, key=lambda i: abs(i - (start + width))) if cuts else min(start + int(round(width)), end_of_ink)
        cut = min(cut, end_of_ink)
        piece = np.nonzero(inked[start:cut])[0]
        if len(piece):
            out.append((start + int(piece[0]), start + int(piece[-1]) + 1))
        following = np.nonzero(inked[cut:])[0]
        if len(following) == 0:
            break
        start = cut + int(following[0])
    return out


def _box(x0: float, top: float, x1: float, bottom: float) -> "np.ndarray":
    import numpy as np

    return np.asarray([[x0, top], [x1, top], [x1, bottom], [x0, bottom]], dtype=np.float32)


def _crop(gray: "np.ndarray", quad: "np.ndarray") -> "np.ndarray":
    """The axis-aligned crop of a detected box (the page is deskewed already)."""
    x0 = max(int(math.floor(quad[:, 0].min())), 0)
    x1 = min(int(math.ceil(quad[:, 0].max())), gray.shape[1])
    y0 = max(int(math.floor(quad[:, 1].min())), 0)
    y1 = min(int(math.ceil(quad[:, 1].max())), gray.shape[0])
    return gray[y0:y1, x0:x1]


# ------------------------------------------------------------------------------ words


# Letters a scan's digits are read as; a word of digits and these is a code or figure.
_DIGIT_LOOKALIKES = str.maketrans("oOlI", "0011")
_LOOKS_NUMERIC = re.compile(r"^-?[\doOlI][\doOlI,.，。．]*%?$")
# A box glyph between two Chinese glyphs is a rule's piece read in a letter-spaced
# header's gap (项☑目, 栏☑次), never a checkbox.
_BOX_IN_GAP = re.compile(r"(?<=[\u3400-\u9fff])[☑☐□■▪](?=[\u3400-\u9fff])")
# 其中 opens a part's label with a colon; the colon's dots read as a semicolon's (其中;经费
# 拨款) make a sentence of a header cell.
_PART_STOP = re.compile(r"^其中[;；]")


def normalize_text(text: str) -> str:
    """Spaces out; in words with Chinese, full-width brackets and colon (as printed);
    elsewhere (amounts, codes) ASCII punctuation."""
    text = clean_pdf_text(text).replace(" ", "").replace("\u3000", "")
    if _CJK.search(text):
        return _PART_STOP.sub("其中：", _BOX_IN_GAP.sub("", text.translate(_TO_FULL)))
    if _LOOKS_NUMERIC.match(text) and any(ch.isdigit() for ch in text):
        # A code or figure with a letter the recogniser took for its digit (o1 for 01).
        text = text.translate(_DIGIT_LOOKALIKES)
    return restore_separators(text.translate(_TO_HALF))


def _alternatives(chars: list[_Char]) -> tuple[tuple[str, float], ...]:
    """Whole-word readings from the per-character runner-ups: every single change and
    every pair of changes, scored by the product of probability ratios."""
    options: list[tuple[int, str, float]] = []
    for i, c in enumerate(chars):
        for text, p in c.others:
            options.append((i, text, p / max(c.prob, 1e-6)))
    base = [c.text for c in chars]
    found: dict[str, float] = {}

    def add(changes: list[tuple[int, str, float]]) -> None:
        texts = list(base)
        ratio = 1.0
        for i, text, r in changes:
            texts[i] = text
            ratio *= r
        word = normalize_text("".join(texts))
        if word and word != normalize_text("".join(base)):
            found[word] = max(found.get(word, 0.0), min(ratio, 1.0))

    for a in range(len(options)):
        add([options[a]])
        for b in range(a + 1, len(options)):
            if options[a][0] != options[b][0]:
                add([options[a], options[b]])
    ranked = sorted(found.items(), key=lambda kv: -kv[1])[:MAX_ALTERNATIVES]
    return tuple((t, round(p, 4)) for t, p in ranked)


def is_cjk(ch: str) -> bool:
    """Whether a character is a Chinese one (CJK unified or compatibility ideograph)."""
    return bool(_CJK.match(ch))


# Full-width punctuation: its glyph sits at one side of a wide advance.
_WIDE = set("：:、，,；;（()）")


def _split(chars: list[_Char], ink: "np.ndarray", height: float) -> list[list[_Char]]:
    """Cut a box's characters into words at spaces and where the ink between two
    neighbouring characters has a blank run wider than SPLIT_GAP text heights (the
    recogniser's positions are only peaks; the ink tells the real gaps).
    `ink`: per crop column, whether it has any ink. Full-width punctuation carries wide
    side bearings (`其中：一般财力`, `（补助）`): a gap next to it may be WIDE_GAP times wider."""
    groups: list[list[_Char]] = []
    cur: list[_Char] = []
    for c in chars:
        if c.text.isspace():
            if cur:
                groups.append(cur)
            cur = []
            continue
        if cur:
            a = int((cur[-1].x0 + cur[-1].x1) / 2)
            b = int(math.ceil((c.x0 + c.x1) / 2))
            limit = SPLIT_GAP * height
            if cur[-1].text in _WIDE or c.text in _WIDE:
                limit *= WIDE_GAP
            elif (is_cjk(cur[-1].text) and c.text.isascii() and c.text.isalnum()) or (
                    is_cjk(c.text) and cur[-1].text.isascii() and cur[-1].text.isalnum()):
                # `201 一般公共服务支出`, `表 1`: a code and a name in one cell are two
                # words in the text layer; the space between them is narrow.
                limit = CODE_GAP * height
            if _longest_blank(ink[a:b]) > limit:
                groups.append(cur)
                cur = []
        cur.append(c)
    if cur:
        groups.append(cur)
    return groups


def _longest_blank(cols: "np.ndarray") -> int:
    best = run = 0
    for has_ink in cols.tolist():
        run = 0 if has_ink else run + 1
        best = max(best, run)
    return best


def _extent(ink: "np.ndarray", lo: float, hi: float) -> tuple[float, float]:
    """The first and last inked column within [lo, hi)."""
    import numpy as np

    a, b = max(int(lo), 0), min(int(math.ceil(hi)), len(ink))
    if b <= a:
        return lo, hi
    cols = np.nonzero(ink[a:b])[0]
    if len(cols) == 0:
        return lo, hi
    return float(a + cols[0]), float(a + cols[-1] + 1)


def _ink_level(crop: "np.ndarray") -> float:
    """The grey level below which a crop's pixels are ink: midway between its paper and
    its darkest strokes (Otsu's threshold), so that a blurred or faded scan's glyphs,
    grey rather than black, still count as ink and the gaps between them stay gaps."""
    import cv2

    if crop.size == 0 or int(crop.max()) - int(crop.min()) < 32:
        return 128.0
    level, _ = cv2.threshold(crop, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    # Otsu's class of ink is the levels up to and including its threshold.
    return float(min(max(level + 1, 64.0), 200.0))


def _ink_rows(crop: "np.ndarray", level: float) -> tuple[float, float]:
    import numpy as np

    rows = np.nonzero((crop < level).any(axis=1))[0]
    if len(rows) == 0:
        return 0.0, float(crop.shape[0])
    return float(rows[0]), float(rows[-1] + 1)


def image_words(gray: "np.ndarray", vertical_rules: "np.ndarray | None" = None,
                horizontal_rules: "np.ndarray | None" = None) -> list[tuple[
                    str, float, float, float, float, float, tuple[tuple[str, float], ...]]]:
    """OCR a prepared (deskewed, rules removed) page image: (text, x0, top, x1, bottom,
    score, alternatives) per word, in image pixels. `vertical_rules`: the mask of the
    removed vertical rules; a box is cut at them, so text on both sides of one is never
    one word. `horizontal_rules`: that of the horizontal ones; glyphs set one under
    another are parted at them (_stack_words)."""
    import numpy as np

    engine = _get_engine()
    rgb = np.repeat(gray[:, :, None], 3, axis=2)
    det = engine(rgb, use_det=True, use_cls=False, use_rec=False)
    boxes = getattr(det, "boxes", None)
    if boxes is None or len(boxes) == 0:
        return []
    quads = [np.asarray(q, dtype=np.float32).reshape(4, 2) for q in boxes]
    if vertical_rules is not None:
        quads = [piece for q in quads for piece in _cut_at_rules(q, vertical_rules)]
    quads = _grown(quads, gray, vertical_rules)
    crops = [_crop(gray, q) for q in quads]
    keep = [i for i, c in enumerate(crops) if c.shape[0] >= 4 and c.shape[1] >= 4]
    quads = [quads[i] for i in keep]
    crops = [crops[i] for i in keep]
    stacked = {i: stack for i, c in enumerate(crops)
               if c.shape[0] >= STACK_RATIO * c.shape[1] and (stack := _stack_line(c)) is not None}
    lines = _recognise([stacked[i].line if i in stacked else c for i, c in enumerate(crops)])
    out = []
    for i, stack in stacked.items():
        left, top = max(float(math.floor(quads[i][:, 0].min())), 0.0), max(float(math.floor(quads[i][:, 1].min())), 0.0)
        out.extend(_stack_words(stack, lines[i], left, top, horizontal_rules))
    quads = [q for i, q in enumerate(quads) if i not in stacked]
    crops = [c for i, c in enumerate(crops) if i not in stacked]
    lines = [line for i, line in enumerate(lines) if i not in stacked]
    for quad, crop, chars in zip(quads, crops, lines):
        left = max(float(math.floor(quad[:, 0].min())), 0.0)
        top = max(float(math.floor(quad[:, 1].min())), 0.0)
        level = _ink_level(crop)
        ink_top, ink_bottom = _ink_rows(crop, level)
        height = max(ink_bottom - ink_top, 1.0)
        ink: np.ndarray = np.asarray((crop < level).any(axis=0))
        # No rule crosses a box any more (_cut_at_rules): only gaps split it.
        groups = _split(chars, ink, height)
        for g, group in enumerate(groups):
            text = normalize_text("".join(c.text for c in group))
            if not text:
                continue
            # The word spans from the gap before it to the gap after it.
            lo = (groups[g - 1][-1].x1 + group[0].x0) / 2 if g else 0.0
            hi = (group[-1].x1 + groups[g + 1][0].x0) / 2 if g + 1 < len(groups) else len(ink)
            gx0, gx1 = _extent(ink, lo, hi)
            score = min(c.prob for c in group)
            out.append((text, left + gx0, top + ink_top, left + gx1, top + ink_bottom,
                        round(score, 4), _alternatives(group)))
    out = _read_once(out)
    out.sort(key=lambda w: (round(w[2] / 8), w[1]))
    return out


# A word whose ink lies this much inside another's is the same ink read twice.
NESTED = 0.8


def _read_once(words: list[Any]) -> list[Any]:
    """The words but those lying inside a larger one: the detector's boxes overlap at
    times, and the glyph they share is read in each (the `1` of 106,868,210 read again
    from a box beside it, the `2` of 3,609,125.22), a glyph too many in the cell."""
    def area(w: Any) -> float:
        return float(max(w[3] - w[1], 0.0) * max(w[4] - w[2], 0.0))

    def inside(a: Any, b: Any) -> bool:
        shared = max(min(a[3], b[3]) - max(a[1], b[1]), 0.0) * max(min(a[4], b[4]) - max(a[2], b[2]), 0.0)
        return area(b) > area(a) and shared >= NESTED * area(a)

    # (Only words whose rows overlap can hold one another: each is held against those
    # starting above its foot, in order of their tops.)
    by_top = sorted(words, key=lambda w: w[2])
    tops = [w[2] for w in by_top]
    twice = set()
    for w in by_top:
        for v in by_top[:bisect.bisect_left(tops, w[4])]:
            if v is not w and v[4] > w[2] and inside(w, v):
                twice.add(id(w))
                break
    return [w for w in words if id(w) not in twice]


@dataclass
class OcrPage:
    """One OCR'd page: its words and the frame they are in."""

    words: list[Word]
    angle: float  # degrees the page image was rotated by to deskew it
    dpi: int
    image: Any  # the deskewed page image (8-bit gray, rules kept), for grid detection
    # The ruled grid in the same frame as the words, in points: x of the vertical
    # rules, y of the horizontal ones (empty when the page draws none).
    col_rules: list[float] = field(default_factory=list)
    row_rules: list[float] = field(default_factory=list)
    # Quarter turns (counter-clockwise) that set the page's text upright, and the size in
    # points of the frame the words are in (a quarter turn swaps the page's sides).
    turns: int = 0
    width: float = 0.0
    height: float = 0.0
    # The same rules as segments, in PDF space (y up) of that frame: a page holding
    # several tables has a grid for each (lattice.tables), as a text page has.
    h_rules: list[Segment] = field(default_factory=list)
    v_rules: list[Segment] = field(default_factory=list)


def _rule_segments(mask: "np.ndarray", horizontal: bool, sx: float, sy: float,
                   frame_h: float) -> list[Segment]:
    """Each stroke of a rule mask as a segment in PDF space (y up), along its middle."""
    import cv2
    import numpy as np

    _, _, stats, _ = cv2.connectedComponentsWithStats(np.asarray(mask > 0, np.uint8), connectivity=8)
    out: list[Segment] = []
    for x, y, w, h, _ in stats[1:].tolist():
        if horizontal:
            yc = frame_h - (y + h / 2) * sy
            out.append((x * sx, yc, (x + w) * sx, yc))
        else:
            xc = (x + w / 2) * sx
            out.append((xc, frame_h - (y + h) * sy, xc, frame_h - y * sy))
    return out


def _rule_positions(mask: "np.ndarray", axis: int, min_share: float, drift: bool = False) -> list[float]:
    """Centres of the runs of image columns (axis=0) or rows (axis=1) where a rule
    covers at least `min_share` of the page. `drift`: each column or row counted with
    its two neighbours, for a rule that a slight skew spreads over them."""
    import numpy as np

    counts = np.asarray((mask > 0).sum(axis=axis))
    if drift:
        counts = np.convolve(counts, np.ones(3), mode="same")
    on = counts > mask.shape[axis] * min_share
    out: list[float] = []
    start = None
    for i, flag in enumerate([*on.tolist(), False]):
        if flag and start is None:
            start = i
        elif not flag and start is not None:
            out.append((start + i - 1) / 2)
            start = None
    return out


# A page whose words read at a lower median confidence than this is tried upside down.
UPRIGHT_SCORE = 0.8
# How many boxes, cut to at most how many times their height, decide a page's way up.
SAMPLE_BOXES = 12
SAMPLE_LENGTH = 10


@dataclass
class _Turned:
    """One reading of a page image turned `turns` quarters counter-clockwise."""

    turns: int
    angle: float  # the deskew angle of the turned image
    image: Any  # the turned, deskewed image
    masks: tuple[Any, Any]  # its rule masks, horizontal and vertical
    words: list[Any]  # image_words of it


def _read_turned(gray: "np.ndarray", turns: int) -> _Turned:
    import numpy as np

    turned = np.ascontiguousarray(np.rot90(gray, turns)) if turns else gray
    angle = estimate_skew(turned)
    straight = deskew(turned, angle)
    masks = rule_masks(straight)
    return _Turned(turns, angle, straight, masks, image_words(remove_rules(straight, masks), masks[1], masks[0]))


def _upright(gray: "np.ndarray") -> _Turned:
    """Read the page the way up its text runs. A landscape table scanned onto a portrait
    page (or a page fed upside down) gives text boxes standing on end, or words read as
    garbage: each quarter turn that could be right is tried on a sample, and the page
    read at the one whose sample the recogniser is surest of."""
    import numpy as np

    first = _read_turned(gray, 0)
    found = first.words
    standing = sum(1 for w in found if w[4] - w[2] > 1.5 * (w[3] - w[1]))
    lying = sum(1 for w in found if w[3] - w[1] > 1.5 * (w[4] - w[2]))
    if standing > lying:
        options: tuple[int, ...] = (0, 1, 3)
    elif found and _median_score(found) < UPRIGHT_SCORE:
        options = (0, 2)
    else:
        return first
    # The longest boxes, each cut to a few characters' length, read each way up decide
    # it: a full reading of the page costs seconds.
    samples = []
    for _, x0, top, x1, bottom, _, _ in sorted(found, key=lambda w: -max(w[3] - w[1], w[4] - w[2]))[:SAMPLE_BOXES]:
        side = min(x1 - x0, bottom - top)
        x1, bottom = min(x1, x0 + SAMPLE_LENGTH * side), min(bottom, top + SAMPLE_LENGTH * side)
        crop = first.image[int(top):int(math.ceil(bottom)), int(x0):int(math.ceil(x1))]
        if crop.shape[0] >= 4 and crop.shape[1] >= 4:
            samples.append(crop)

    def sureness(turns: int) -> float:
        lines = _recognise([np.ascontiguousarray(np.rot90(c, turns)) for c in samples])
        return sum(sum(ch.prob for ch in line) / len(line) for line in lines if line)

    best = max(options, key=sureness)
    return first if best == 0 else _read_turned(gray, best)


def _median_score(found: list[Any]) -> float:
    scores = sorted(w[5] for w in found)
    return float(scores[len(scores) // 2])


def ocr_page(pdf_path: Path, page_number: int, width: float, height: float,
             dpi: int = DPI, frame: str = "deskewed") -> OcrPage:
    """OCR one page (1-based). `width`, `height`: the page size in points (pypdfium2).

    frame="deskewed": boxes in the upright, deskewed page (rows horizontal; the grid must
    then be found on `OcrPage.image`, the same image; a page turned a quarter has its
    width and height swapped, `OcrPage.width`/`height`); frame="page": boxes mapped back
    through the rotation into the page as it is in the file."""
    require_ocr(pdf_path)
    gray = render_page(pdf_path, page_number, dpi)
    read = _upright(gray)
    turns, angle, straight, masks = read.turns, read.angle, read.image, read.masks
    img_h, img_w = straight.shape
    if frame == "page":
        words = [_in_file_frame(w, read, gray.shape, width, height) for w in read.words]
        return OcrPage(words, angle, dpi, straight, [], [], turns, width, height)
    frame_w, frame_h = (height, width) if turns % 2 else (width, height)
    sx, sy = frame_w / img_w, frame_h / img_h
    # The alternatives come from the recogniser's second choices per character,
    # including dropping one (a ruled line or speck read as `1` or `.`).
    words = [Word(text, x0 * sx, top * sy, x1 * sx, bottom * sy, Reading(score, alts))
             for text, x0, top, x1, bottom, score, alts in read.words]
    cols = [x * sx for x in _rule_positions(masks[1], 0, 0.05)]
    rows = [y * sy for y in _rule_positions(masks[0], 1, 0.2)]
    return OcrPage(words, angle, dpi, straight, cols, rows, turns, frame_w, frame_h,
                   _rule_segments(masks[0], True, sx, sy, frame_h),
                   _rule_segments(masks[1], False, sx, sy, frame_h))


def _in_file_frame(word: Any, read: _Turned, shape: tuple[int, ...], width: float, height: float) -> Word:
    """A word of the upright, deskewed image mapped back through the deskew and the
    quarter turns into the page as it is in the file, in points."""
    text, x0, top, x1, bottom, score, alts = word
    img_h, img_w = read.image.shape
    src_h, src_w = shape[0], shape[1]
    t = math.radians(read.angle)
    cos, sin = math.cos(t), math.sin(t)

    def back(x: float, y: float) -> tuple[float, float]:
        # cv2 rotated the image by +angle (counter-clockwise on screen); undo it.
        dx, dy = x - img_w / 2, y - img_h / 2
        x, y = img_w / 2 + dx * cos + dy * sin, img_h / 2 - dx * sin + dy * cos
        # Then np.rot90's quarter turns, counter-clockwise.
        if read.turns == 1:
            return src_w - y, x
        if read.turns == 2:
            return src_w - x, src_h - y
        if read.turns == 3:
            return y, src_h - x
        return x, y

    pts = [back(x, y) for x in (x0, x1) for y in (top, bottom)]
    sx, sy = width / src_w, height / src_h
    return Word(text, min(p[0] for p in pts) * sx, min(p[1] for p in pts) * sy,
                max(p[0] for p in pts) * sx, max(p[1] for p in pts) * sy, Reading(score, alts))


def ocr_words(pdf_path: Path, page_number: int, width: float, height: float) -> list[Word]:
    """The words of a page without a text layer, as `pdf.read_words` would give them:
    cell-level fragments with boxes in PDF points (top-down), in the deskewed frame.
    Each carries its `Reading` (score, alternatives). Raises ScannedPdf with the install hint
    when the `ocr` extra is missing."""
    return list(ocr_page(pdf_path, page_number, width, height).words)


# The resolution of the second look at a page whose rules the first saw broken.
CLOSER_GLANCE = 144
# An unruled page is a table's with this many text rows broken into three runs of ink
# or more (label | figure | figure), or with this many into two or more, where these
# are half its rows or two of them are in three: a table's last page of a few rows, its
# sides half empty (22、其他支出 | … | 收入总计 656.73), or of two columns (30201 办公费
# | 2.50). Prose sets a few lines apart in two (a running head and its page number, a
# margin note), among many whole ones.
COLUMNAR_ROWS = 5
SPLIT_ROWS = 4


# Ink that survives an erosion by this many pixels (at the glance's 72 dpi, 1.8 mm)
# is a filled shape, no glyph's stroke or rule; a band between rules whose ink is this
# share filled holds bars, not text.
_FILLED_PX = 5
_FILLED_SHARE = 0.25


def filled_shapes(ink: "np.ndarray") -> "np.ndarray":
    """The page's filled shapes (a chart's bars and slices, a shaded cell), edges and all;
    those touching the picture's edge are a scan's dark margin, left out."""
    import cv2
    import numpy as np

    kernel = np.ones((_FILLED_PX, _FILLED_PX), np.uint8)
    eroded = cv2.erode(np.asarray(ink, np.uint8), kernel)
    count, labels, stats, _ = cv2.connectedComponentsWithStats(eroded, connectivity=8)
    height, width = eroded.shape
    keep = np.zeros(count, bool)
    for label in range(1, count):
        x, y, w, h = (int(v) for v in stats[label, :4])
        # (What survives of a bold glyph in a dark scan is a speck: a shape is at
        # least as wide and tall as the erosion. Shading across half the page is a
        # table's rows set on grey.)
        keep[label] = (x > 1 and y > 1 and x + w < width - 1 and y + h < height - 1
                       and min(w, h) >= _FILLED_PX and 2 * w < width)
    # (Grown back, and a pixel beyond: a bar's outline is part of the bar.)
    grown = cv2.dilate(np.asarray(keep[labels], np.uint8), np.ones((_FILLED_PX + 2, _FILLED_PX + 2), np.uint8))
    return np.asarray(grown, bool)


def draws_a_chart(ink: "np.ndarray", filled: "np.ndarray", rules: list[float]) -> bool:
    """Whether the rules across a page are a chart's gridlines: a table's rules have a row
    of text between each two, a bar chart's have bars crossing them (a pie chart's frame,
    a pie). One filled band among rows of text is a table's shaded header."""
    edges = sorted(int(r) for r in rules)
    inked = bars = 0
    for top, bottom in zip(edges, edges[1:]):
        # (The rules' own pixels, a pixel or two either side, are left out.)
        band = ink[top + 2:bottom - 1]
        if band.any():
            inked += 1
            bars += int((band & filled[top + 2:bottom - 1]).sum()) >= _FILLED_SHARE * int(band.sum())
    return bars > 0 and 2 * bars > inked


def looks_tabular(pdf_path: Path, page_number: int, dpi: int = 72, after_table: bool = False) -> bool:
    """Whether a scanned page draws a table: several long rules (horizontal, or vertical
    on a page scanned on its side), or (a table printed without rules) several text
    rows broken into separate runs of ink, where prose runs across. A cheap look at a
    small rendering decides which pages are worth the OCR's seconds. `after_table`: the
    page before drew one; so does this one if it has a header's or a row's worth of runs
    (an unruled table of one row, 三公 or an empty 政府性基金 table, follows the others;
    a line of prose set wide may count too, at the cost of a page's OCR)."""
    # (A seal makes no page a table: no glance at its colours.)
    gray = render_page(pdf_path, page_number, dpi, seals=False)
    # A scan set down askew (2°) tilts its rules across more pixel rows than the sum
    # below spans: straighten it first, as the OCR itself does.
    angle = estimate_skew(gray)
    if angle:
        gray = deskew(gray, angle)
    horiz, vert = rule_masks(gray)
    import numpy as np

    ink = np.asarray(gray < _ink_level(gray))
    # A bar's sides are no rules; the gridlines a chart's bars cross, no table's.
    filled = filled_shapes(ink)
    horiz, vert = np.where(filled, 0, horiz).astype(horiz.dtype), np.where(filled, 0, vert).astype(vert.dtype)
    # A page scanned on its side has its tables' rules standing: either way counts.
    # A slightly skewed rule drifts across pixel rows: each row is summed with its
    # neighbours.
    across = _rule_positions(horiz, 1, 0.2, drift=True)
    rules = len(across)
    if draws_a_chart(ink, filled, across):
        return False
    if rules >= 3 or len(_rule_positions(vert, 0, 0.2, drift=True)) >= 3:
        return True
    runs = _row_runs(ink)
    columnar, split = sum(n >= 3 for n in runs), sum(n >= 2 for n in runs)
    if columnar >= COLUMNAR_ROWS or (split >= SPLIT_ROWS and (columnar >= 2 or 2 * split >= len(runs))):
        return True
    if after_table and any(n >= 3 for n in runs) and sum(n >= 2 for n in runs) >= 2:
        return True
    # A faint scan's thin rules break up at the glance's coarse pixels: a page showing
    # one or two (a table one row tall) is looked at again, closer.
    return bool(rules) and dpi < CLOSER_GLANCE and looks_tabular(pdf_path, page_number, CLOSER_GLANCE, after_table)


def _row_runs(ink: "np.ndarray") -> list[int]:
    """Per text row, the runs of ink it falls into, separated by wide gaps."""
    import numpy as np

    inked: list[bool] = [bool(v) for v in np.asarray(ink.any(axis=1)).tolist()]
    runs: list[int] = []
    start = None
    gap = max(int(ink.shape[1] * 0.03), 4)
    for y, on in enumerate([*inked, False]):
        if on and start is None:
            start = y
        elif not on and start is not None:
            cols = ink[start:y].any(axis=0)
            xs = np.flatnonzero(cols)
            if xs.size:
                runs.append(1 + int(np.count_nonzero(np.diff(xs) > gap)))
            start = None
    return runs
