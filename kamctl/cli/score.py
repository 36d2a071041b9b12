"""`kamctl score`: rank accounts, explain, weights, matrix, sensitivity, apply, save, trend (SPEC §4)."""

from __future__ import annotations

from typing import Annotated

import typer

from kamctl.cli.context import current
from kamctl.cli.options import DryRunOption, ExcelOption, FormatOption, OutputFormat, RawOption, YesOption
from kamctl.completion import account_names, one_of
from kamctl.domain.accounts import TIERS
from kamctl.domain.limits import MAX_COUNT
from kamctl.domain.scoring import NORMALIZATIONS
from kamctl.i18n import N_, _, ngettext

NOTHING_TO_SCORE = N_(
    "No accounts to score (archived and lost ones are left out) — add one with "
    "`kamctl accounts add NAME`, or try `kamctl --demo score` on sample data."
)

# No help= here: the callback's docstring is the group's help, shown for `kamctl score --help`.
app = typer.Typer(invoke_without_command=True)

TierFilter = Annotated[
    str | None, typer.Option("--tier", **one_of(TIERS, N_("Score only accounts of this tier."), name="TIER"))
]
OwnerFilter = Annotated[
    str | None, typer.Option("--owner", metavar="NAME", help="Score only this person's accounts.")
]
MineFilter = Annotated[bool, typer.Option("--mine", help="Score only your accounts.")]
Normalize = Annotated[
    str,
    typer.Option(
        "--normalize",
        **one_of(
            NORMALIZATIONS,
            N_(
                "How revenue, profit, order size and frequency become 0…1: percentile rank (default), "
                "min-max, or min-max of log10(1 + v)."
            ),
            name="METHOD",
        ),
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
AccountName = Annotated[
    str, typer.Argument(metavar="NAME", help="Account name or id.", autocompletion=account_names)
]


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
    excel: ExcelOption = False,
) -> None:
    """Which customers deserve key-account treatment: rank, explain, matrix, sensitivity.

    Without a sub-command: the ranking by attractiveness (0–100), with relative strength,
    portfolio quadrant and a recommendation. Scored are all non-archived accounts whose status
    is not lost (or those the filters pick), each compared with the others in that set. Ties
    go to higher revenue, then the name.
    """
    if ctx.invoked_subcommand is not None:
        return
    from kamctl.actions.scoring import rank_accounts
    from kamctl.render.output import View, present
    from kamctl.render.score import RANKING_CSV_FIELDS, ranking_csv_row, ranking_json, render_ranking

    scope = {"tier": tier, "owner": owner, "mine": mine, "normalize": normalize, "weights": weights}
    ranking = rank_accounts(current().portfolio(), top=top, **scope)
    records = ranking_json(ranking) if fmt is not OutputFormat.table else []
    view = View(
        data=records,
        rows=[ranking_csv_row(record) for record in records] if fmt is OutputFormat.csv else (),
        fields=RANKING_CSV_FIELDS,
        draw=(lambda out: render_ranking(ranking, out, top=top)) if ranking.accounts else None,
        empty=_(NOTHING_TO_SCORE),
    )
    present(view, fmt, raw=raw, excel=excel)


@app.command("explain")
def explain(
    name: AccountName,
    normalize: Normalize = "rank",
    weights: Weights = None,
    fmt: FormatOption = OutputFormat.table,
    raw: RawOption = False,
    excel: ExcelOption = False,
) -> None:
    """Every point of one account's score: value, source, x, weight, points; and its strength."""
    from kamctl.actions.scoring import explain_account
    from kamctl.render.output import View, present
    from kamctl.render.score import EXPLAIN_CSV_FIELDS, explain_csv_rows, explain_record, render_explain

    found, rules = explain_account(current().portfolio(), name, normalize=normalize, weights=weights)
    record = explain_record(found)
    view = View(
        data=record,
        rows=explain_csv_rows(record),
        fields=EXPLAIN_CSV_FIELDS,
        draw=lambda out: render_explain(found, rules, out),
    )
    present(view, fmt, raw=raw, excel=excel)


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
    from kamctl.actions.scoring import change_weights
    from kamctl.render import messages
    from kamctl.render.output import View, present
    from kamctl.render.score import WEIGHT_COLUMNS, criterion_label, weights_records

    change = change_weights(current().portfolio(), changes=set_ or [], reset=reset)
    before, after = change.before, change.after
    if change.asked:
        if change.changed:
            shown = _(", ").join(
                _("{criterion} {before} → {after}").format(
                    criterion=criterion_label(c), before=f"{before[c]:g}", after=f"{after[c]:g}"
                )
                for c in change.changed
            )
            messages.info(_("Weights changed: {changes}").format(changes=shown))
        else:
            messages.info(_("Weights unchanged"))
    present(View(rows=weights_records(after), columns=WEIGHT_COLUMNS), fmt)


@app.command("matrix")
def matrix(
    tier: TierFilter = None,
    owner: OwnerFilter = None,
    mine: MineFilter = False,
    normalize: Normalize = "rank",
    weights: Weights = None,
    fmt: FormatOption = OutputFormat.table,
    raw: RawOption = False,
    excel: ExcelOption = False,
) -> None:
    """The portfolio on the 2×2 grid of attractiveness and relative strength."""
    from kamctl.actions.scoring import rank_accounts
    from kamctl.render.output import View, present
    from kamctl.render.score import MATRIX_CSV_FIELDS, matrix_record, render_matrix

    ranking = rank_accounts(
        current().portfolio(), tier=tier, owner=owner, mine=mine, normalize=normalize, weights=weights
    )
    record = matrix_record(ranking.accounts, ranking.rules)
    view = View(
        data=record,
        rows=record["points"],
        fields=MATRIX_CSV_FIELDS,
        draw=(lambda out: render_matrix(ranking.accounts, ranking.rules, out)) if ranking.accounts else None,
        empty=_("No accounts to place (archived and lost accounts are left out)."),
    )
    present(view, fmt, raw=raw, excel=excel)


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
    from kamctl.actions.scoring import rank_sensitivity
    from kamctl.render import messages
    from kamctl.render.output import View, present
    from kamctl.render.score import SENSITIVITY_CSV_FIELDS, render_sensitivity, sensitivity_record

    found = rank_sensitivity(
        current().portfolio(),
        runs=runs,
        spread=spread,
        top=top,
        seed=seed,
        tier=tier,
        owner=owner,
        mine=mine,
        normalize=normalize,
        weights=weights,
    )
    if seed is None:
        seed = found.seed
        messages.info(_("Seed {seed} (--seed {seed} repeats this result)").format(seed=seed))
    records = [sensitivity_record(s) for s in found.spreads]
    view = View(
        rows=records,
        fields=SENSITIVITY_CSV_FIELDS,
        draw=(
            lambda out: render_sensitivity(
                found.spreads, out, top=found.top, runs=runs, spread=spread, seed=seed
            )
        )
        if records
        else None,
        empty=_(NOTHING_TO_SCORE),
    )
    present(view, fmt, raw=raw)


@app.command("apply")
def apply(
    yes: YesOption = False,
    dry_run: DryRunOption = False,
    demote: Annotated[
        bool,
        typer.Option(
            "--demote",
            help="Also make key accounts no longer recommended key candidates, except those at risk "
            "or in the star quadrant (listed as kept).",
        ),
    ] = False,
) -> None:
    """Make tiers follow the scores: `key` where recommended; with --demote, `candidate` for key
    accounts no longer recommended key. Every change is recorded in the account's history."""
    from kamctl.actions.scoring import apply_tier_changes, plan_tier_changes
    from kamctl.cli.confirm import confirm_or_refuse
    from kamctl.i18n import label, ngettext
    from kamctl.render import messages
    from kamctl.render.safe import one_line
    from kamctl.render.score import quadrant_label, recommendation_label

    portfolio = current().portfolio()
    found = plan_tier_changes(portfolio, demote=demote)
    plan = found.changes
    for change in plan:
        account = change.account
        messages.info(
            _("{account}: {tier} → {new_tier} (score {score}, {quadrant}, advice {advice})").format(
                account=one_line(account.name),
                tier=label(account.tier),
                new_tier=label(change.tier),
                score=f"{account.score:.2f}",
                quadrant=quadrant_label(account.quadrant),
                advice=recommendation_label(account.recommendation),
            )
        )
    for kept in found.plan.kept:
        messages.info(
            _("kept: {account} — {reason}").format(
                account=one_line(kept.account.name), reason=one_line(kept.reason)
            )
        )
    if found.plan.no_longer_key:
        count = found.plan.no_longer_key
        messages.info(
            ngettext(
                "{count} key account is no longer recommended key: "
                "--demote makes them candidates (except those at risk or in the star quadrant)",
                "{count} key accounts are no longer recommended key: "
                "--demote makes them candidates (except those at risk or in the star quadrant)",
                count,
            ).format(count=count)
        )
    if not plan:
        messages.info(_("Tiers already follow the scores: nothing to change"))
        return
    if dry_run:
        messages.info(
            ngettext(
                "Would change {count} tier (dry run)", "Would change {count} tiers (dry run)", len(plan)
            ).format(count=len(plan))
        )
        return
    confirm_or_refuse(
        ngettext(
            "Change the tier of {count} account?", "Change the tier of {count} accounts?", len(plan)
        ).format(count=len(plan)),
        yes=yes,
    )
    changed = apply_tier_changes(portfolio, found)
    messages.info(ngettext("Changed {count} tier", "Changed {count} tiers", changed).format(count=changed))


@app.command("save")
def save() -> None:
    """Keep today's scores of every account, for `score trend` (re-running replaces today's)."""
    from kamctl.actions.scoring import save_scores
    from kamctl.i18n import day
    from kamctl.render import messages

    saved = save_scores(current().portfolio())
    if saved.replaced:
        message = ngettext(
            "Saved the score of {count} account for {day} (replacing the {replaced} saved earlier that day)",
            "Saved the scores of {count} accounts for {day}"
            " (replacing the {replaced} saved earlier that day)",
            saved.count,
        )
    else:
        message = ngettext(
            "Saved the score of {count} account for {day}",
            "Saved the scores of {count} accounts for {day}",
            saved.count,
        )
    messages.info(message.format(count=saved.count, day=day(saved.day), replaced=saved.replaced))


@app.command("trend")
def trend(
    name: AccountName,
    fmt: FormatOption = OutputFormat.table,
    raw: RawOption = False,
    excel: ExcelOption = False,
) -> None:
    """One account's saved scores over time: a sparkline and a table."""
    from kamctl.actions.scoring import score_trend
    from kamctl.render.output import View, present
    from kamctl.render.safe import one_line
    from kamctl.render.score import TREND_CSV_FIELDS, render_trend, trend_records

    account, snapshots = score_trend(current().portfolio(), name)
    view = View(
        rows=trend_records(snapshots),
        fields=TREND_CSV_FIELDS,
        draw=(lambda out: render_trend(account, snapshots, out)) if snapshots else None,
        empty=_("No saved scores for {account} yet: kamctl score save keeps today's").format(
            account=one_line(account)
        ),
    )
    present(view, fmt, raw=raw, excel=excel)
