"""`kamctl score` and `kamctl settings` in Japanese (SPEC §12), through the real CLI on the sample
portfolio: headers, labels, captions, messages, errors and dates; JSON stays English."""

from __future__ import annotations

import json

import pytest
from helpers import run_installed


@pytest.fixture(autouse=True)
def japanese(monkeypatch):
    monkeypatch.setenv("KAMCTL_LANG", "ja")


def test_the_ranking_has_japanese_headers_labels_and_caption(sample_portfolio):
    out = sample_portfolio("score").stdout
    header = out.splitlines()[1]
    for word in ("アカウント", "ティア", "スコア", "主な内訳", "強み", "象限", "推奨", "未入力"):
        assert word in header
    assert "Account" not in out and "Quadrant" not in out
    kappa = next(line for line in out.splitlines() if "Kappa Motors" in line)
    assert "キーアカウント" in kappa and "戦略" in kappa and "キー化" in kappa
    assert "売上 25 · 利益 20" in kappa  # the biggest contributions, criteria as short words
    assert "全 28 件中 28 件 · 重み: 売上25、利益20、受注規模10" in out
    assert "象限の境界: 魅力度 ≥ 50、強み ≥ 50" in out
    assert "未入力の評価基準は 0 点(kamctl score explain NAME)" in out


def test_the_ranking_reads_well_at_80_columns(sample_portfolio, monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    out = sample_portfolio("score").stdout
    assert all(len(line) <= 80 for line in out.splitlines())  # box lines: one cell a character
    header = out.splitlines()[1]
    for word in ("アカウント", "スコア", "象限"):
        assert word in header
    # The weights are never cut between a criterion and its number.
    assert "売上25、利益20、受注規模10、受注頻度10、成長15、戦略適合10、影響力10" in out


def test_json_and_csv_keep_the_english_values(sample_portfolio):
    first = json.loads(sample_portfolio("score", "-f", "json", "--top", "1").stdout)[0]
    assert (first["tier"], first["quadrant"], first["recommendation"]) == ("key", "strategic", "key")
    csv = sample_portfolio("score", "-f", "csv", "--top", "1").stdout
    assert csv.splitlines()[0].startswith("rank,account,id,tier,score,strength,quadrant,recommendation")
    assert ",strategic,key," in csv


def test_a_japanese_tier_label_filters_the_ranking(sample_portfolio):
    ranked = json.loads(sample_portfolio("score", "--tier", "候補", "-f", "json").stdout)
    assert ranked and {record["tier"] for record in ranked} == {"candidate"}


def test_explain_in_japanese(sample_portfolio):
    out = sample_portfolio("score", "explain", "Kappa Motors").stdout
    assert "スコア 97.27 · 順位 1 · 強み 67.1 · 戦略 → キー化" in out
    for word in ("魅力度", "評価基準", "出所", "重み", "点数", "相対的強み", "要素", "入力"):
        assert word in out
    assert "│ 売上 " in out and "│ 受注 " in out and "5 段階評価" in out
    # The caption's parts on lines of their own, not cut anywhere in Japanese.
    assert "│ 点数 = 100 × 重み × x / Σ 重み " in out
    assert "│ x: 評価対象アカウント内でのパーセンタイル順位 " in out
    assert "ID 2 · キーアカウント" in out
    assert "CSAT" in out and "直近 365 日の平均" in out


def test_explain_names_the_missing_criteria_in_japanese(sample_portfolio):
    out = sample_portfolio("score", "explain", "Summit Bank").stdout
    assert "未評価 → 要評価" in out
    assert "未入力(0 点): 売上、利益、受注規模、受注頻度" in out


def test_weights_table_and_change_message(sample_portfolio):
    table = sample_portfolio("score", "weights").stdout
    assert "評価基準" in table and "構成比" in table and "既定値" in table and "受注規模" in table
    changed = sample_portfolio("score", "weights", "--set", "revenue=30")
    assert changed.stderr == "重みを変更しました: 売上 25 → 30\n"
    assert sample_portfolio("score", "weights", "--set", "revenue=30").stderr == "重みは変わっていません\n"
    stored = json.loads(sample_portfolio("score", "weights", "-f", "json").stdout)
    assert stored[0] == {"criterion": "revenue", "weight": 30, "share": 0.2857, "default": 25}


def test_weight_errors_are_japanese(sample_portfolio):
    outcome = sample_portfolio("score", "--weights", "revenue=x", exit=1)
    assert outcome.stderr == "エラー: revenue の重みは数値にしてください(指定値: 'x')\n"
    outcome = sample_portfolio("score", "--weights", "revenue=1,revenue=2", exit=1)
    assert outcome.stderr == "エラー: revenue の重みが 2 回指定されています\n"
    outcome = sample_portfolio("score", "weights", "--reset", "--set", "revenue=0,profit=0", exit=None)
    assert outcome.exit_code == 0  # other criteria still weigh
    outcome = sample_portfolio("score", "sensitivity", "--spread", "2", exit=1)
    assert outcome.stderr == "エラー: 変動幅は 0 以上 1 未満にしてください。例: ±25 % なら 0.25(指定値: 2)\n"


def test_matrix_draws_japanese_quadrants_and_legend(sample_portfolio):
    out = sample_portfolio("score", "matrix").stdout
    assert out.startswith("魅力度\n")
    for word in (
        "戦略",
        "有望",
        "安定",
        "効率化",
        "← 強い     相対的強み     弱い →",
        "凡例: 順位、アカウント、魅力度 / 強み",
    ):
        assert word in out
    grid = [line for line in out.splitlines() if line.startswith(("     │", "  50 ├"))]
    from rich.cells import cell_len

    widths = {cell_len(line) for line in grid}
    assert len(widths) == 1  # wide quadrant names keep every row of the grid the same width


def test_sensitivity_in_japanese(sample_portfolio):
    outcome = sample_portfolio("score", "sensitivity", "--runs", "50")
    assert outcome.stderr.startswith("シード ") and "で同じ結果を再現できます)" in outcome.stderr
    out = sample_portfolio("score", "sensitivity", "--runs", "50", "--seed", "1").stdout
    for word in (
        "順位",
        "順位 p5–p95",
        "上位 8 内",
        "判定",
        "上位で安定",
        "50 回、各重み × 一様乱数 [0.75, 1.25]、シード 1",
    ):
        assert word in out


def test_apply_dry_run_speaks_japanese(sample_portfolio):
    outcome = sample_portfolio("score", "apply", "--dry-run")
    lines = outcome.stderr.splitlines()
    assert "株式会社ＮＥＸＴファクトリー: 候補 → キーアカウント(スコア 61.24、戦略、推奨 キー化)" in lines
    assert lines[-1] == "2 件のティアを変更します(ドライラン)"
    assert any(
        "件のキーアカウントがキー推奨から外れています: --demote で候補に変更します" in line for line in lines
    )
    demoted = sample_portfolio("score", "apply", "--dry-run", "--demote").stderr
    assert "据え置き: 株式会社みなと物流 — リスクあり(" in demoted
    assert "有望: 魅力度は高いが強みはまだ弱い" in demoted


def test_save_shows_the_day_in_japanese_and_trend_its_table(sample_portfolio):
    assert sample_portfolio("score", "save").stderr == "11月20日(金) のスコアを 28 件保存しました\n"
    again = sample_portfolio("score", "save").stderr
    assert again == "11月20日(金) のスコアを 28 件保存しました(同じ日に保存済みの 28 件を置き換えました)\n"
    out = sample_portfolio("score", "trend", "Kappa Motors").stdout
    assert "11月20日(金)" in out and "日付" in out and "増減" in out and "象限" in out
    assert " · 最低 97.27 · 最高 97.27" in out


def test_trend_without_saved_scores(sample_portfolio):
    outcome = sample_portfolio("score", "trend", "Kappa Motors")
    assert outcome.stderr == (
        "Kappa Motors の保存済みスコアはまだありません。kamctl score save で今日のスコアを保存できます\n"
    )


def test_an_archived_account_is_not_scored_in_japanese(sample_portfolio):
    sample_portfolio("accounts", "archive", "Tanuki Beverages")
    outcome = sample_portfolio("score", "explain", "Tanuki Beverages", exit=1)
    assert outcome.stderr == (
        "エラー: Tanuki Beverages はアーカイブ済みのため、評価の対象外です"
        "(kamctl accounts unarchive で戻せます)\n"
    )


def test_settings_list_get_set_in_japanese(sample_portfolio):
    out = sample_portfolio("settings", "list").stdout
    for word in (
        "キー",
        "値",
        "既定値",
        "意味",
        "スコアにおける売上の重み",
        "キーアカウントの接触リズム(日)",
    ):
        assert word in out
    assert "│ なし │" in out  # cadence.standard is unset
    described = json.loads(sample_portfolio("settings", "list", "-f", "json").stdout)
    assert described[0]["description"] == "weight of revenue in the score"
    assert sample_portfolio("settings", "get", "cadence.standard").stdout == "none\n"  # for scripts
    assert sample_portfolio("settings", "set", "cadence.key", "none").stderr == "cadence.key = なし\n"


def test_settings_errors_in_japanese(sample_portfolio):
    outcome = sample_portfolio("settings", "set", "review.interval_months", "none", exit=1)
    assert (
        outcome.stderr
        == "エラー: review.interval_months には値が必要です(キーアカウントのレビュー間隔(月))\n"
    )
    outcome = sample_portfolio("settings", "set", "currency", "12", exit=1)
    assert outcome.stderr == (
        "エラー: currency には JPY のような 3 文字の通貨コードを指定してください(指定値: '12')\n"
    )
    outcome = sample_portfolio("settings", "set", "upcoming_days", "1.5", exit=1)
    assert outcome.stderr == "エラー: upcoming_days には整数を指定してください(指定値: '1.5')\n"
    outcome = sample_portfolio("settings", "set", "upcoming_days", "999", exit=1)
    assert outcome.stderr == "エラー: upcoming_days は 0 から 365 の範囲にしてください(指定値: '999')\n"


def test_score_help_is_japanese(sample_portfolio):
    out = "".join(sample_portfolio("score", "--help").stdout.split())  # however the lines wrap
    assert "どの顧客をキーアカウントとして扱うべきかを評価します" in out
    assert "この担当者のアカウントだけを評価します。" in out
    assert "このティアのアカウントだけを評価します。" in out


def test_the_installed_command_ranks_in_japanese(sample_portfolio):
    outcome = run_installed("score", "--top", "3", env={"KAMCTL_LANG": "ja", "COLUMNS": "120"})
    assert "アカウント" in outcome.stdout and "戦略" in outcome.stdout
    assert (
        outcome.stderr
        == "28 件中、上位 3 件を表示しています。--top N でさらに表示、-f json か csv ですべて出力します。\n"
        or (outcome.stderr == "")
    )
    assert run_installed(
        "settings", "set", "upcoming_days", "x", exit=1, env={"KAMCTL_LANG": "ja"}
    ).stderr == ("エラー: upcoming_days には数値を指定してください(指定値: 'x')\n")
