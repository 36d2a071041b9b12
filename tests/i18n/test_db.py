"""`kamctl db …`, `db team …` and the shared import/export messages in Japanese (SPEC §12)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers import run_installed

from kamctl import i18n


@pytest.fixture(autouse=True)
def japanese(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("KAMCTL_LANG", "ja")
    yield
    i18n.use("en")


def test_demo_check_migrate_backup_in_japanese(sample_portfolio, db_url: str, tmp_path: Path) -> None:
    run = sample_portfolio
    done = run("db", "demo", exit=1)
    assert (done.stdout, done.stderr) == (
        "",
        "エラー: データベースが空ではありません。データをサンプルのポートフォリオで置き換えるには "
        "--force を指定してください\n",
    )
    assert run("db", "check").stderr == "OK\n"
    assert run("db", "migrate").stderr.startswith("データベースはスキーマバージョン ")
    assert run("db", "migrate").stderr.endswith(" です。移行するものはありません\n")
    copy = tmp_path / "copy.db"
    assert run("db", "backup", str(copy)).stderr == f"{copy} にバックアップしました\n"
    database = Path(db_url.removeprefix("sqlite:///"))
    done = run("db", "backup", str(database), exit=1)
    assert done.stderr == (
        f"エラー: バックアップはデータベース自身 ({database}) とは別のファイルに書き出してください\n"
    )
    folder = tmp_path / "missing"
    done = run("db", "backup", str(folder / "x.db"), exit=1)
    assert done.stderr == (
        f"エラー: {folder / 'x.db'} を書き込むフォルダ {folder} がありません。"
        "先にフォルダを作成するか、別のファイルを指定してください\n"
    )


def test_demo_into_an_empty_database(run) -> None:
    assert run("db", "demo").stderr == "サンプルのポートフォリオを読み込みました\n"


def test_export_and_import_in_japanese(sample_portfolio, tmp_path: Path) -> None:
    run = sample_portfolio
    dump = tmp_path / "dump.json"
    done = run("db", "export", str(dump))
    counts = json.loads(dump.read_text(encoding="utf-8"))["tables"]
    rows = sum(len(table) for table in counts.values())
    assert done.stderr == f"{len(counts)} 個のテーブルの {rows} 行を {dump} に書き出しました\n"
    assert run("db", "import", str(dump), exit=1).stderr == (
        "エラー: データベースが空ではありません。新しいデータベースに取り込んでください (--db NEW.db)\n"
    )
    fresh = tmp_path / "fresh.db"
    done = run("--db", str(fresh), "db", "import", str(dump))
    assert done.stderr == f"{len(counts)} 個のテーブルに {rows} 行を取り込みました\n"


def test_a_broken_dump_is_refused_in_japanese(run, tmp_path: Path) -> None:
    dump = tmp_path / "dump.json"
    dump.write_text('{"tables": {}}', encoding="utf-8")
    assert run("db", "import", str(dump), exit=1).stderr == (
        'エラー: kamctl のダンプではありません: "kamctl_dump" を含む JSON オブジェクトが必要です\n'
    )
    missing = tmp_path / "nothing.json"
    assert run("db", "import", str(missing), exit=1).stderr == f"エラー: ファイル '{missing}' がありません\n"
    assert (
        run("db", "import", str(tmp_path), exit=1).stderr
        == f"エラー: {tmp_path} はファイルではなくフォルダです\n"
    )


def test_a_dump_row_that_does_not_fit_names_its_table_and_row(run, tmp_path: Path) -> None:
    run("accounts", "add", "Acme")
    dump = tmp_path / "dump.json"
    run("db", "export", str(dump))
    data = json.loads(dump.read_text(encoding="utf-8"))
    data["tables"]["account"][0]["created_at"] = "yesterday"
    dump.write_text(json.dumps(data), encoding="utf-8")
    done = run("--db", str(tmp_path / "new.db"), "db", "import", str(dump), exit=1)
    assert done.stderr == (
        "エラー: ダンプのテーブル account の 1 行目: created_at は オフセット付きの ISO 8601 日時 "
        "(2026-11-20T09:00:00+00:00) にしてください ('yesterday' は不正です)\n"
    )


@pytest.mark.new_database
def test_a_team_needs_postgresql_in_japanese(run, db_url: str) -> None:
    path = Path(db_url.removeprefix("sqlite:///"))
    done = run("db", "team", "list", exit=1)
    assert (done.stdout, done.stderr) == (
        "",
        f"エラー: チームには PostgreSQL が必要です。{path} は 1 人で使う SQLite ファイルです。"
        "--db に postgresql:// の URL を指定してください\n",
    )
    assert not path.exists()


def test_db_in_japanese_in_a_real_process(db_url: str, tmp_path: Path) -> None:
    path = db_url.removeprefix("sqlite:///")
    done = run_installed("db", "team", "init", exit=1, env={"KAMCTL_LANG": "ja"})
    assert done.stderr == (
        f"エラー: チームには PostgreSQL が必要です。{path} は 1 人で使う SQLite ファイルです。"
        "--db に postgresql:// の URL を指定してください\n"
    )
    assert run_installed("db", "check", env={"KAMCTL_LANG": "ja"}).stderr == "OK\n"
    help_text = run_installed("db", "--help", env={"KAMCTL_LANG": "ja", "COLUMNS": "100"}).stdout
    assert "データベース: 場所、移行、検査、バックアップ、ダンプ、サンプルデータ。" in help_text


def test_an_unreadable_csv_says_where_in_japanese(run, tmp_path: Path) -> None:
    run("accounts", "add", "Acme")
    unclosed = tmp_path / "people.csv"
    unclosed.write_text('account,name\nAcme,"Aiko\n', encoding="utf-8")
    done = run("contacts", "import", str(unclosed), exit=1)
    assert done.stderr == (
        f"エラー: {unclosed}: 2 行目: 引用符で囲んだセルが閉じていません (閉じる '\"' がありません)\n"
    )
    empty = tmp_path / "empty.csv"
    empty.write_text("", encoding="utf-8")
    assert run("contacts", "import", str(empty), exit=1).stderr == f"エラー: {empty} は空です\n"
    latin = tmp_path / "latin.csv"
    latin.write_bytes("account,name\nAcme,Jos\xe9\n".encode("latin-1") + b"\xff\xfe\x80\n")
    assert run("contacts", "import", str(latin), exit=1).stderr == (
        f"エラー: {latin} は UTF-8 でも Shift_JIS (cp932) でもありません。ファイルのエンコーディングを "
        "--encoding で指定してください (例: --encoding latin-1)\n"
    )
    assert run("contacts", "import", str(latin), "--encoding", "rot13", exit=1).stderr == (
        "エラー: 不明なエンコーディング 'rot13' です。utf-8、cp932 (Shift_JIS)、latin-1 などを指定してください\n"
    )


def test_contact_import_outcome_in_japanese(run, tmp_path: Path) -> None:
    run("accounts", "add", "Acme")
    people = tmp_path / "people.csv"
    people.write_text(
        "account,name,title,部署\nAcme,Aiko Shimizu,Engineer,開発\nAcme,Yuki Harada,Plant Manager,製造\n",
        encoding="utf-8",
    )
    done = run("contacts", "import", str(people), "--dry-run")
    assert done.stderr == (
        "UTF-8 として読み取りました\n無視した列: 部署\nAcme に取り込む予定です (ドライラン): コンタクト 2 件\n"
    )
    assert run("contacts", "import", str(people)).stderr == "Acme に取り込みました: コンタクト 2 件\n"
    done = run("contacts", "import", str(people), "--skip-existing", "--dry-run")
    assert done.stderr.splitlines()[-1] == "Acme に取り込む予定です (ドライラン): 追加 0 件、スキップ 2 件"
    assert "2 行目: Aiko Shimizu (Acme) をスキップします" in done.stderr.splitlines()
    nowhere = tmp_path / "nowhere.csv"
    nowhere.write_text("account,name\nNowhere Inc,Ken\n", encoding="utf-8")
    done = run("contacts", "import", str(nowhere), exit=1)
    assert done.stderr.splitlines()[-1] == (
        "エラー: 1 行のうち 1 行が不正なため、何も取り込みませんでした。アカウント 'Nowhere Inc' がありません。"
        "先に追加するか (kamctl accounts add NAME)、--account ACCOUNT で全員を 1 つのアカウントに入れてください"
    )


@pytest.mark.postgres
def test_db_backup_is_refused_on_postgresql_in_japanese(run, db_url: str) -> None:
    if not db_url.startswith("postgresql"):
        pytest.skip("needs KAMCTL_TEST_DATABASE_URL")
    done = run("db", "backup", exit=1)
    assert done.stderr == (
        "エラー: db backup は SQLite ファイルをコピーします。"
        "PostgreSQL では pg_dump か kamctl db export FILE.json を使ってください\n"
    )
    done = run("db", "team", "list", exit=1)
    assert (
        done.stderr
        == "エラー: このデータベースにはまだチームがありません。所有者が kamctl db team init を実行します\n"
    )
