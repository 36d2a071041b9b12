"""`kamctl report` in Japanese (SPEC §12): the dashboard, one account's review, wins and the team,
in the terminal, Markdown and HTML; JSON and CSV stay English (the scripting contract).

The sample portfolio at the tests' fixed clock (2026-11-20, a Friday): the default period is
2025-11-21 – 2026-11-20, the previous one 2024-11-21 – 2025-11-20."""

from __future__ import annotations

from datetime import date

import pytest
from helpers import run_installed

from kamctl import i18n

PERIOD = "2025年11月21日(金) – 11月20日(金) (365 日間)"
PREVIOUS = "2024年11月21日(木) – 2025年11月20日(木)"


@pytest.fixture
def ja(sample_portfolio, monkeypatch):
    """`run` on the sample portfolio, in Japanese."""
    monkeypatch.setenv("KAMCTL_LANG", "ja")
    return sample_portfolio


@pytest.fixture(autouse=True)
def english_afterwards():
    yield
    i18n.use("en")


def test_dashboard_in_japanese(ja):
    out = ja("report").stdout
    for text in (
        f"ポートフォリオレポート  {PERIOD}",
        f"増減は {PREVIOUS} との比較です。",
        "キーアカウント数", "売上", "継続率", "売上維持率 (NRR)", "接点数",
        "¥5.2億", "▲ +¥4,405万 (+39 %)", "▲ +10.7 pt", "目標 4.20 ✗ 未達", "目標 105.0 % ✓ 達成",
        "月別売上", "2025年11月", "2026年11月", "チャネル別の接点", "メール", "訪問",
        "月別の反応", "█ 好意的  ▒ 中立  ░ 否定的  (期間計:",
        "キーアカウントのヘルス", "緑 75 以上 · 黄 50〜74 · 赤 50 未満", "ヘルス平均 81 / 100",
        "要注意 (2)", "更新切れ: 1 件 · 未解決のリスク: 高 2 件、中 4 件、低 1 件",
        "売上順のアカウント (29)", "最終接点", "取引中", "要注意",
        "表は先頭 15 件のみ表示しています。全 29 アカウントと要注意 2 件は -f json、csv、html で確認できます。",
    ):  # fmt: skip
        assert text in out, text
    for english in ("Portfolio report", "Revenue by month", "Key accounts", "days)", " pp"):
        assert english not in out, english


def test_dashboard_fits_80_columns(ja, monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    out = ja("report").stdout
    assert max(_cells(line) for line in out.splitlines()) <= 80
    assert "ポートフォリオレポート" in out and "売上順のアカウント (29)" in out


def _cells(line: str) -> int:
    from kamctl.render.charts import cells

    return cells(line)


def test_json_and_csv_stay_english(ja):
    report = ja("report", "-f", "json").json()
    assert "retention_rate" in report["kpis"]
    assert {account["tier"] for account in report["accounts"]} <= {"key", "candidate", "standard"}
    assert report["period"] == {"since": "2025-11-21", "until": "2026-11-20"}
    lines = ja("report", "-f", "csv").stdout.splitlines()
    assert lines[0] == "account,tier,revenue,profit,csat_avg,interactions,last_contact,quadrant"


def test_markdown_in_japanese(ja):
    out = ja("report", "-f", "md").stdout
    assert out.startswith(f"# ポートフォリオレポート\n\n**期間:** {PERIOD} · 比較対象 {PREVIOUS}\n\n## KPI\n")
    for text in (
        "| KPI | 今期間 | 前期間 | 増減 | 目標値 |",
        "| 売上 | ¥5.2億 | ¥3.9億 | ▲ +¥1.3億 (+33 %) |  |",
        "## 月別売上", "| 月 | 売上 |  |", "## チャネル別の接点", "| チャネル | 接点数 | 構成比 |",
        "| 月 | 好意的 | 中立 | 否定的 | 好意的の比率 |",
        "## 要注意 (2)", "更新切れ: 1 件 · 未解決のリスク: 高 2 件、中 4 件、低 1 件。",
        "| アカウント | ティア | 担当者 | ヘルス | 理由 |", "## 売上順のアカウント (29)",
        "| Kappa Motors | キーアカウント |",
    ):  # fmt: skip
        assert text in out, text
    assert out.endswith("\n_kamctl で作成しました。_\n")


def test_html_in_japanese(ja):
    page = ja("report", "-f", "html").stdout
    assert '<html lang="ja">' in page
    assert f"<title>ポートフォリオレポート · {PERIOD.split(' (')[0]}</title>" in page
    for text in (
        "<h1>ポートフォリオレポート</h1>", "kamctl · KPI レポート", "11月20日(金) 09:00 作成<br>kamctl",
        '<div class="label">継続率</div>', '<div class="hint">期首に取引中・要注意で、期末に失注していない</div>',
        "<figcaption>月別売上</figcaption>", ">11月</text>", "<h2>要注意 (2)</h2>", "<th>最終接点</th>",
        '<span class="tier key">キーアカウント</span>', '<span class="status active">取引中</span>',
        "ヘルスが低いアカウント",
    ):  # fmt: skip
        assert text in page, text
    assert "Portfolio report" not in page and "Revenue by month" not in page


def test_english_html_keeps_its_language(sample_portfolio):
    page = sample_portfolio("report", "-f", "html").stdout
    assert '<html lang="en">' in page and "<h1>Portfolio report</h1>" in page
    assert ">2026-11</text>" in page


def test_account_review_in_japanese(ja):
    out = ja("report", "account", "Sakura Foods").stdout
    for text in (
        "Sakura Foods  定期レビュー 2025年11月21日(金) – 11月20日(金)",
        "ティア  キーアカウント", "状態    取引中", "更新日  2027年4月19日(月)", "ヘルス 88 緑",
        "要素", "評点", "重み", "点数", "今期間と前期間の比較", f"前期間: {PREVIOUS}",
        "ゴールと目標", "好意的なフィードバック", "期間中の接点 (38)", "日時", "チャネル",
        "未完了のリマインダー", "リスク (1)", "更新", "ホワイトスペース",
    ):  # fmt: skip
        assert text in out, text


def test_account_review_markdown_and_json(ja):
    out = ja("report", "account", "Sakura Foods", "-f", "md").stdout
    assert out.startswith(
        "# Sakura Foods: アカウントレビュー\n\n"
        f"**期間:** {PERIOD.split(' (')[0]} · 比較対象 {PREVIOUS}\n\n## プロフィール\n\n"
        "- **ティア:** キーアカウント\n- **状態:** 取引中\n"
    )
    for text in ("- **更新日:** 2027年4月19日(月)", "| 要素 | 評点 | 重み | 点数 | 理由 |", "## ゴールと目標",
                 "## 接点 (38)", "| 日時 | チャネル | 種類 | 反応 | 相手 | メモ |", "## ホワイトスペース"):  # fmt: skip
        assert text in out, text
    review = ja("report", "account", "Sakura Foods", "-f", "json").json()
    assert review["account"]["tier"] == "key" and review["kpis"][0]["kpi"] == "revenue"


def test_qbr_refuses_csv_in_japanese(ja):
    stderr = ja("report", "account", "Sakura Foods", "--qbr", "-f", "csv", exit=1).stderr
    assert stderr == (
        "エラー: --qbr は共有用の資料を作ります: csv ではなく -f md か -f html "
        "(スクリプト向けには -f json) を指定してください\n"
    )


def test_wins_and_team_in_japanese(ja):
    wins = ja("report", "wins").stdout
    assert wins.startswith(f"成果 {PERIOD}: ")
    assert "相手: " in wins
    md = ja("report", "wins", "-f", "md").stdout
    assert md.startswith(f"# 成果\n\n**期間:** {PERIOD}\n")
    team = ja("report", "team").stdout
    assert f"チーム {PERIOD}" in team
    for header in ("担当者", "アカウント数", "キーアカウント数", "接点数", "期限切れリマインダー"):
        assert header in team, header
    page = ja("report", "team", "-f", "html").stdout
    assert "<h2>担当者別</h2>" in page and "<th class=num>期限切れリマインダー</th>" in page


def test_no_wins_in_japanese(ja):
    out = ja("report", "wins", "--since", "2026-11-20").stdout
    assert 'この期間に記録された成果はありません (kamctl log ACCOUNT "…" --kind win で記録できます)。' in out


def test_empty_database_in_japanese(run, monkeypatch):
    monkeypatch.setenv("KAMCTL_LANG", "ja")
    out = run("report").stdout
    assert "このレポートにはキーアカウントがありません。" in out
    assert "要注意のアカウントはありません。" in out
    assert "売上順のアカウント (0)" in out and "`kamctl accounts add NAME` で追加してください" in out


def test_help_in_japanese():
    # In a process of its own: within the test process a group built earlier in English keeps its
    # English help (see the report to the lead), which a real command line never meets.
    out = run_installed("report", "--help", env={"KAMCTL_LANG": "ja"}).stdout
    assert "KPI とレビュー" in out and "期間の初日" in out


def test_figures_in_japanese():
    from kamctl.domain.kpis import KpiChange
    from kamctl.render.report import kpi_change, money, month_label

    i18n.use("ja")
    assert money(123_456_789) == "¥1.2億"
    assert money(12_345_678) == "¥1,235万"
    assert money(-46_000) == "-¥5万"
    assert money(9_999) == "¥9,999"
    assert money(12_345_678, compact=False) == "¥12,345,678"
    assert kpi_change(KpiChange("margin", 0.30, 0.25)) == ("▲ +5.0 pt", "up")
    assert kpi_change(KpiChange("nps", 10, 10)) == ("変化なし", "flat")
    assert month_label(date(2026, 1, 1)) == "2026年1月"
    i18n.use("en")
    assert money(12_345_678) == "¥12.3M"
    assert kpi_change(KpiChange("margin", 0.30, 0.25)) == ("▲ +5.0 pp", "up")
    assert month_label(date(2026, 1, 1)) == "2026-01"


def test_installed_command_speaks_japanese(sample_portfolio):
    outcome = run_installed("report", "team", "-f", "md", env={"KAMCTL_LANG": "ja"})
    assert outcome.stdout.startswith(f"# チーム\n\n**期間:** {PERIOD}\n\n| 担当者 | アカウント数 |")
    outcome = run_installed("report", "account", "nobody-here", "--qbr", "-f", "csv",
                            exit=1, env={"KAMCTL_LANG": "ja"})  # fmt: skip
    assert outcome.stderr.startswith("エラー: --qbr は共有用の資料を作ります")
