"""How robust a ranking is to disagreement about the weights (SPEC §4 `score sensitivity`)."""

from __future__ import annotations

import math
import random
from bisect import bisect_left
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from kamctl.domain.limits import MAX_RUNS, check_count
from kamctl.domain.scoring import RANK_DIGITS, ScoredAccount, check_weights, tie_break_key
from kamctl.domain.settings import CRITERIA
from kamctl.errors import InvalidValue
from kamctl.i18n import _

MIN_TOP = 5
"""The default top N is the number of key accounts, but at least this many."""


@dataclass(frozen=True)
class RankSpread:
    """One account's ranks over all runs: base rank, 5th–95th percentile, share in the top N."""

    id: int
    account: str
    rank: int
    rank_p5: int
    rank_p95: int
    top_share: float


def default_top(tiers: Sequence[str]) -> int:
    """SPEC §4: the number of `key` accounts, at least MIN_TOP."""
    return max(MIN_TOP, sum(1 for tier in tiers if tier == "key"))


def check_sensitivity_options(*, runs: int, spread: float, top: int | None) -> None:
    check_count("runs", runs, least=1, most=MAX_RUNS)
    if not math.isfinite(spread) or not 0 <= spread < 1:
        raise InvalidValue(
            _("spread must be at least 0 and below 1, e.g. 0.25 for ±25 % (got {spread})").format(
                spread=f"{spread:g}"
            )
        )
    if top is not None:
        check_count("top", top, least=1)


def rank_sensitivity(
    ranked: Sequence[ScoredAccount],
    weights: Mapping[str, float],
    *,
    runs: int,
    spread: float,
    top: int,
    seed: int | None,
) -> list[RankSpread]:
    """Re-rank `ranked` (the output of `score_accounts`, in rank order) `runs` times.

    Each run multiplies every weight by its own factor drawn uniformly from
    [1 − spread, 1 + spread] (random.Random(seed), one draw per criterion in CRITERIA order:
    the same seed gives the same result) and ranks by the re-weighted score, ties going to
    higher revenue, then name, as in `score_accounts`. Percentiles are nearest-rank: p5 is the
    ⌈0.05 × runs⌉-th smallest of an account's ranks. `top_share` is the share of runs in which
    its rank is ≤ `top`.

    Cost: the normalised x of each account is computed once (in `ranked`); a run is one
    weighted sum per account and one sort: O(runs × (criteria × n + n log n)).
    """
    check_sensitivity_options(runs=runs, spread=spread, top=top)
    check_weights(weights)
    n = len(ranked)
    if n == 0:
        return []
    # Accounts are laid out in tie-break order (revenue, name, id), so that a stable sort on
    # the score alone breaks ties exactly as the base ranking does.
    layout = sorted(
        range(n), key=lambda i: tie_break_key(ranked[i].facts, ranked[i].criterion("revenue").value)
    )
    rows = [tuple(_x_or_zero(ranked[i], criterion) for criterion in CRITERIA) for i in layout]
    base_weights = [weights.get(criterion, 0) for criterion in CRITERIA]
    positions = list(range(n))

    def ranks_by_layout(scores: list[float]) -> list[int]:
        """Each account's 0-based rank in one run. Both steps are C-level sorts: the ranking
        (reverse=True keeps sorting stable, so tied accounts stay in tie-break order), then its
        inverse permutation."""
        order = sorted(positions, key=scores.__getitem__, reverse=True)
        return sorted(positions, key=order.__getitem__)

    if spread == 0:
        # Every factor is exactly 1, so every run is the base ranking: computed once, with the
        # base's own arithmetic and its rounding (RANK_DIGITS), which `score_accounts` uses to
        # let float noise tie; counted `runs` times.
        total = sum(base_weights)
        keys = [round(100 * s / total, RANK_DIGITS) for s in _weighted_sums(rows, base_weights)]
        per_run = [ranks_by_layout(keys)] * runs
    else:
        rng = random.Random(seed)
        per_run = []
        for _ in range(runs):
            run_weights = [w * rng.uniform(1 - spread, 1 + spread) for w in base_weights]
            # Unrounded: with random weights, scores tie only for accounts with the same x on
            # every criterion, and those sums are bit-identical.
            per_run.append(ranks_by_layout(_weighted_sums(rows, run_weights)))

    low_index = math.ceil(0.05 * runs) - 1
    high_index = math.ceil(0.95 * runs) - 1
    spreads_by_id: dict[int, RankSpread] = {}
    for i, runs_ranks in zip(layout, zip(*per_run, strict=True), strict=True):
        account = ranked[i]
        ranks = sorted(runs_ranks)  # 0-based
        spreads_by_id[account.id] = RankSpread(
            id=account.id,
            account=account.name,
            rank=account.rank,
            rank_p5=ranks[low_index] + 1,
            rank_p95=ranks[high_index] + 1,
            top_share=bisect_left(ranks, top) / runs,  # 0-based ranks below `top`
        )
    return [spreads_by_id[account.id] for account in ranked]


def _weighted_sums(rows: Sequence[tuple[float, ...]], weights: Sequence[float]) -> list[float]:
    """Σ w·x per account, added in CRITERIA order from left to right: bit for bit the sum that
    `score_accounts` accumulates. Written out for the seven criteria (a new criterion makes the
    unpacking fail loudly), it is one list comprehension per run, twice as fast as a loop
    over the criteria."""
    w0, w1, w2, w3, w4, w5, w6 = weights
    return [w0 * a + w1 * b + w2 * c + w3 * d + w4 * e + w5 * f + w6 * g for a, b, c, d, e, f, g in rows]


def _x_or_zero(account: ScoredAccount, criterion: str) -> float:
    x = account.criterion(criterion).x
    return 0.0 if x is None else x
