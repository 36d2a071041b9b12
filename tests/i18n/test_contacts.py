"""`kamctl contacts` in Japanese (SPEC §12): messages, errors, headers, labels, dates and the map."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone

import pytest

from kamctl import i18n
from tests.helpers import run_installed

pytestmark = pytest.mark.postgres

JST = timezone(timedelta(hours=9))
NOW = datetime(2026, 11, 20, 9, 0, tzinfo=JST)  # KAMCTL_NOW of tests/conftest.py


@pytest.fixture(autouse=True)
def english_afterwards():
    yield
    i18n.use("en")


def log(db_url: str, account_id: int, days_ago: int, *contact_ids: int) -> None:
    """A log entry `days_ago` days before the fixed now, naming contacts."""
    from kamctl.store.engine import open_store
    from kamctl.store.models import LogContact, LogEntry

    store = open_store(db_url)
    when = (NOW - timedelta(days=days_ago)).astimezone(UTC)
    with store.transaction() as session:
        entry = LogEntry(
            account_id=account_id, occurred_at=when, created_at=when, channel="visit", kind="interaction",
            notes="met",
        )  # fmt: skip
        session.add(entry)
        session.flush()
        session.add_all(LogContact(log_entry_id=entry.id, contact_id=c) for c in contact_ids)
    store.dispose()


@pytest.fixture
def kappa(run, monkeypatch):
    """Kappa Motors with Kenji (decision-maker) ← Laura, set up in English, then Japanese."""
    run("accounts", "add", "Kappa Motors", "--tier", "key")
    run("contacts", "add", "Kappa Motors", "Kenji Morita", "--title", "EVP", "--role", "decision-maker",
        "--influence", "5", "--stance", "supporter", "--our-contact", "suzuki")  # fmt: skip
    run("contacts", "add", "Kappa Motors", "Laura Chen", "--role", "economic-buyer", "--influence", "4",
        "--stance", "blocker", "--reports-to", "Kenji Morita", "--our-contact", "suzuki")  # fmt: skip
    monkeypatch.setenv("KAMCTL_LANG", "ja")
    return run


def test_add_edit_left_and_rm_speak_japanese(kappa):
    assert kappa("contacts", "add", "Kappa Motors", "北村 正人", "--role", "意思決定者").stderr == (
        "コンタクト 3 を追加しました: 北村 正人(Kappa Motors)\n"
    )
    # The Japanese label names the value; JSON keeps the English value.
    assert kappa("contacts", "show", "北村 正人", "-f", "json").json()["role"] == "decision-maker"
    assert kappa("contacts", "edit", "北村 正人", "--stance", "推進者", "--title", "部長").stderr == (
        "北村 正人 を変更しました: 役職, 姿勢\n"
    )
    assert kappa("contacts", "show", "3", "-f", "json").json()["stance"] == "champion"
    assert kappa("contacts", "edit", "北村 正人", "--title", "部長").stderr == "北村 正人: 変更はありません\n"
    assert kappa("contacts", "edit", "北村 正人", exit=1).stderr == (
        "エラー: 変更する項目がありません。オプションを 1 つ以上指定してください"
        "(kamctl contacts edit --help を参照)\n"
    )
    assert kappa("contacts", "left", "北村 正人").stderr == (
        "北村 正人(Kappa Motors)を退職済みにしました。マップにはグレーで残ります\n"
    )
    assert kappa("contacts", "left", "北村 正人").stderr == "北村 正人 はすでに退職済みです\n"
    assert kappa("contacts", "left", "北村 正人", "--undo").stderr == "北村 正人(Kappa Motors)を在籍中に戻しました\n"
    assert kappa("contacts", "rm", "Kenji Morita", "--yes").stderr == (
        "コンタクト 1 を削除しました: Kenji Morita(Kappa Motors)\n"
        "この人の部下 1 人は、マップ上で上司がいなくなりました\n"
    )


def test_errors_are_one_japanese_line(kappa):
    assert kappa("contacts", "show", "Nobody", exit=1).stderr == "エラー: コンタクト 'Nobody' はいません\n"
    kappa("accounts", "add", "Acme")
    assert kappa("contacts", "show", "1", "--account", "Acme", exit=1).stderr == (
        "エラー: Acme にコンタクト '1' はいません\n"
    )
    assert kappa("contacts", "add", "Kappa Motors", "KENJI MORITA", exit=1).stderr == (
        "エラー: Kappa Motors にはすでに 'Kenji Morita' というコンタクトがいます(ID 1)\n"
    )
    assert kappa("contacts", "add", "Acme", "Zed", "--email", "zed", exit=1).stderr == (
        "エラー: メールは name@example.com の形で指定してください('zed' は使えません)\n"
    )
    assert kappa("contacts", "edit", "Kenji Morita", "--reports-to", "Laura Chen", exit=1).stderr == (
        "エラー: Kenji Morita の上司を Laura Chen にはできません: 報告関係が循環します "
        "Kenji Morita → Laura Chen → Kenji Morita\n"
    )
    # A role that is neither a value nor a label: the field and the choices are named in Japanese.
    refused = kappa("contacts", "list", "--role", "社長", exit=1).stderr
    assert refused.startswith("エラー: 役割")
    assert "意思決定者、予算決裁者" in refused


def test_list_shows_japanese_headers_labels_and_days(kappa, db_url):
    log(db_url, 1, 3, 1)
    out = kappa("contacts", "list", "Kappa Motors").stdout
    header = next(line for line in out.splitlines() if "氏名" in line)
    for word in ("ID", "氏名", "役割", "姿勢", "当社"):
        assert word in header
    assert re.search(r"Kenji Morita .*意思決定者 .*支持者", out)
    assert re.search(r"Laura Chen .*予算決裁者 .*反対者", out)
    assert "11月17日(火)" in out
    # Filtering by a Japanese label.
    found = kappa("contacts", "list", "--stance", "反対者", "-f", "json").json()
    assert [person["name"] for person in found] == ["Laura Chen"]


def test_show_labels_the_card_in_japanese(kappa, db_url):
    log(db_url, 1, 3, 1)
    out = kappa("contacts", "show", "Kenji Morita").stdout
    for line in ("役割 +意思決定者", "影響力 +●●●●● 5/5", "姿勢 +支持者", "部下 +Laura Chen", "当社 +suzuki",
                 "最終接点 +11月17日\\(火\\) 09:00", "最近の接点", "訪問", "ID 1"):  # fmt: skip
        assert re.search(line, out), line


def test_map_tree_and_findings_in_japanese_while_json_stays_english(kappa, db_url):
    log(db_url, 1, 100, 1)
    out = kappa("contacts", "map", "Kappa Motors").stdout
    lines = out.splitlines()
    assert lines[0].split() == ["Kappa", "Motors", "影響", "姿勢", "最終接点", "当社", "役職", "·", "役割"]
    assert re.match(r"└── Kenji Morita +●●●●● +支持者 +100 日前 +suzuki +EVP · 意思決定者$", lines[1])
    assert re.match(r"    └── Laura Chen +●●●●○ +反対者 +未接触 +suzuki +予算決裁者$", lines[2])
    assert "コンタクト 2 人(在籍 2 人)" in out
    assert "指摘" in out
    assert re.search(r"高 +single-threaded +直近 180 日間の接点はすべて Kenji Morita とのものです\(記録 1 件\)", out)
    assert re.search(r"高 +blocker-high-influence +Laura Chen は影響力 4 の反対者です", out)
    assert re.search(r"中 +decision-maker-cold +Kenji Morita\(意思決定者\): 最終接触は 100 日前です", out)
    assert re.search(r"中 +decision-maker-cold +Laura Chen\(予算決裁者\): 一度も接触していません", out)
    assert re.search(r"中 +no-champion +在籍中の推進者がいません", out)
    assert re.search(r"中 +single-owner +在籍中のコンタクトはすべて suzuki の担当です", out)
    findings = kappa("contacts", "map", "Kappa Motors", "-f", "json").json()["findings"]
    assert {"code": "decision-maker-cold", "severity": "medium",
            "message": "Kenji Morita (decision-maker): last contacted 100 days ago"} in findings  # fmt: skip


def test_mermaid_and_dot_titles_and_boxes_in_japanese(kappa):
    mermaid = kappa("contacts", "map", "Kappa Motors", "-f", "mermaid").stdout
    assert 'title: "Kappa Motors — アカウントマップ"' in mermaid
    assert 'c1["Kenji Morita<br/>EVP<br/>意思決定者 · 影響力 5/5 · 支持者<br/>当社: suzuki · 未接触"]' in mermaid
    dot = kappa("contacts", "map", "Kappa Motors", "-f", "dot").stdout
    assert 'label="Kappa Motors — アカウントマップ"' in dot


def test_an_empty_map_says_how_to_add_someone(run, monkeypatch):
    run("accounts", "add", "Acme")
    monkeypatch.setenv("KAMCTL_LANG", "ja")
    out = run("contacts", "map", "Acme").stdout
    assert "コンタクトはまだいません: kamctl contacts add 'Acme' 氏名 --role …" in out
    assert "在籍中の意思決定者も予算決裁者もマップにいません" in out


def test_import_problems_and_skipped_cards_in_japanese(kappa, tmp_path):
    people = tmp_path / "people.csv"
    people.write_text("name,role\nYuki Harada,利用者\n", encoding="utf-8")
    kappa("contacts", "import", str(people), "--account", "Kappa Motors")
    assert kappa("contacts", "show", "Yuki Harada", "-f", "json").json()["role"] == "user"
    cards = tmp_path / "google.vcf"
    cards.write_text(
        "BEGIN:VCARD\nVERSION:3.0\nN:;;;;\nFN:Kappa Motors\nORG:Kappa Motors\nX-ABShowAs:COMPANY\nEND:VCARD\n"
        "BEGIN:VCARD\nVERSION:3.0\nFN:Aiko Sato\nEND:VCARD\n"
        "BEGIN:VCARD\nVERSION:9.9\nFN:Future\nORG:Kappa Motors\nEND:VCARD\n",
        encoding="utf-8",
    )
    stderr = kappa("contacts", "import", str(cards), exit=1).stderr
    assert stderr.startswith(
        "1 行目: 'Kappa Motors' は人物ではなく会社のカードのため、スキップしました\n"
        "8 行目: アカウントがありません('account' 列か、ファイル全体に --account を指定してください)\n"
        "12 行目: vCard バージョン 9.9 には対応していません(対応: 2.1、3.0、4.0)\n"
    )
    # Problems in the order of the file (line 8 before line 12), then one error line.
    assert stderr.splitlines()[-1].startswith("エラー: ")


def test_the_installed_command_speaks_japanese(run):
    run("accounts", "add", "Acme")
    done = run_installed("contacts", "add", "Acme", "山田 太郎", "--stance", "中立", env={"KAMCTL_LANG": "ja"})
    assert done.stderr == "コンタクト 1 を追加しました: 山田 太郎(Acme)\n"
    listed = run_installed("contacts", "list", "-f", "json", env={"KAMCTL_LANG": "ja"})
    assert '"stance": "neutral"' in listed.stdout
