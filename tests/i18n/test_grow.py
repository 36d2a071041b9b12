"""Orders, opportunities, risks, the whitespace map and the account plan in Japanese (SPEC §12).

The English output of the same commands is held by tests/cli (test_orders, test_opp, test_plan,
test_whitespace, test_renewals_risks, …): these tests run the same commands with KAMCTL_LANG=ja.
Today is FIXED_NOW, 2026-11-20 (a Friday).
"""

from __future__ import annotations

import pytest
from helpers import run_installed

from kamctl import i18n


@pytest.fixture(autouse=True)
def english_afterwards():
    yield
    i18n.use("en")


@pytest.fixture
def ja(run, monkeypatch):
    """Acme (a key account owned by sato) in a fresh database, and kamctl speaking Japanese."""
    run("accounts", "add", "Acme", "--tier", "key", "--owner", "sato")
    monkeypatch.setenv("KAMCTL_LANG", "ja")
    return run


def test_orders_add_list_and_import_errors(ja, tmp_path):
    added = ja(
        "accounts", "orders", "add", "Acme", "1,200,000", "--product", "Sensors", "--date", "2026-12-31"
    )
    assert added.stderr == (
        "受注 1 を記録しました: Acme、12月31日(木)、Sensors 1,200,000\n"
        "警告: 12月31日(木) は未来の日付です。この受注はその日から集計に入ります\n"
    )
    assert (
        ja("accounts", "orders", "add", "Acme", "500").stderr
        == "受注 2 を記録しました: Acme、11月20日(金)、500\n"
    )
    table = ja("accounts", "orders", "list").stdout
    for header in ("アカウント", "日付", "金額", "利益", "製品"):
        assert header in table
    assert "12月31日(木)" in table
    # Stored and scripted as before: ISO dates in JSON.
    assert ja("accounts", "orders", "list", "-f", "json").json()[0]["date"] == "2026-12-31"

    bad = tmp_path / "orders.csv"
    bad.write_text("account,date,amount\nAcme,2026-11-01,100\nAcme,someday,100\n", encoding="utf-8")
    failed = ja("accounts", "orders", "import", str(bad), exit=1)
    assert failed.stderr.endswith("エラー: 2 行のうち 1 行が不正なため、何も取り込みませんでした\n")
    good = tmp_path / "good.csv"
    good.write_text("account,date,amount\nAcme,2026-11-01,100\n", encoding="utf-8")
    assert ja("accounts", "orders", "import", str(good)).stderr.endswith("1 件の受注を取り込みました\n")
    headless = tmp_path / "headless.csv"
    headless.write_text("account,when\nAcme,2026-11-01\n", encoding="utf-8")
    refused = ja("accounts", "orders", "import", str(headless), exit=1)
    assert refused.stderr == (
        f"エラー: {headless} に 'date', 'amount' 列がありません。"
        "必要な列: account,date,amount[,profit][,product]\n"
    )


def test_opportunities_take_a_japanese_type_and_speak_japanese(ja):
    added = ja(
        "accounts", "opp", "add", "Acme", "Line 3 sensors", "--type", "アップセル", "--value", "1,200,000",
        "--close", "2026-12-31", "--product", "Sensors",
    )  # fmt: skip
    assert added.stderr == (
        "商談 1 を追加しました: Acme: Line 3 sensors "
        "(アップセル、Sensors、1,200,000、クローズ予定 12月31日(木)、確度 40%)\n"
    )
    assert ja("accounts", "opp", "list", "-f", "json").json()[0]["type"] == "upsell"  # stored in English
    assert ja("accounts", "opp", "won", "1").stderr == "商談 1 を成約にしました: Acme: Line 3 sensors\n"
    assert (
        ja("accounts", "opp", "lost", "1", exit=1).stderr
        == "エラー: 商談 1 は 11月20日(金) にすでに成約しています\n"
    )
    assert ja("accounts", "opp", "won", "99", exit=1).stderr == (
        "エラー: 商談 99 はありません(kamctl accounts opp list で確認できます)\n"
    )
    assert ja("accounts", "opp", "won", "x", exit=1).stderr == (
        "エラー: 商談は番号で指定してください(指定: 'x'。番号は kamctl accounts opp list で確認できます)\n"
    )
    assert ja(
        "accounts", "opp", "add", "Acme", "X", "--type", "new", "--probability", "120", exit=1
    ).stderr == ("エラー: --probability には 0 から 100 までの整数を指定してください(指定: '120')\n")
    assert ja("accounts", "opp", "add", "Acme", " ", "--type", "new", exit=1).stderr == (
        "エラー: 商談にはタイトルが必要です\n"
    )


def test_risks_take_a_japanese_severity_and_list_in_japanese(ja):
    added = ja("accounts", "risk", "add", "Acme", "Budget cut", "--severity", "高", "--due", "2026-12-31")
    assert added.stderr == "リスク 1 を追加しました: Acme: Budget cut (高、担当者 sato、期日 12月31日(木))\n"
    assert ja("accounts", "risk", "list", "-f", "json").json()[0]["severity"] == "high"  # stored in English
    table = ja("accounts", "risk", "list").stdout
    for shown in ("アカウント", "リスク", "深刻度", "期日", "高", "12月31日(木)"):
        assert shown in table
    assert ja("accounts", "risk", "close", "1").stderr == "リスク 1 をクローズしました: Acme: Budget cut\n"
    assert ja("accounts", "risk", "close", "1", exit=1).stderr == (
        "エラー: リスク 1 は 11月20日(金) にすでにクローズしています\n"
    )
    assert ja("accounts", "risk", "add", "Acme", "   ", exit=1).stderr == (
        "エラー: リスクの内容が必要です: 起こりうる問題を書いてください\n"
    )


def test_risk_status_is_not_the_opportunitys_open(ja, monkeypatch):
    """A risk's `open` reads 対応中; the whitespace map's and opportunities' `open` is 商談中."""
    monkeypatch.setenv("COLUMNS", "200")
    ja("accounts", "risk", "add", "Acme", "Budget cut")
    table = ja("accounts", "risk", "list").stdout
    assert "対応中" in table and "商談中" not in table
    assert "状態" in table and "対策" in table and "担当者" in table


def test_whitespace_in_japanese_with_a_japanese_tier(ja):
    ja("accounts", "orders", "add", "Acme", "100", "--product", "Sensors")
    out = ja("accounts", "whitespace", "--tier", "キーアカウント")
    assert "ティア" in out.stdout and "キーアカウント" in out.stdout and "Sensors" in out.stdout
    assert "● 導入済み  ○ 商談中  ✗ 失注  · 空き  + 伸ばしどころ(キーアカウントの空き)" in out.stdout
    assert ja("accounts", "whitespace", "--owner", "nobody").stderr == (
        "条件に合うアカウントはありません — 条件を外すとすべてを表示します。\n"
    )


def test_plan_review_team_and_handover_in_japanese(ja, monkeypatch):
    changed = ja(
        "accounts", "plan", "Acme", "--goal", "Cut downtime", "--objective", "Pilot", "--due", "2026-11-01"
    )  # fmt: skip
    assert changed.stderr == (
        "Acme: ゴール 1 を追加しました: Cut downtime\n"
        "Acme: 目標 1 を追加しました: Pilot (期日 11月1日(日))\n"
        "警告: 11月1日(日) は過去の日付です。この目標はすでに期限切れです\n"
    )
    assert ja("accounts", "plan", "Acme", "--done", "1").stderr == "Acme: 目標 1 を完了にしました: Pilot\n"
    assert ja("accounts", "plan", "Acme", "--done", "9", exit=1).stderr == (
        "エラー: Acme に目標 '9' はありません(目標: #1)\n"
    )
    assert ja("accounts", "plan", "Acme", "--objective", "X", exit=1).stderr == (
        "エラー: 目標には期日が必要です。--due DATE を付けてください(例: --due 2027-03-31)\n"
    )
    assert (
        ja("accounts", "review", "Acme").stderr
        == "Acme のレビューを記録しました。次回の期日は 2027年2月20日(土) です\n"
    )

    assert ja("accounts", "team", "Acme", "--add", "yamada", "--role", "営業").stderr == (
        "yamada を Acme のチームに追加しました (役割: 営業)\n"
    )
    assert {"person": "yamada", "role": "sales"} in ja("accounts", "team", "Acme", "-f", "json").json()
    assert ja("accounts", "team", "Acme", "--add", "kato", exit=1).stderr == (
        "エラー: --add には --role が必要です: "
        "担当責任者、営業、マーケティング、サポート、役員スポンサー、その他のいずれか\n"
    )
    assert ja("accounts", "team", "Acme", "--remove", "sato", exit=1).stderr == (
        "エラー: Acme の担当者は sato です。先に引き継いでください "
        "(kamctl accounts handover 'Acme' --to PERSON)\n"
    )

    handed = ja("accounts", "handover", "Acme", "--to", "suzuki")
    assert handed.stderr.startswith("Acme を sato から suzuki に引き継ぎました\n")
    assert ja("accounts", "handover", "Acme", "--to", "suzuki", exit=1).stderr == (
        "エラー: Acme の担当者はすでに suzuki です。新しい担当者を --to PERSON で指定してください\n"
    )


def test_at_risk_reasons_read_in_japanese():
    from datetime import date

    from kamctl.domain.kpis import AccountFigures
    from kamctl.domain.risk import RiskSignals, risk_reasons

    i18n.use("ja")
    account = AccountFigures.__new__(AccountFigures)
    object.__setattr__(account, "status", "at-risk")
    signals = RiskSignals(
        last_two_negative=True, renewal_lapsed_on=date(2026, 10, 31), high_risks=["Budget cut"]
    )
    assert [reason.message for reason in risk_reasons(account, signals)] == [
        "状態が要注意",
        "感触を記録した直近 2 件の記録がどちらも否定的",
        "10月31日(土) に更新切れ",
        "深刻度「高」のリスク: Budget cut",
    ]
    assert [reason.code for reason in risk_reasons(account, signals)] == [
        "status", "negative-sentiment", "renewal-lapsed", "high-risk",
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("english", "japanese"),
    [
        (
            "Record that the periodic account review happened (clears the review reminder).",
            "定期アカウントレビューを実施したことを記録します(レビューのリマインダーが消えます)。",
        ),
        ("Their part on the account team.", "アカウントチームでの役割。"),
        ("What kind of opportunity.", "商談の種類。"),
        ("How bad it would be.", "起きた場合の深刻さ。"),
    ],
)
def test_help_of_commands_registered_without_a_decorator_is_in_the_catalog(english, japanese):
    i18n.use("ja")
    assert i18n._(english) == japanese


def test_help_of_a_sub_command_in_japanese(ja):
    shown = ja("accounts", "opp", "add", "--help").stdout
    assert "アカウントに進行中の商談を追加します。" in shown
    assert "<アップセル|クロスセル|更新|新規>" in shown


def test_the_installed_command_speaks_japanese(db_url):
    run_installed("accounts", "add", "Acme")
    added = run_installed(
        "accounts", "risk", "add", "Acme", "Budget cut", "--severity", "中", env={"KAMCTL_LANG": "ja"}
    )
    assert added.stderr == "リスク 1 を追加しました: Acme: Budget cut (中、担当者 tester)\n"
    missing = run_installed("accounts", "risk", "close", "7", env={"KAMCTL_LANG": "ja"}, exit=1)
    assert missing.stderr == "エラー: リスク 7 はありません(kamctl accounts risk list で確認できます)\n"
