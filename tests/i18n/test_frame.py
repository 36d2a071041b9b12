"""Japanese in the frame every command shares: help pages, Click's usage errors, kamctl's own
errors, enum labels on input and in completion (SPEC §12)."""

from __future__ import annotations

import json

import pytest
from helpers import run_installed


@pytest.fixture
def japanese(monkeypatch):
    monkeypatch.setenv("KAMCTL_LANG", "ja")


def test_help_pages_are_japanese_click_words_included(run, japanese):
    page = run("--help").stdout
    assert page.startswith("使い方: kamctl [OPTIONS] COMMAND [ARGS]...\n")
    assert "ターミナルで行うキーアカウントマネジメント" in page
    assert "オプション:" in page and "コマンド:" in page
    assert "このヘルプを表示して終了します。" in page
    assert "[環境変数: KAMCTL_DB]" in page
    assert "このシェルに補完を組み込みます。" in page
    assert "Show this message" not in page and "Usage:" not in page


def test_help_in_english_is_unchanged_after_japanese_in_the_same_process(run, japanese, monkeypatch):
    run("--help")
    monkeypatch.setenv("KAMCTL_LANG", "en")
    page = run("--help").stdout
    assert page.startswith("Usage: kamctl [OPTIONS] COMMAND [ARGS]...\n")
    assert "Show this message and exit." in page
    assert "Key account management from the terminal" in page


def test_choice_lists_in_help_show_the_japanese_labels(run, japanese):
    page = run("accounts", "add", "--help").stdout
    assert "--channel <会議|訪問|電話|メール|チャット|SNS|イベント|その他>" in page


def test_usage_errors_are_japanese(run, japanese):
    missing = run("accounts", "show", exit=2)
    assert missing.stderr.splitlines()[-1] == "エラー: 引数 'NAME' がありません。"
    assert "'kamctl accounts show -h' で使い方を表示できます。" in missing.stderr
    unknown = run("accounts", "list", "--bogus", exit=2)
    assert unknown.stderr.splitlines()[-1] == "エラー: そのようなオプションはありません: --bogus"
    typo = run("acounts", exit=2)
    assert typo.stderr.splitlines()[-1] == "エラー: 'acounts' というコマンドはありません。もしかして 'accounts', 'contacts'?"
    bad_format = run("accounts", "list", "-f", "xml", exit=2)
    assert bad_format.stderr.splitlines()[-1] == (
        "エラー: '--format' / '-f' の値が正しくありません: 'xml' は 'table', 'json', 'csv' のいずれでもありません。"
    )


def test_kamctl_errors_are_one_japanese_line(run, japanese):
    outcome = run("accounts", "add", "Acme", "--renewal", "someday", exit=1)
    assert outcome.stderr.startswith("エラー: 日付 'someday' を読めません。次の形で書いてください: YYYY-MM-DD、")
    assert outcome.stderr.count("\n") == 1


def test_a_japanese_enum_label_is_accepted_and_stored_as_the_english_value(run, japanese):
    run("accounts", "add", "Acme", "--channel", "訪問", "--tier", "キーアカウント")
    shown = json.loads(run("accounts", "list", "-f", "json").stdout)
    assert shown[0]["preferred_channel"] == "visit"
    assert shown[0]["tier"] == "key"
    refused = run("accounts", "add", "Beta", "--channel", "散歩", exit=1)
    assert refused.stderr == (
        "エラー: 希望チャネル は 会議、訪問、電話、メール、チャット、SNS、イベント、その他 のいずれかにしてください (指定: '散歩')\n"
    )


def test_completion_offers_the_japanese_labels(tmp_path):
    environment = {
        "KAMCTL_LANG": "ja",
        "_KAMCTL_COMPLETE": "complete_bash",
        "COMP_WORDS": "kamctl log add Acme --channel ",
        "COMP_CWORD": "5",
    }
    offered = run_installed(env=environment).stdout.split()
    assert "訪問" in offered and "電話" in offered
    assert "visit" not in offered
    environment["COMP_WORDS"] = "kamctl log add Acme --channel vi"
    assert run_installed(env=environment).stdout.split() == ["visit"]


def test_the_installed_command_speaks_japanese_from_the_locale(tmp_path):
    outcome = run_installed("accounts", "show", env={"LANG": "ja_JP.UTF-8"}, exit=2)
    assert outcome.stderr.splitlines()[-1] == "エラー: 引数 'NAME' がありません。"
    english = run_installed("accounts", "show", env={"LANG": "ja_JP.UTF-8", "KAMCTL_LANG": "en"}, exit=2)
    assert english.stderr.splitlines()[-1] == "Error: Missing argument 'NAME'."
