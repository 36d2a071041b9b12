"""`kamctl score`: rank accounts, explain, weights, matrix, sensitivity, apply, save, trend (SPEC §4)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from kamctl.actions.scoring import Scoring
from kamctl.cli.context import current
from kamctl.cli.options import DryRunOption, FormatOption, OutputFormat, RawOption, YesOption
from kamctl.domain.limits import MAX_COUNT

if TYPE_CHECKING:
    from kamctl.domain.scoring import ScoredAccount

# No help= here: the callback's docstring is the group's help, shown for `kamctl score --help`.
app = typer.Typer(invoke_without_command=True)

TierFilter = Annotated[str | None, typer.Option("--tier", help="Score only accounts of this tier.")]
OwnerFilter = Annotated[str | None, typer.Option("--owner", help="Score only this person's accounts.")]
MineFilter = Annotated[bool, typer.Option("--mine", help="Score only your accounts.")]
Normalize = Annotated[
    str,
    typer.Option(
        "--normalize",
        metavar="rank|minmax|log",
        help="How revenue, profit, order size and frequency become 0…1: percentile rank (default), "
        "min-max, or min-max of log10(1 + v).",
    ),
]
Weights = Annotated[
    str | None,
    typer.Option(
        "--weights",
        metavar="CRITERION=N,…",
        help="Weights for this run only, e.g. revenue=30,profit=0 (0 drops a criterion); "
        "others keep the shared weights.",
    ),
]
AccountName = Annotated[str, typer.Argument(metavar="NAME", help="Account name or id.")]


@app.callback()
def rank(
    ctx: typer.Context,
    tier: TierFilter = None,
    owner: OwnerFilter = None,
    mine: MineFilter = False,
    top: Annotated[
        int | None,
        typer.Option("--top", min=1, max=MAX_COUNT, metavar="N", help="Show only the first N accounts."),
    ] = None,
    normalize: Normalize = "rank",
    weights: Weights = None,
    fmt: FormatOption = OutputFormat.table,
    raw: RawOption = False,
) -> None:
    """Which customers deserve key-account treatment: rank, explain, matrix, sensitivity.

    Without a sub-command: the ranking by attractiveness (0–100), with relative strength,
    portfolio quadrant and a recommendation. Scored are all non-archived accounts whose status
    is not lost (or those the filters pick), each compared with the others in that set. Ties
    go to higher revenue, then the name.
    """
    if ctx.invoked_subcommand is not None:
        return
    from kamctl.render import messages
    from kamctl.render.output import emit
    from kamctl.render.score import TABLE_LIMIT, ranking_csv_row, ranking_record, render_ranking

    scoring = Scoring(
        current().portfolio(), tier=tier, owner=owner, mine=mine, normalize=normalize, weights=weights
    )
    with current().store().transaction(write=False) as session:
        scored, rules = scoring.run(session=session)
    if fmt is OutputFormat.table:
        if not scored:
            messages.info("No accounts to score (archived and lost accounts are left out).")
            return
        limit = top or TABLE_LIMIT
        render_ranking([ranking_record(a) for a in scored[:limit]], total=len(scored), rules=rules)
        if top is None and len(scored) > limit:
            messages.info(
                f"Showing the first {limit} of {len(scored)}: --top N shows more, -f json or csv all."
            )
        return
    records = [ranking_record(account) for account in scored[:top]]
    if fmt is OutputFormat.json:
        emit(records, (), "json")
    else:
        rows = [ranking_csv_row(record) for record in records]
        emit(rows, (), "csv", fields=_ranking_csv_fields(), raw=raw)


def _ranking_csv_fields() -> list[str]:
    from kamctl.domain.settings import CRITERIA

    head = ["rank", "account", "id", "tier", "score", "strength", "quadrant", "recommendation", "incomplete"]
    return head + [f"{c}_points" for c in CRITERIA] + [f"{c}_value" for c in CRITERIA]


@app.command("explain")
def explain(
    name: AccountName,
    normalize: Normalize = "rank",
    weights: Weights = None,
    fmt: FormatOption = OutputFormat.table,
    raw: RawOption = False,
) -> None:
    """Every point of one account's score: value, source, x, weight, points; and its strength."""
    from kamctl.errors import InvalidValue
    from kamctl.render.output import write_json
    from kamctl.render.score import explain_record, render_explain, write_explain_csv
    from kamctl.store.queries.accounts import find_account

    scoring = Scoring(current().portfolio(), normalize=normalize, weights=weights)
    with current().store().transaction(write=False) as session:
        account = find_account(name, session=session)
        scored, rules = scoring.run(session=session)
        if account.archived or account.status == "lost":
            why = "archived" if account.archived else "lost"
            fix = "kamctl accounts unarchive" if account.archived else "kamctl accounts edit --status"
            raise InvalidValue(f"{account.name} is {why}, so it is not scored ({fix} brings it back)")
    found = next(a for a in scored if a.id == account.id)
    if fmt is OutputFormat.json:
        write_json(explain_record(found))
    elif fmt is OutputFormat.csv:
        write_explain_csv(explain_record(found), raw=raw)
    else:
        render_explain(found, rules)


@app.command("weights")
def weights_(
    set_: Annotated[
        list[str] | None,
        typer.Option("--set", metavar="CRITERION=N", help="Change a shared weight (repeatable)."),
    ] = None,
    reset: Annotated[bool, typer.Option("--reset", help="Go back to the default weights first.")] = False,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Show or change the weights everyone who uses this database scores with."""
    from kamctl.domain.scoring import check_weights, parse_weight_changes
    from kamctl.domain.settings import CRITERIA, DEFAULT_WEIGHTS, weights_from
    from kamctl.render import messages
    from kamctl.render.output import emit
    from kamctl.render.score import WEIGHT_COLUMNS, weights_records
    from kamctl.store.queries.settings import load_settings, save_setting

    changes = parse_weight_changes(set_ or [])
    with current().store().transaction(write=bool(changes or reset)) as session:
        before = weights_from(load_settings(session=session))
        after = dict(DEFAULT_WEIGHTS) if reset else dict(before)
        after.update(changes)
        if changes or reset:
            check_weights(after)
            for criterion in CRITERIA:
                save_setting(f"weights.{criterion}", after[criterion], session=session)
    changed = [c for c in CRITERIA if before[c] != after[c]]
    if changes or reset:
        if changed:
            messages.info(
                "Weights changed: " + ", ".join(f"{c} {before[c]:g} → {after[c]:g}" for c in changed)
            )
        else:
            messages.info("Weights unchanged")
    emit(weights_records(after), WEIGHT_COLUMNS, fmt.value)


@app.command("matrix")
def matrix(
    tier: TierFilter = None,
    owner: OwnerFilter = None,
    mine: MineFilter = False,
    normalize: Normalize = "rank",
    weights: Weights = None,
    fmt: FormatOption = OutputFormat.table,
    raw: RawOption = False,
) -> None:
    """The portfolio on the 2×2 grid of attractiveness and relative strength."""
    from kamctl.render import messages
    from kamctl.render.output import write_csv, write_json
    from kamctl.render.score import matrix_record, render_matrix

    scoring = Scoring(
        current().portfolio(), tier=tier, owner=owner, mine=mine, normalize=normalize, weights=weights
    )
    with current().store().transaction(write=False) as session:
        scored, rules = scoring.run(session=session)
    record = matrix_record(scored, rules)
    if fmt is OutputFormat.json:
        write_json(record)
    elif fmt is OutputFormat.csv:
        write_csv(record["points"], ["rank", "account", "id", "score", "strength", "quadrant"], raw=raw)
    elif not scored:
        messages.info("No accounts to place (archived and lost accounts are left out).")
    else:
        render_matrix(scored, rules)


@app.command("sensitivity")
def sensitivity(
    runs: Annotated[int, typer.Option("--runs", metavar="N", help="How many re-weighted rankings.")] = 1000,
    spread: Annotated[
        float,
        typer.Option(
            "--spread", metavar="S", help="Each weight varies by up to ±S (0 ≤ S < 1; 0.25 = ±25 %)."
        ),
    ] = 0.25,
    top: Annotated[
        int | None,
        typer.Option("--top", metavar="N", help="Size of the top that counts (default: key accounts, ≥ 5)."),
    ] = None,
    seed: Annotated[
        int | None, typer.Option("--seed", metavar="S", help="Random seed: the same seed, the same result.")
    ] = None,
    tier: TierFilter = None,
    owner: OwnerFilter = None,
    mine: MineFilter = False,
    normalize: Normalize = "rank",
    weights: Weights = None,
    fmt: FormatOption = OutputFormat.table,
    raw: RawOption = False,
) -> None:
    """How robust the ranking is when the weights are disputed.

    Each run multiplies every weight by its own random factor in [1 − S, 1 + S] and re-ranks.
    Per account: base rank, 5th–95th percentile rank, and the share of runs in the top N.
    """
    import random

    from kamctl.domain.sensitivity import check_sensitivity_options, default_top, rank_sensitivity
    from kamctl.render import messages
    from kamctl.render.output import emit
    from kamctl.render.score import render_sensitivity, sensitivity_record

    check_sensitivity_options(runs=runs, spread=spread, top=top)
    scoring = Scoring(
        current().portfolio(), tier=tier, owner=owner, mine=mine, normalize=normalize, weights=weights
    )
    with current().store().transaction(write=False) as session:
        scored, rules = scoring.run(session=session)
    if seed is None:
        seed = random.SystemRandom().randrange(1_000_000)
        messages.info(f"Seed {seed} (--seed {seed} repeats this result)")
    size = top or default_top([account.tier for account in scored])
    spreads = rank_sensitivity(scored, rules.weights, runs=runs, spread=spread, top=size, seed=seed)
    if fmt is OutputFormat.table:
        if not spreads:
            messages.info("No accounts to score (archived and lost accounts are left out).")
            return
        render_sensitivity(spreads, top=size, runs=runs, spread=spread, seed=seed)
        return
    records = [sensitivity_record(s) for s in spreads]
    emit(records, (), fmt.value, fields=["account", "rank", "rank_p5", "rank_p95", "top_share"], raw=raw)


@app.command("apply")
def apply(yes: YesOption = False, dry_run: DryRunOption = False) -> None:
    """Make tiers follow the scores: `key` where recommended, `candidate` for key accounts that
    are no longer recommended key. Every change is recorded in the account's history."""
    from kamctl import clock
    from kamctl.cli.confirm import confirm_or_refuse
    from kamctl.errors import Conflict
    from kamctl.render import messages
    from kamctl.render.safe import one_line

    invocation = current()
    scoring = Scoring(current().portfolio())
    with invocation.store().transaction(write=False) as session:
        plan = _tier_plan(scoring.run(session=session)[0])
    if not plan:
        messages.info("Tiers already follow the scores: nothing to change")
        return
    for account, new_tier in plan:
        messages.info(
            f"{one_line(account.name)}: {account.tier} → {new_tier} "
            f"(score {account.score:.2f}, {account.quadrant}, advice {account.recommendation})"
        )
    if dry_run:
        messages.info(f"Would change {len(plan)} tiers (dry run)")
        return
    confirm_or_refuse(f"Change the tier of {len(plan)} accounts?", yes=yes)
    from kamctl.store.engine import get_for_change
    from kamctl.store.models import Account
    from kamctl.store.queries.accounts import change_account

    with invocation.store().transaction() as session:
        # Re-scored inside the writing transaction: what is applied is what was shown.
        again = _tier_plan(scoring.run(session=session)[0])
        if [(a.id, tier) for a, tier in again] != [(a.id, tier) for a, tier in plan]:
            raise Conflict("the scores changed while you were deciding; nothing was changed, run it again")
        now = clock.utcnow()
        for account, new_tier in plan:
            row = get_for_change(Account, account.id, session=session)
            change_account(row, {"tier": new_tier}, who=invocation.user, now=now, session=session)
    messages.info(f"Changed {len(plan)} tiers")


def _tier_plan(scored: list[ScoredAccount]) -> list[tuple[ScoredAccount, str]]:
    plan = []
    for account in scored:
        if account.recommendation == "key" and account.tier != "key":
            plan.append((account, "key"))
        elif account.tier == "key" and account.recommendation != "key":
            plan.append((account, "candidate"))
    return plan


@app.command("save")
def save() -> None:
    """Keep today's scores of every account, for `score trend` (re-running replaces today's)."""
    from kamctl import clock
    from kamctl.render import messages
    from kamctl.store.queries.scoring import save_snapshots

    today = clock.today()
    with current().store().transaction() as session:
        scored, _ = Scoring(current().portfolio()).run(session=session)
        count, replaced = save_snapshots(scored, taken_on=today, session=session)
    earlier = f" (replacing the {replaced} saved earlier that day)" if replaced else ""
    messages.info(f"Saved the scores of {count} accounts for {today.isoformat()}{earlier}")


@app.command("trend")
def trend(name: AccountName, fmt: FormatOption = OutputFormat.table, raw: RawOption = False) -> None:
    """One account's saved scores over time: a sparkline and a table."""
    from kamctl.render import messages
    from kamctl.render.output import emit
    from kamctl.render.safe import one_line
    from kamctl.render.score import render_trend, trend_records
    from kamctl.store.queries.accounts import find_account
    from kamctl.store.queries.scoring import snapshot_history

    with current().store().transaction(write=False) as session:
        account = find_account(name, session=session)
        snapshots = snapshot_history(account.id, session=session)
    if fmt is not OutputFormat.table:
        fields = ["date", "score", "strength", "quadrant"]
        emit(trend_records(snapshots), (), fmt.value, fields=fields, raw=raw)
    elif not snapshots:
        messages.info(f"No saved scores for {one_line(account.name)} yet: kamctl score save keeps today's")
    else:
        render_trend(account.name, snapshots)
