"""Sentences the reader skipped.

A skipped sentence leaves the warping path nothing to match its frames with, so the first
pass squeezes it into the pause between its neighbours or spreads it over their speech. Each
sentence crossed in less time than the reader's pace gives it (SUSPECT) is tried: its
neighbourhood (the sentence before and after) is aligned again with and without it, and it
is skipped when the path without it is closer, per frame, by SKIP_GAIN or more.

Measured on bench/align.py's material (eSpeak NG read against the Piper reference, six
seeds): a skipped sentence's per-frame cost falls to 0.75-0.91 of the cost with it, a read
sentence's stays at 0.98 or above. Seeds 1, 2, 3 and 32 of every case (each tried sentence's
gain printed): true skips 0.15-0.94, read sentences 1.02 or above once a neighbour found
skipped is left out of both sides (before that, a read sentence beside a skip gained 0.940).
"""

from __future__ import annotations

from collections.abc import Collection

import numpy as np
import numpy.typing as npt

from publish.align import dtw
from publish.align.features import Matrix
from publish.align.sentences import Pass, Sentences

SUSPECT = 0.9  # sentences crossed in less than this share of their time are tried
SKIP_GAIN = 0.96  # without the sentence, the per-frame cost is this share or less
MARGIN = 30  # frames of context either side of the neighbourhood
MOST = 40  # sentences tried at most, the shortest first


def skipped(features: Matrix, expected: Matrix, sentences: Sentences, found: Pass) -> set[int]:
    """The indexes (in `sentences`) of the sentences the reader left out. The most squeezed
    are tried first, and each is tried without the ones already found left out: a read
    sentence beside a skipped one would otherwise gain from losing its neighbour's frames
    too (seen in bench/align.py, Spanish, seed 1: a gain of 0.940 beside a true skip)."""
    assert found.ids == sentences.ids, "the first pass keeps every sentence"
    taken = found.taken()
    tried = [int(i) for i in np.argsort(taken, kind="stable")[:MOST] if taken[i] < SUSPECT]
    gone: set[int] = set()
    for index in tried:
        if _gain(features, expected, sentences, found, index, gone) <= SKIP_GAIN:
            gone.add(index)
    return gone


def _gain(
    features: Matrix,
    expected: Matrix,
    sentences: Sentences,
    found: Pass,
    k: int,
    gone: Collection[int] = (),
) -> float:
    """The per-frame cost of the neighbourhood of sentence k aligned without it, over with it
    (the sentences in `gone`, found skipped already, are left out of both)."""
    last = len(sentences.ids) - 1
    before, after = max(0, k - 1), min(last, k + 1)
    rows = features[
        max(0, int(found.starts[before]) - MARGIN) : min(
            features.shape[0], int(found.ends[after]) + MARGIN
        )
    ]
    columns = np.arange(
        max(0, int(sentences.first[before]) - MARGIN),
        min(expected.shape[0], int(sentences.last[after]) + MARGIN + 1),
    )
    for other in sorted({o for o in (before, after) if o in gone}):
        low, high = sentences.cut(other)
        columns = columns[(columns < low) | (columns >= high)]
    low, high = sentences.cut(k)
    without = columns[(columns < low) | (columns >= high)]
    if rows.shape[0] < 2 or without.size < 2:
        return 1.0
    costs = [_cost(rows, expected[c]) for c in (columns, without)]
    return costs[1] / max(costs[0], 1e-9)


def _cost(rows: Matrix, columns: Matrix) -> float:
    """The path's cost per unit of its length (a diagonal step is two units)."""
    half_width = max(rows.shape[0], columns.shape[0]) // dtw.COARSE + 1
    path = dtw.align(rows, columns, dtw.COARSE, half_width, 5)
    diagonal = (np.diff(path.rows, prepend=-1) > 0) & (np.diff(path.columns, prepend=-1) > 0)
    weights = np.where(diagonal, dtw.DIAGONAL, 1.0)
    return float((weights * path.costs).sum() / (rows.shape[0] + columns.shape[0]))


def against_reversed(
    features: Matrix, expected: Matrix, sentences: Sentences, found: Pass
) -> npt.NDArray[np.float64]:
    """For each sentence found, the cost of its clip aligned to its reference frames, over
    the cost with the clip played backwards: the same voice and room, the same sounds, in
    the wrong order. About 0.25 for the same voice, 0.75 for eSpeak NG read against Piper,
    0.8-1 for another text (measured on bench/align.py's material and tests/test_align.py's)."""
    index = {sentence_id: i for i, sentence_id in enumerate(sentences.ids)}
    ratios = np.ones(len(found.ids))
    for position, sentence_id in enumerate(found.ids):
        k = index[sentence_id]
        rows = features[int(found.starts[position]) : int(found.ends[position])]
        columns = expected[int(sentences.first[k]) : int(sentences.last[k]) + 1]
        if rows.shape[0] < 3 or columns.shape[0] < 3:
            continue
        ratios[position] = _cost(rows, columns) / max(_cost(rows[::-1].copy(), columns), 1e-9)
    return ratios
