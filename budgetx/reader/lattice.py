"""camelot's lattice table finding (its vector engine) run on the rules pdf.py reads.

camelot (camelot/image_processing.py: coalesce_collinear_lines, find_joints_from_lines;
parsers/lattice.py: _compute_table_anchors; utils.py: merge_close_lines; MIT licence)
finds a page's ruled tables by merging collinear rules, joining crossing rules into
clusters and taking each cluster's crossings (joints) as its column and row anchors.
Those functions are carried here unchanged in what they compute, on plain tuples, so
that no page layout is built and camelot (with pandas and OpenCV) is not imported
for the common case; tests/test_lattice.py checks them against camelot's own.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

from budgetx.model import Segment

Point = tuple[float, float]

COALESCE_TOL = 2.0  # camelot _LINE_COALESCE_TOL
JOINT_TOL = 2.0  # camelot _JOINT_TOL
MIN_JOINTS = 4  # camelot _MIN_JOINTS: a cluster needs more crossings than this
LINE_TOL = 2.0  # camelot Lattice(line_tol=2)


@dataclass
class Lattice:
    """One ruled table: its box (left, bottom, right, top; PDF space) and the x of
    its columns' edges (left to right) and y of its rows' edges (top to bottom)."""

    bbox: tuple[float, float, float, float]
    cols: list[float]
    rows: list[float]


def coalesce(lines: list[Segment], horizontal: bool, tol: float = COALESCE_TOL) -> list[Segment]:
    """One rule drawn as many abutting pieces becomes one segment."""
    if not lines:
        return []
    norm: list[tuple[float, float, float]] = []
    for x0, y0, x1, y1 in lines:
        if horizontal:
            norm.append(((y0 + y1) / 2.0, min(x0, x1), max(x0, x1)))
        else:
            norm.append(((x0 + x1) / 2.0, min(y0, y1), max(y0, y1)))
    norm.sort()
    clusters: list[tuple[list[float], list[tuple[float, float]]]] = []
    last = 0.0
    for const, lo, hi in norm:
        if clusters and const - last <= tol:
            clusters[-1][0].append(const)
            clusters[-1][1].append((lo, hi))
        else:
            clusters.append(([const], [(lo, hi)]))
        last = const
    out: list[Segment] = []
    for consts, intervals in clusters:
        const = sum(consts) / len(consts)
        spans = sorted(intervals)
        merged = [list(spans[0])]
        for lo, hi in spans[1:]:
            if lo <= merged[-1][1] + tol:
                merged[-1][1] = max(merged[-1][1], hi)
            else:
                merged.append([lo, hi])
        for lo, hi in merged:
            out.append((lo, const, hi, const) if horizontal else (const, lo, const, hi))
    return out


def _reach(a: float, b: float, tol: float) -> tuple[float, float]:
    """The span of a rule from a to b, widened by tol at both ends: a horizontal and a
    vertical rule cross where each one's reach holds the other's level."""
    lo, hi = (a, b) if a <= b else (b, a)
    return lo - tol, hi + tol


def find_joints(h_lines: list[Segment], v_lines: list[Segment],
                tol: float = JOINT_TOL) -> dict[tuple[float, float, float, float], list[Point]]:
    """Tables as clusters of crossing rules: {bbox: crossings} (camelot's
    find_joints_from_lines). Clusters with MIN_JOINTS crossings or fewer are noise."""
    n_h = len(h_lines)
    parent = list(range(n_h + len(v_lines)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    crossings: dict[tuple[int, int], Point] = {}
    # Every pair is tested: each rule's reach is worked out once.
    reach_v = [(v[0], *_reach(v[1], v[3], tol)) for v in v_lines]
    for hi, h in enumerate(h_lines):
        hy = h[1]
        x_low, x_high = _reach(h[0], h[2], tol)
        for vi, (vx, y_low, y_high) in enumerate(reach_v):
            if x_low <= vx <= x_high and y_low <= hy <= y_high:
                ra, rb = find(hi), find(n_h + vi)
                if ra != rb:
                    parent[ra] = rb
                crossings[(hi, vi)] = (vx, hy)
    comp_h: dict[int, list[Segment]] = {}
    comp_v: dict[int, list[Segment]] = {}
    comp_joints: dict[int, list[Point]] = {}
    for hi in range(n_h):
        comp_h.setdefault(find(hi), []).append(h_lines[hi])
    for vi in range(len(v_lines)):
        comp_v.setdefault(find(n_h + vi), []).append(v_lines[vi])
    for (hi, _), pt in crossings.items():
        comp_joints.setdefault(find(hi), []).append(pt)
    out: dict[tuple[float, float, float, float], list[Point]] = {}
    for root, joints in comp_joints.items():
        if len(joints) <= MIN_JOINTS:
            continue
        hs, vs = comp_h.get(root, []), comp_v.get(root, [])
        xs = [c for ln in hs for c in (ln[0], ln[2])] + [ln[0] for ln in vs]
        ys = [c for ln in vs for c in (ln[1], ln[3])] + [ln[1] for ln in hs]
        if xs and ys:
            out[(min(xs), min(ys), max(xs), max(ys))] = joints
    return out


def merge_close(values: list[float], line_tol: float = LINE_TOL) -> list[float]:
    """Anchors within line_tol of the previous one merge into their running mean."""
    ret: list[float] = []
    for a in values:
        if ret and math.isclose(ret[-1], a, abs_tol=line_tol):
            ret[-1] = (ret[-1] + a) / 2.0
        else:
            ret.append(a)
    return ret


def tables(h_rules: list[Segment], v_rules: list[Segment]) -> list[Lattice]:
    """The ruled tables that the given rules draw, top table first."""
    h_lines = coalesce(h_rules, horizontal=True)
    v_lines = coalesce(v_rules, horizontal=False)
    found = []
    for bbox, joints in find_joints(h_lines, v_lines).items():
        cols = merge_close(sorted([j[0] for j in joints] + [bbox[0], bbox[2]]))
        rows = merge_close(sorted([j[1] for j in joints] + [bbox[1], bbox[3]], reverse=True))
        found.append(Lattice(bbox, cols, rows))
    found.sort(key=lambda t: -t.bbox[1])
    return found
