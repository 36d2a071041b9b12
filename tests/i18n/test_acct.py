"""Accounts, renewals, the handover brief and the QBR pack in Japanese (SPEC §12)."""

from __future__ import annotations

import pytest
from helpers import run_installed

from kamctl import i18n


@pytest.fixture(autouse=True)
def japanese(monkeypatch):
    monkeypatch.setenv("KAMCTL_LANG", "ja")
    yield
    i18n.forget()


def test_add_edit_archive_and_remove_speak_japanese(run):
    assert run("accounts", "add", "Acme", "--tier", "キーアカウント", "--channel", "訪問").stderr == (
        "アカウント 1 を追加しました: Acme\n"
    )
    [account] = run("accounts", "list", "-f", "json").json()
    assert (account["tier"], account["preferred_channel"]) == ("key", "visit")
    assert run("accounts", "edit", "Acme", "--stage", "3", "--share-of-wallet", "40").stderr == (
        "Acme を変更しました: ステージ、ウォレットシェア\n"
    )
    assert run("accounts", "edit", "Acme", "--stage", "3").stderr == "Acme: 変更はありません\n"
    assert run("accounts", "archive", "Acme").stderr == "Acme をアーカイブしました\n"
    assert run("accounts", "archive", "Acme").stderr == "Acme はすでにアーカイブ済みです\n"
    assert run("accounts", "unarchive", "Acme").stderr == "Acme をアーカイブから戻しました\n"
    assert run("accounts", "rm", "Acme", "--yes").stderr == "アカウント Acme を削除しました\n"
    # "No {things} yet — {first}." is the lead's (render/output.py); the parts are ours.
    assert "`kamctl accounts add NAME` で追加するか、" in run("accounts", "list").stderr


@pytest.mark.parametrize(
    ("args", "error"),
    [
        (("--stage", "9"), "エラー: ステージは 1 から 5 の間にしてください(指定値: '9')\n"),
        (("--revenue", "-5"), "エラー: 売上は 0 以上にしてください(指定値: '-5')\n"),
        (("--growth", "2.5"), "エラー: 成長性は整数で指定してください(指定値: '2.5')\n"),
    ],
)
def test_bad_values_are_refused_in_japanese(run, args, error):
    assert run("accounts", "add", "Acme", *args, exit=1).stderr == error


def test_errors_name_the_account_in_japanese(run):
    run("accounts", "add", "Acme")
    assert (
        run("accounts", "add", "acme", exit=1).stderr == "エラー: アカウント 'Acme' はすでにあります(ID 1)\n"
    )
    assert run("accounts", "show", "Zzyzx Corporation", exit=1).stderr == (
        "エラー: アカウント 'Zzyzx Corporation' が見つかりません\n"
    )
    assert run("accounts", "edit", "Acme", exit=1).stderr == (
        "エラー: 変更する項目がありません: オプションを 1 つ以上指定してください"
        "(kamctl accounts edit --help を参照)\n"
    )


def test_the_list_has_japanese_headers_labels_and_dates(sample_portfolio):
    shown = sample_portfolio("accounts", "list", "--tier", "キーアカウント").stdout
    header = next(line for line in shown.splitlines() if "ID" in line)
    for word in ("アカウント", "ティア", "状態", "担当者", "更新日", "最終接点"):
        assert word in header
    assert "キーアカウント" in shown and "取引中" in shown
    assert "11月" in shown and "(" in shown  # 11月18日(水)-style days
    assert "key" not in shown and "2026-" not in shown


def test_renew_says_what_it_did_with_japanese_dates(run, monkeypatch):
    run("accounts", "add", "Acme", "--renewal", "2026-12-31")
    run("accounts", "opp", "add", "Acme", "Renewal 2027", "--type", "renewal", "--close", "2026-12-20")
    assert run("accounts", "renew", "Acme", "--until", "2026-11-20", exit=1).stderr == (
        "エラー: --until は現在の更新日 12月31日(木) より後の日付にしてください(指定値: 11月20日(金))\n"
    )
    renewed = run("accounts", "renew", "Acme", "--until", "2027-12-31", "--value", "1,200,000")
    assert renewed.stderr == (
        "Acme の契約を 2027年12月31日(金) まで更新しました(変更前 12月31日(木)、1,200,000)\n"
        "商談 1 を受注しました: Acme: Renewal 2027\n"
    )
    run("accounts", "add", "北斗精機")
    assert run("accounts", "renew", "北斗精機", "--until", "today", exit=1).stderr == (
        "エラー: --until は今日 11月20日(金) より後の日付にしてください(指定値: 11月20日(金))\n"
    )


def test_the_dossier_reads_in_japanese(sample_portfolio):
    shown = sample_portfolio("accounts", "show", "1").stdout
    for text in ("北斗精機株式会社", "ティア", "キーアカウント", "ステージ", "5 統合", "チャネル", "訪問",
                 "スコア", "評価基準", "プラン", "ゴール: "):  # fmt: skip
        assert text in shown, text


def test_history_headers(run):
    run("accounts", "add", "Acme")
    run("accounts", "edit", "Acme", "--tier", "候補")
    shown = run("accounts", "history", "Acme").stdout
    for word in ("日時", "変更者", "項目", "変更前", "変更後"):
        assert word in shown
    assert run("accounts", "history", "Acme", "-f", "json").json()[-1]["new"] == "candidate"


def test_import_problems_and_dry_run_in_japanese(run, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("name,stage\nAcme,7\nBeta,2\n", encoding="utf-8")
    done = run("accounts", "import", str(bad), exit=1)
    assert done.stderr.endswith(
        "ステージは 1 から 5 の間にしてください(指定値: '7')\n"
        "エラー: 2 行のうち 1 行が不正なため、何も取り込みませんでした\n"
    )
    good = tmp_path / "good.csv"
    good.write_text("name,tier\nAcme,key\nBeta,候補\n", encoding="utf-8")
    assert run("accounts", "import", str(good), "--dry-run").stderr.endswith(
        "2 行を取り込みます: 新規 2 件、更新 0 件(ドライラン)\n"
    )
    assert run("accounts", "import", str(good)).stderr == "2 行を取り込みました: 新規 2 件、変更 0 件\n"
    assert [a["tier"] for a in run("accounts", "list", "-f", "json").json()] == ["key", "candidate"]


def test_the_qbr_pack_is_a_japanese_document(sample_portfolio):
    pack = sample_portfolio("report", "account", "1", "--qbr", "-f", "md").stdout
    assert pack.startswith("# 北斗精機株式会社 様 四半期ビジネスレビュー\n\n**対象四半期:** ")
    for heading in ("## 貴社の目標", "## 共同成功プラン", "## 目標に対する成果", "## いただいたご意見",
                    "## 未解決の課題", "## 次の四半期の計画", "| 目標 | 目標値 | 貴社ご担当 | 当社担当 | 期日 |"):  # fmt: skip
        assert heading in pack, heading
    html = sample_portfolio("report", "account", "1", "--qbr", "-f", "html").stdout
    assert "四半期ビジネスレビュー" in html and "<h2>共同成功プラン</h2>" in html


def test_the_handover_brief_is_a_japanese_document(sample_portfolio):
    brief = sample_portfolio("accounts", "handover", "1", "--to", "lee").stdout
    assert brief.startswith("# 引き継ぎ資料: 北斗精機株式会社\n\n**sato** から **lee** へ · 11月20日(金) · ")
    for line in ("## 概要", "| 項目 | 内容 |", "| ティア | キーアカウント |", "| 関係ステージ | 5 統合 |",
                 "| 希望チャネル | 訪問 |", "## アカウントマップ", "### 当社側の人脈", "## 進行中の商談"):  # fmt: skip
        assert line in brief, line
    assert (
        "sato に移管しました: コンタクト"
        in sample_portfolio("accounts", "handover", "1", "--to", "sato").stderr
    )


def test_the_installed_command_speaks_japanese(run):
    assert run_installed("accounts", "add", "Acme", env={"KAMCTL_LANG": "ja"}).stderr == (
        "アカウント 1 を追加しました: Acme\n"
    )
    help_text = run_installed("accounts", "--help", env={"KAMCTL_LANG": "ja"}).stdout
    assert "アカウント(ポートフォリオの顧客)を管理します。" in help_text


def test_english_names_the_fields_as_before(run, monkeypatch):
    monkeypatch.setenv("KAMCTL_LANG", "en")
    run("accounts", "add", "Acme")
    assert (
        run("accounts", "edit", "Acme", "--share-of-wallet", "40").stderr == "Changed Acme: share_of_wallet\n"
    )
    assert "share_of_wallet" in run("accounts", "history", "Acme").stdout
