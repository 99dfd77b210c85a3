"""Dynamic time warping inside a window of columns per row, coarse to fine: time and memory
grow with the length of the signals, not with its square.

Rows are the recording's frames, columns the reference's. Each row is computed at once with
numpy: a cell's cost from the row above (straight down or diagonal) first, then the run
along the row as a running minimum over prefix sums, since
D[i, j] = min over k <= j of (T[k] + c[k+1] + ... + c[j]).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from publish.align.features import Matrix, pooled

Index = npt.NDArray[np.int64]
DIAGONAL = 2.0  # a diagonal step costs twice its cell, as a step down plus a step across
COARSE = 4  # frames pooled into one at the coarse level (40 ms)


@dataclass(frozen=True)
class Path:
    """The warping path, from (0, 0) to the last cell: row and column of each step, and the
    distance between the two frames it pairs."""

    rows: Index
    columns: Index
    costs: npt.NDArray[np.float64]


def _distances(a: npt.NDArray[np.float64], b: Matrix) -> npt.NDArray[np.float64]:
    difference = b - a
    result: npt.NDArray[np.float64] = np.sqrt(np.einsum("ij,ij->i", difference, difference))
    return result


def windowed(a: Matrix, b: Matrix, low: Index, high: Index) -> Path:
    """The cheapest path where row i may only use columns low[i] <= j < high[i]; `low` and
    `high` never decrease, each row's window meets the one before, the first holds column 0
    and the last the last column."""
    rows = a.shape[0]
    totals: list[npt.NDArray[np.float64]] = []
    cells: list[npt.NDArray[np.float64]] = []
    previous = np.empty(0)
    previous_low = previous_high = 0
    for i in range(rows):
        lo, hi = int(low[i]), int(high[i])
        cost = _distances(a[i], b[lo:hi])
        through = np.full(hi - lo, np.inf)
        if i == 0:
            through[0] = cost[0]
        else:
            # straight down: from column j of the row above
            start, stop = max(lo, previous_low), min(hi, previous_high)
            if stop > start:
                through[start - lo : stop - lo] = (
                    previous[start - previous_low : stop - previous_low]
                    + cost[start - lo : stop - lo]
                )
            # diagonal: from column j - 1 of the row above
            start, stop = max(lo, previous_low + 1), min(hi, previous_high + 1)
            if stop > start:
                diagonal = (
                    previous[start - 1 - previous_low : stop - 1 - previous_low]
                    + DIAGONAL * cost[start - lo : stop - lo]
                )
                np.minimum(through[start - lo : stop - lo], diagonal, out=diagonal)
                through[start - lo : stop - lo] = diagonal
        prefix = np.cumsum(cost)
        total = prefix + np.minimum.accumulate(through - prefix)
        totals.append(total)
        cells.append(cost)
        previous, previous_low, previous_high = total, lo, hi
    return _backtrack(totals, cells, low, b.shape[0])


def _backtrack(
    totals: list[npt.NDArray[np.float64]],
    cells: list[npt.NDArray[np.float64]],
    low: Index,
    columns: int,
) -> Path:
    i, j = len(totals) - 1, columns - 1
    rows_out, columns_out, costs = [i], [j], [float(cells[i][j - low[i]])]
    while i > 0 or j > 0:
        here = cells[i][j - low[i]]
        best, move = np.inf, (0, 0)
        if j > low[i]:
            best, move = totals[i][j - 1 - low[i]] + here, (0, -1)
        if i > 0:
            above_low = low[i - 1]
            above = totals[i - 1]
            if 0 <= j - above_low < above.size and above[j - above_low] + here < best:
                best, move = above[j - above_low] + here, (-1, 0)
            if (
                j > 0
                and 0 <= j - 1 - above_low < above.size
                and above[j - 1 - above_low] + DIAGONAL * here <= best
            ):
                best, move = above[j - 1 - above_low] + DIAGONAL * here, (-1, -1)
        if not np.isfinite(best):
            raise RuntimeError("the warping path left its window")
        i, j = i + move[0], j + move[1]
        rows_out.append(i)
        columns_out.append(j)
        costs.append(float(cells[i][j - low[i]]))
    return Path(
        np.array(rows_out[::-1], dtype=np.int64),
        np.array(columns_out[::-1], dtype=np.int64),
        np.array(costs[::-1]),
    )


def band(rows: int, columns: int, half_width: int) -> tuple[Index, Index]:
    """A window of `half_width` columns either side of the straight line between the corners."""
    centre = np.round(np.arange(rows) * (columns - 1) / max(1, rows - 1)).astype(np.int64)
    half = max(half_width, -(-columns // max(1, rows)) + 1)
    return np.clip(centre - half, 0, columns - 1), np.clip(centre + half + 1, 1, columns)


def around(path: Path, factor: int, radius: int, rows: int, columns: int) -> tuple[Index, Index]:
    """The fine window of a coarse path: each coarse cell it passes, `radius` coarse cells
    wider on every side, in fine frames."""
    coarse_rows = int(path.rows[-1]) + 1
    low = np.full(coarse_rows, np.iinfo(np.int64).max)
    high = np.zeros(coarse_rows, dtype=np.int64)
    np.minimum.at(low, path.rows, path.columns)
    np.maximum.at(high, path.rows, path.columns)
    # widen by `radius` rows either way, then by `radius` columns
    width = 2 * radius + 1
    padded_low = np.concatenate([np.full(radius, low[0]), low, np.full(radius, low[-1])])
    padded_high = np.concatenate([np.full(radius, high[0]), high, np.full(radius, high[-1])])
    low = np.lib.stride_tricks.sliding_window_view(padded_low, width).min(axis=1) - radius
    high = np.lib.stride_tricks.sliding_window_view(padded_high, width).max(axis=1) + radius
    fine = np.arange(rows) // factor
    fine = np.minimum(fine, coarse_rows - 1)
    fine_low = np.clip(low[fine] * factor, 0, columns - 1)
    fine_high = np.clip((high[fine] + 1) * factor, 1, columns)
    return fine_low.astype(np.int64), fine_high.astype(np.int64)


def align(a: Matrix, b: Matrix, factor: int, half_width: int, radius: int) -> Path:
    """The warping path between frames `a` (rows) and `b` (columns): first on frames pooled by
    `factor`, within `half_width` pooled frames of the diagonal; then at full resolution,
    within `radius` pooled frames of that path."""
    coarse_a, coarse_b = pooled(a, factor), pooled(b, factor)
    low, high = band(coarse_a.shape[0], coarse_b.shape[0], half_width)
    coarse = windowed(coarse_a, coarse_b, low, high)
    if factor == 1:
        return coarse
    low, high = around(coarse, factor, radius, a.shape[0], b.shape[0])
    return windowed(a, b, low, high)
