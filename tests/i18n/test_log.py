"""`kamctl log` in Japanese (SPEC §12): messages, errors, headers, dates and enum labels, with the
JSON and CSV contract unchanged and Japanese labels accepted on input."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import run_installed

from kamctl import i18n


@pytest.fixture(autouse=True)
def japanese(monkeypatch):
    monkeypatch.setenv("KAMCTL_LANG", "ja")
    yield
    i18n.use("en")


@pytest.fixture
def kappa(run):
    run("accounts", "add", "Kappa Motors", "--tier", "key")
    run("contacts", "add", "Kappa Motors", "Ito Ken")
    run("contacts", "add", "Kappa Motors", "Mori Aya")
    return run


def entries(run, *args):
    return run("log", "list", *args, "-f", "json").json()


def test_log_says_what_it_recorded_in_japanese_with_labels_and_dates(kappa):
    outcome = kappa(
        "log", "Kappa Motors", "パイロット合意", "--with", "Ito Ken", "--with", "Mori Aya",
        "--channel", "訪問", "--kind", "成果", "--sentiment", "好意的", "--when", "yesterday",
        "--next", "friday", "--action", "契約書を送る",
    )  # fmt: skip
    lines = outcome.stderr.splitlines()
    assert lines[:2] == [
        "記録 1 を追加しました: Kappa Motors、11月19日(木) 09:00 訪問、同席: Ito Ken、Mori Aya",
        "フォローアップ 1 (期日 11月27日(金)): 契約書を送る",
    ]
    # Stored and shown to scripts in English.
    [entry] = entries(kappa)
    assert (entry["channel"], entry["kind"], entry["sentiment"]) == ("visit", "win", "positive")


def test_japanese_labels_filter_the_list_and_the_default_follow_up_title(kappa):
    kappa("log", "Kappa Motors", "電話で確認", "--channel", "電話", "--next", "2026-11-10")
    kappa("log", "Kappa Motors", "訪問しました", "--channel", "visit", "--kind", "課題")
    assert [e["notes"] for e in entries(kappa, "--channel", "電話")] == ["電話で確認"]
    assert [e["notes"] for e in entries(kappa, "--kind", "課題")] == ["訪問しました"]
    assert kappa("remind", "list", "-f", "json").json()[0]["title"] == "フォローアップ"


def test_a_follow_up_in_the_past_is_a_japanese_warning(kappa):
    outcome = kappa("log", "Kappa Motors", "遅れた記録", "--next", "2026-11-10")
    assert "フォローアップの期日 11月10日(火) は過去の日付です: すでに期限切れです" in outcome.stderr


def test_the_list_has_japanese_headers_and_labels(kappa):
    kappa("log", "Kappa Motors", "見積りの相談", "--channel", "email", "--kind", "feedback")
    table = kappa("log", "list").stdout
    for word in (
        "日時",
        "アカウント",
        "チャネル",
        "種類",
        "相手",
        "メモ",
        "11月20日(金) 09:00",
        "メール",
        "フィードバック",
    ):
        assert word in table


def test_show_is_a_japanese_grid(kappa):
    kappa("log", "Kappa Motors", "評価は上々", "--with", "Ito Ken", "--sentiment", "positive", "--csat", "5")
    shown = kappa("log", "show", "1").stdout
    for label, value in (
        ("記録", "1"),
        ("チャネル", "会議"),
        ("種類", "接点"),
        ("反応", "好意的"),
        ("記録者", "tester"),
    ):
        assert any(line.split() == [label, value] for line in shown.splitlines()), (label, shown)
    assert "相手" in shown and "11月20日(金) 09:00" in shown and "評価は上々" in shown


def test_edit_and_rm_speak_japanese(kappa):
    kappa("log", "Kappa Motors", "最初のメモ")
    outcome = kappa("log", "edit", "1", "--notes", "書き直し", "--channel", "電話", "--when", "yesterday")
    assert outcome.stderr == "記録 1 を変更しました: チャネル、日時、メモ\n"
    assert kappa("log", "edit", "1", "--channel", "call").stderr == "記録 1: 変更はありません\n"
    assert kappa("log", "rm", "1", "--yes").stderr == "記録 1 を削除しました\n"


@pytest.mark.parametrize(
    ("args", "error"),
    [
        (("log", "Kappa Motors", "x", "--csat", "9"), "CSAT は 1 から 5 までの整数で指定してください (指定値: '9')"),
        (("log", "Kappa Motors", "x", "--action", "送付"),
         "--action はフォローアップの件名です: 期日も --next DATE で指定してください"),
        (("log", "Kappa Motors", "  "), '記録していません: メモが空です (kamctl log アカウント "内容")'),
        (("log", "show", "99"), "記録 '99' は見つかりません (kamctl log list で記録の ID を確認できます)"),
        (("log", "edit", "1"),
         "変更する内容がありません: オプションを 1 つ以上指定してください (kamctl log edit --help を参照)"),
        (("log", "search", " "), "検索語が空です: 語句を指定してください (kamctl log search 'パイロット')"),
    ],
)  # fmt: skip
def test_errors_are_one_japanese_line(kappa, args, error):
    assert kappa(*args, exit=1).stderr == f"エラー: {error}\n"


def test_an_empty_list_and_the_limit_note(kappa):
    assert "記録" in kappa("log", "list", "--channel", "訪問").stderr
    for number in range(3):
        kappa("log", "Kappa Motors", f"メモ {number}")
    outcome = kappa("log", "list", "--limit", "2")
    assert outcome.stderr == "全 3 件のうち最新の 2 件を表示しています (--limit 0 ですべて表示)\n"
    assert kappa("log", "search", "存在しない語").stderr == "該当する記録はありません。\n"


def test_import_reads_japanese_labels_and_reports_bad_rows_in_japanese(kappa, tmp_path):
    good = tmp_path / "good.csv"
    good.write_text("account,when,channel,kind,notes\nKappa Motors,2026-11-01 10:00,訪問,成果,取り込み\n")
    assert kappa("log", "import", str(good)).stderr == "1 件の記録を取り込みました\n"
    assert [(e["channel"], e["kind"]) for e in entries(kappa)] == [("visit", "win")]
    bad = tmp_path / "bad.csv"
    bad.write_text("account,when,channel,csat\nKappa Motors,2026-11-01,call,7\n")
    outcome = kappa("log", "import", str(bad), exit=1)
    assert outcome.stderr.splitlines()[-1] == "エラー: 1 行のうち 1 行が不正なため、何も取り込みませんでした"
    assert "CSAT は 1 から 5 までの整数で指定してください (指定値: '7')" in outcome.stderr


def test_export_keeps_english_values_and_says_so_in_japanese(kappa, tmp_path):
    kappa("log", "Kappa Motors", "メール送付", "--channel", "メール")
    target = tmp_path / "log.csv"
    assert kappa("log", "export", "-o", str(target)).stderr == f"1 件の記録を {target} に書き出しました\n"
    assert target.read_text(encoding="utf-8").splitlines()[1].split(",")[2] == "email"


def test_the_sample_portfolio_lists_in_japanese(sample_portfolio):
    table = sample_portfolio("log", "list", "--limit", "3").stdout
    assert "日時" in table and "アカウント" in table


def test_group_help_is_japanese(run):
    assert "接点とフィードバックを記録します" in run("log", "--help").stdout


def test_sub_command_help_is_japanese(run):
    assert "記録を新しい順に一覧表示します。" in run("log", "list", "--help").stdout


def test_the_installed_command_speaks_japanese(kappa):
    outcome = run_installed(
        "log", "Kappa Motors", "--channel", "チャット", input="チャットで相談\n", env={"KAMCTL_LANG": "ja"}
    )
    assert outcome.stderr.startswith("記録 1 を追加しました: Kappa Motors、11月20日(金) 09:00 チャット")
    assert entries(kappa)[0]["channel"] == "chat"


def _recording_editor(tmp_path: Path) -> tuple[str, Path]:
    """An $EDITOR that keeps a copy of the template it was given and writes a note above it."""
    copy = tmp_path / "template.txt"
    script = tmp_path / "editor.py"
    script.write_text(
        "import shutil, sys\n"
        f"shutil.copy(sys.argv[1], {str(copy)!r})\n"
        "old = open(sys.argv[1], encoding='utf-8').read()\n"
        "open(sys.argv[1], 'w', encoding='utf-8').write('エディタで書いたメモ' + old)\n",
        encoding="utf-8",
    )
    return f"{sys.executable} {script}", copy


def test_the_editor_template_is_japanese(kappa, tmp_path):
    import pty

    editor, copy = _recording_editor(tmp_path)
    primary, secondary = pty.openpty()
    try:
        done = subprocess.run(
            ["kamctl", "log", "Kappa Motors", "--channel", "visit"], stdin=secondary, capture_output=True,
            text=True, timeout=60, env={**os.environ, "EDITOR": editor, "KAMCTL_LANG": "ja"},
        )  # fmt: skip
    finally:
        os.close(primary)
        os.close(secondary)
    assert done.returncode == 0, done.stderr
    template = copy.read_text(encoding="utf-8")
    assert "# ------------------------ >8 ------------------------" in template
    assert "# Kappa Motors のメモ (訪問、11月20日(金) 09:00)。" in template
    assert entries(kappa)[0]["notes"] == "エディタで書いたメモ"
