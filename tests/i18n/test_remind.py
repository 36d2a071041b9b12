"""`kamctl remind` in Japanese (SPEC §12): the due list, its headings and dates, the summary line,
stored reminders' messages and errors; JSON and iCalendar keep English (the scripting contract)."""

from __future__ import annotations

import pytest
from helpers import run_installed

pytestmark = pytest.mark.postgres


@pytest.fixture
def ja(monkeypatch):
    monkeypatch.setenv("KAMCTL_LANG", "ja")


def test_plain_lines_in_japanese(sample_portfolio, ja):
    lines = sample_portfolio("remind", "-f", "plain").stdout.splitlines()
    assert "8月10日(月)  102 日超過: 株式会社みなと物流: 更新切れ  [更新 renewal:3]" in lines
    assert (
        "9月11日(金)  70 日超過: 株式会社みなと物流 (松本 浩二): "
        "松本 浩二さんに連絡(60日ごと、最終接点 7月13日(月))  [接触リズム cadence:contact:15]"
    ) in lines
    assert "9月21日(月)  60 日超過: Northwind Retail Group: 更新日 12月20日(日)  [更新 renewal:7]" in lines
    assert (
        "9月23日(水)  58 日超過: 東邦電力株式会社: 定期レビュー(3か月ごと、前回 6月23日(火))  [レビュー review:6]"
        in lines
    )
    assert any(line.startswith("11月20日(金)  今日: ") for line in lines)
    assert any(" 日後: " in line for line in lines)


def test_table_headers_and_groups(sample_portfolio, ja):
    out = sample_portfolio("remind", "--full").stdout
    for header in ("ID", "種類", "アカウント", "コンタクト", "内容", "期日", "時期"):
        assert header in out
    assert "期限切れ (23)" in out and "今日 (2)" in out and "今後 (16)" in out
    assert "102 日超過" in out
    compact = sample_portfolio("remind", "--compact").stdout
    assert "期限切れ (23)" in compact
    assert "8月10日(月)" in compact
    assert "連絡が必要: 期限切れの接触リズム" in compact


def test_summary_line(sample_portfolio, ja):
    out = sample_portfolio("remind", "--summary").stdout
    assert out == "kamctl: 期限切れ 23 件、今日 2 件、今後 16 件 — kamctl remind\n"


def test_nothing_due(run, ja):
    run("accounts", "add", "Acme")
    assert run("remind", "--days", "0").stderr == "今日が期日のものはありません。\n"
    assert run("remind", "--days", "2").stderr == "11月22日(日) までに期日のものはありません。\n"


def test_json_stays_english_and_kind_accepts_a_japanese_label(sample_portfolio, ja):
    records = sample_portfolio("remind", "--kind", "接触リズム", "-f", "json").json()
    assert records and {record["kind"] for record in records} == {"cadence"}
    first = records[0]
    assert first["title"] == "Get in touch with 松本 浩二 (every 60 days; last contact 2026-07-13)"
    assert first["due"] == "2026-09-11"


def test_stored_reminders_messages(run, ja):
    run("accounts", "add", "Acme")
    added = run("remind", "add", "Acme", "提案書を送る", "--due", "2026-11-25")
    assert added.stderr == "リマインダー 1 を追加しました: Acme: 提案書を送る(期日 11月25日(水))\n"
    weekly = run("remind", "add", "Acme", "週次レポート", "--due", "2026-11-23", "--every", "weekly")
    assert weekly.stderr == (
        "リマインダー 2 を追加しました: Acme: 週次レポート(期日 11月23日(月)、繰り返し: weekly)\n"
    )
    assert run("remind", "snooze", "1", "--until", "2026-11-27").stderr == (
        "フォローアップ 1 を 11月27日(金) に移しました: 提案書を送る\n"
    )
    assert (
        run("remind", "done", "2").stderr
        == "リマインダー 2 を完了しました。次回は 11月30日(月): 週次レポート\n"
    )
    done = run("remind", "done", "1", "--log", "送付済み")
    assert done.stderr.splitlines() == [
        "リマインダー 1 を完了しました: 提案書を送る",
        "記録 1 を追加しました",
    ]
    assert run("remind", "done", "1", exit=1).stderr == "エラー: リマインダー 1 はすでに完了しています\n"
    table = run("remind", "list", "--all").stdout
    for header in ("アカウント", "内容", "期日", "繰り返し", "完了"):
        assert header in table
    assert run("remind", "rm", "2", "--yes").stderr == "リマインダー 2 を削除しました\n"


def test_errors(run, ja):
    run("accounts", "add", "Acme")
    assert run("remind", "--days", "x", exit=1).stderr == (
        "エラー: --days には日数を整数で指定してください(指定: 'x')\n"
    )
    assert run("remind", "snooze", "cadence:1", "--until", "2026-11-10", exit=1).stderr == (
        "エラー: スヌーズは明日以降の日付までにしてください(指定: 11月10日(火))\n"
    )
    assert run("remind", "rm", "renewal:1", exit=1).stderr == (
        "エラー: renewal:1 はデータから自動算出される項目で、登録されたものではありません。"
        "非表示にするには kamctl remind snooze renewal:1 --until DATE\n"
    )
    assert run("remind", "done", "nope", exit=1).stderr.startswith(
        "エラー: 'nope' はリマインダーの ID ではありません: "
    )
    assert run("remind", "done", "999", exit=1).stderr == (
        "エラー: リマインダー 999 はありません(kamctl remind list --all で登録済みのリマインダーをすべて表示できます)\n"
    )
    assert run(
        "remind", "add", "Acme", "x", "--due", "2026-12-01", "--every", "sometimes", exit=1
    ).stderr.startswith(
        "エラー: 繰り返しのルール 'sometimes' を読み取れません。次のいずれかを指定してください: daily、weekly、"
    )
    assert run("remind", "--summary", "-f", "plain", exit=1).stderr == (
        "エラー: --summary は 1 行のテキストを出力します。plain ではありません: -f plain を外してください\n"
    )


def test_calendar_stays_english(sample_portfolio, ja, tmp_path):
    target = tmp_path / "due.ics"
    sample_portfolio("remind", "export", "-o", str(target))
    text = target.read_text(encoding="utf-8")
    assert "SUMMARY:株式会社みなと物流: Renewal lapsed" in text
    assert "更新切れ" not in text


def test_installed_command_in_japanese(sample_portfolio):
    plain = run_installed("remind", "-f", "plain", env={"KAMCTL_LANG": "ja"})
    assert plain.stdout.startswith(
        "8月10日(月)  102 日超過: 株式会社みなと物流: 更新切れ  [更新 renewal:3]\n"
    )
    # The cached path (a second run) gives the same Japanese; English is cached apart.
    for _ in range(2):
        summary = run_installed("remind", "--summary", "--quiet", env={"KAMCTL_LANG": "ja"})
        assert summary.stdout == "kamctl: 期限切れ 23 件、今日 2 件、今後 16 件 — kamctl remind\n"
    english = run_installed("remind", "--summary", "--quiet", env={"KAMCTL_LANG": "en"})
    assert english.stdout == "kamctl: 23 overdue, 2 today, 16 upcoming — kamctl remind\n"
