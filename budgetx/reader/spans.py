"""How many columns a group header spans.

A group header (基本支出 over 小计 | 人员经费 | 公用经费, 本年收入 over its sources) is
printed centred in a merged cell; its words cover only the middle of the cell, so by
their extent alone it sits over one column and its neighbours lose their group
(`小计` alone, `基本支出/人员经费`, `公用经费` alone). The merged cell is recovered from
the layout: the columns beside it whose own header sits in the row below the group
(the same row as the group's child under it), and whose centre is the group text's
centre. A tall cell beside the group (总计 or 项目支出 spanning both header rows,
centred between them) is not in that row, so it is never absorbed.

A ruled table says it outright: a merged cell runs until a vertical rule crosses its
text's height (spans_from_rules); the layout decides only the blocks the rules do not.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Protocol


class HeaderBlock(Protocol):
    text: str
    first: int
    last: int
    top: float
    bottom: float
    x0: float
    x1: float


def widen_groups(blocks: Sequence[HeaderBlock], edges: Sequence[float], fixed: Iterable[int] = (),
                 row_edges: Sequence[float] = ()) -> None:
    """Widen, in place, each group header to the columns of its merged cell. The blocks
    in `fixed` (ids) already have theirs (spans_from_rules). `row_edges`: the y of the
    ruled table's horizontal rules, where it has them: a cell's wrapped lines are those
    no rule parts."""
    ncols = len(edges) - 1
    # Upper groups first: a lower group stays inside a merged cell found above it.
    widened: set[int] = set(fixed)
    ordered = sorted(blocks, key=lambda b: b.top)

    def passes() -> Iterator[HeaderBlock]:
        yield from ordered
        # A group over a lower group (当年预算 over 基本支出 over 小计 | 人员经费 |
        # 公用经费) is weighed again once that one has its merged cell: the columns
        # under the lower group are a row of the upper one's, whatever the heights
        # their texts wrap to in narrow columns (小 / 计, 人员经 / 费, 项目支 / 出).
        yield from (g for g in ordered if any(
            id(b) in widened and b is not g and b.top >= g.bottom - 0.5 and b.first <= g.last and b.last >= g.first
            for b in blocks))

    for group in passes():
        if id(group) in fixed or not group.text.strip() or group.x1 <= group.x0:
            continue
        below = [b for b in blocks if b is not group and b.top >= group.bottom - 0.5
                 and b.first >= group.first and b.last <= group.last]
        if not below:
            continue  # a leaf, not a group
        height = max(group.bottom - group.top, 1.0)

        def stack(col: int) -> tuple[float, float] | None:
            """The extent of the column's first header below the group, with the lines
            right under it (a header wrapped over two cells, 政府性基金 / 预算, is one;
            up to a line's height apart: 杭州 spaces a wrapped header's lines 0.95 of it).
            A lower group counts where its merged cell is known or its text crosses the
            column's edges (西安's 一般公共预算拨款安排的“三公”经费预算 over four columns)."""
            kids = sorted((b for b in blocks if b is not group and b.top >= group.bottom - 0.5
                           and b.first <= col <= b.last), key=lambda b: b.top)
            if not kids:
                return None
            top, bottom = kids[0].top, kids[0].bottom
            # Under a lower group's merged cell, the column's stack runs down to its leaf;
            # so it does under a lower group not yet widened, whose text reaches past
            # both sides of its one column (公务用车购置及运行费 over 小计 | 购置费 | 运行费,
            # the leaves a line and more below it).
            head = kids[0]
            whole = head.first < head.last or (head.x0 < edges[col] - 1.0 and head.x1 > edges[col + 1] + 1.0)
            for b in kids[1:]:
                # Where rules part the header's rows, the cell's lines are those between
                # the same two (OCR boxes only a line's ink: its wrapped lines are set
                # further apart, to their boxes' height, than a font's).
                parted = (any(bottom - RULE_TOL <= y <= b.top + RULE_TOL for y in row_edges) if row_edges
                          else b.top - bottom > 1.0 * height)
                if parted and not whole:
                    break
                bottom = max(bottom, b.bottom)
            return top, bottom

        child = stack(group.first)
        if child is None:
            continue

        def merged(b: HeaderBlock) -> bool:
            return id(b) in widened or b.first < b.last

        def first_below(c: int) -> HeaderBlock | None:
            """The column's first header under the group."""
            return min((b for b in blocks if b is not group and b.top >= group.bottom - 0.5
                        and b.first <= c <= b.last), key=lambda b: b.top, default=None)

        def qualifies(col: int) -> bool:
            """The column's own header in the child's row, with nothing of its own
            level beside the group's text."""
            mine = [b for b in blocks if b.first <= col <= b.last and b is not group]
            if not mine:
                # No header at all in a ruled table (a scan's recogniser lost its glyphs,
                # 长春's stacked 其他收入): the group's centre decides whether it is under
                # it, if it is one such column between headed ones. (Without rules, a bare
                # column is the projection's, a piece of a headed one.)
                return bool(row_edges) and all(any(b.first <= c <= b.last for b in blocks)
                                               for c in (col - 1, col + 1) if 0 <= c < ncols)
            if any(b.bottom > group.top + 0.5 and b.top < group.bottom - 0.5 for b in mine):
                return False  # a header at the group's level: another cell
            if any(b.bottom <= group.top + 0.5 and id(b) in widened
                   and not b.first <= group.first <= group.last <= b.last for b in mine):
                return False  # under another merged cell than this one's
            # A column under a lower group in the child's row (its merged cell known)
            # is in that row, however its leaves wrap (小计 on one line beside
            # 科研因公出国（境）费用 on three, under 因公出国（境）费 under 当年预算).
            own, theirs = first_below(col), first_below(group.first)
            if own is not None and theirs is not None and merged(own) and merged(theirs) and (
                    own is theirs or abs((own.top + own.bottom) / 2 - (theirs.top + theirs.bottom) / 2)
                    <= 0.45 * height):
                return True
            kid = stack(col)
            assert child is not None
            return kid is not None and abs(sum(kid) / 2 - sum(child) / 2) <= 0.45 * height

        lo, hi = group.first, group.last
        while lo - 1 >= 0 and qualifies(lo - 1):
            lo -= 1
        while hi + 1 < ncols and qualifies(hi + 1):
            hi += 1
        if (lo, hi) == (group.first, group.last):
            continue
        mid = (group.x0 + group.x1) / 2

        def bounds(a: int, b: int) -> tuple[float, float]:
            left, right = edges[a], edges[b + 1]
            if left < -1e8:  # the outer edge of a ruled table: mirror the inner one
                left = 2 * _x_centre(blocks, a) - edges[a + 1]
            if right > 1e8:
                right = 2 * _x_centre(blocks, b) - edges[b]
            return left, right

        best: tuple[int, int] | None = None
        for a in range(lo, group.first + 1):
            for b in range(group.last, hi + 1):
                left, right = bounds(a, b)
                # One column more on either side moves the centre by half its width.
                narrowest = min(edges[k + 1] - edges[k] for k in range(a, b + 1))
                tolerance = max(3.0, 0.3 * min(narrowest, right - left))
                if abs((left + right) / 2 - mid) <= tolerance and (
                        best is None or b - a > best[1] - best[0]):
                    best = (a, b)
        if best is not None and best != (group.first, group.last):
            group.first, group.last = best
            widened.add(id(group))


def _x_centre(blocks: Sequence[HeaderBlock], col: int) -> float:
    """The centre of a column's own header text (its leaf): where the column's centre is."""
    own = [b for b in blocks if b.first == b.last == col and b.x1 > b.x0]
    if not own:
        return 0.0
    leaf = max(own, key=lambda b: b.top)
    return (leaf.x0 + leaf.x1) / 2


# A vertical rule this close (pt) to a column edge is that edge's rule (camelot's joint
# tolerance).
RULE_TOL = 2.0


def rule_at(x: float, y: float, rules: Sequence[tuple[float, float, float]]) -> bool:
    """Whether a vertical rule runs at x past height y."""
    return any(abs(rx - x) <= RULE_TOL and top - 1.0 <= y <= bottom + 1.0 for rx, top, bottom in rules)


def ruled_edges(y: float, edges: Sequence[float], rules: Sequence[tuple[float, float, float]]) -> frozenset[int]:
    """The inner column edges (by index) that a vertical rule runs along at height y."""
    return frozenset(k for k in range(1, len(edges) - 1) if rule_at(edges[k], y, rules))


def merged_start(col: int, ruled: frozenset[int]) -> int:
    """The first column of the ruled cell that holds column `col`, given the edges ruled
    at its height: a body cell merged over several columns (结转下年资金 over the item
    and amount columns of a 收支总表's closing rows) is its first column's. Where no
    inner rule runs at that height the rules say nothing, and the column is its own."""
    if not ruled:
        return col
    while col > 0 and col not in ruled:
        col -= 1
    return col


def spans_from_rules(blocks: Sequence[HeaderBlock], edges: Sequence[float],
                     rules: Sequence[tuple[float, float, float]]) -> set[int]:
    """Widen, in place, each header block to the columns of its ruled cell: it runs left
    and right until a rule crosses the block's middle. Only a block at a height where
    some rule divides the table is weighed (a header drawn without inner rules says
    nothing). The ids of the blocks widened are returned: their merged cells are certain.
    A rule between two columns under a block is not taken at its word (some producers
    draw every rule and paint a merged cell white over them): such a block is left to
    the layout."""
    decided: set[int] = set()
    for block in blocks:
        ruled = ruled_edges((block.top + block.bottom) / 2, edges, rules)
        if not ruled:
            continue
        span = (block.first, block.last)
        while block.first > 0 and block.first not in ruled:
            block.first -= 1
        while block.last < len(edges) - 2 and block.last + 1 not in ruled:
            block.last += 1
        if (block.first, block.last) != span:
            decided.add(id(block))
    return decided
