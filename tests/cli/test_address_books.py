"""vCard exports in the address books users already have: khard over a folder of .vcf files (the
vdir layout CardDAV sync tools such as vdirsyncer write) and vobject, khard's parser (issue 13)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

pytestmark = pytest.mark.postgres

CARD = re.compile(rb"BEGIN:VCARD\r\n.*?END:VCARD\r\n", re.DOTALL)


def khard(config: Path, *args: str, input: str | None = None) -> str:
    executable = shutil.which("khard") or pytest.fail("khard (a test dependency) is not installed")
    done = subprocess.run(
        [executable, "-c", str(config), *args], input=input, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.fixture
def hokuto(run):
    run("accounts", "add", "Hokuto")
    run("contacts", "add", "Hokuto", "山田 太郎", "--reading", "やまだ たろう", "--email", "yamada@hokuto.example",
        "--phone", "+81 11-555-0100", "--role", "decision-maker", "--note", "札幌工場; 長いメモ。" * 8)  # fmt: skip
    run("contacts", "add", "Hokuto", "Ann Lee", "--title", "CFO, Japan", "--reports-to", "山田 太郎")
    run("contacts", "add", "Hokuto", "Dr. Sarah Collins", "--email", "s.collins@hokuto.example")
    return run


def address_book(export: Path, tmp_path: Path) -> Path:
    """A khard configuration whose one address book is a folder holding each card of `export` as a file."""
    folder = tmp_path / "book"
    folder.mkdir()
    for number, card in enumerate(CARD.findall(export.read_bytes())):
        (folder / f"{number}.vcf").write_bytes(card)
    config = tmp_path / "khard.conf"
    config.write_text(f"[addressbooks]\n[[kamctl]]\npath = {folder}/\n[general]\ndebug = no\n", encoding="utf-8")
    return config


@pytest.mark.parametrize("version", ["3.0", "4.0"])
def test_khard_lists_every_exported_contact_by_its_uid(hokuto, tmp_path, version):
    export = tmp_path / "hokuto.vcf"
    hokuto("contacts", "export", "-f", "vcard", "--vcard-version", version, "-o", str(export))
    uids = re.findall(rb"^UID:(.*)\r$", export.read_bytes(), re.MULTILINE)
    listed = khard(address_book(export, tmp_path), "list", "--parsable").splitlines()
    assert sorted(line.split("\t")[:2] for line in listed) == sorted(
        [[uid.decode(), name] for uid, name in zip(uids, ["Ann Lee", "Sarah Collins", "太郎 山田"], strict=True)]
    )


def test_vobject_reads_every_card_with_its_uid_and_reading(hokuto, tmp_path):
    import vobject

    export = tmp_path / "hokuto.vcf"
    hokuto("contacts", "export", "-f", "vcard", "-o", str(export))
    cards = list(vobject.readComponents(export.read_bytes().decode("utf-8")))
    assert [card.fn.value for card in cards] == ["Ann Lee", "Dr. Sarah Collins", "山田 太郎"]
    assert all(card.uid.value.startswith("urn:uuid:") and card.rev.value for card in cards)
    yamada = cards[2]
    assert (yamada.contents["x-phonetic-last-name"][0].value, yamada.contents["x-phonetic-first-name"][0].value) == (
        "やまだ", "たろう",
    )  # fmt: skip
    assert yamada.note.value == "札幌工場; 長いメモ。" * 8
    assert not any("CHARSET" in line for line in export.read_text(encoding="utf-8").splitlines())


def test_a_card_edited_in_khard_updates_its_contact_instead_of_adding_a_twin(hokuto, tmp_path):
    export = tmp_path / "hokuto.vcf"
    hokuto("contacts", "export", "-f", "vcard", "-o", str(export))
    config = address_book(export, tmp_path)
    template = khard(config, "show", "--format", "yaml", "山田")
    edited = tmp_path / "yamada.yaml"
    edited.write_text(template.replace("\nTitle:\n", "\nTitle: 工場長\n"), encoding="utf-8")
    khard(config, "edit", "--input-file", str(edited), "山田", input="yes\n")
    rewritten = next(path for path in (tmp_path / "book").iterdir() if "工場長" in path.read_text(encoding="utf-8"))
    assert "X-KIND:individual" in rewritten.read_text(encoding="utf-8")  # khard's own serialisation
    assert hokuto("contacts", "import", str(rewritten)).stderr == "Imported 0 added, 1 updated into Hokuto\n"
    people = hokuto("contacts", "list", "-f", "json").json()
    assert [(person["id"], person["name"], person["reading"], person["title"]) for person in people] == [
        (2, "Ann Lee", None, "CFO, Japan"),
        (3, "Dr. Sarah Collins", None, None),
        (1, "山田 太郎", "やまだ たろう", "工場長"),
    ]


def test_the_installed_kamctl_imports_a_phone_card_with_its_reading_and_skips_the_company(db_url, tmp_path):
    """A 2.1 Shift_JIS card of a Japanese phone (reading in SOUND;X-IRMC-N) and an Apple company card."""
    from helpers import run_installed

    cards = tmp_path / "phone.vcf"
    cards.write_bytes(
        (
            "BEGIN:VCARD\r\nVERSION:2.1\r\nN;CHARSET=SHIFT_JIS:山田;太郎\r\nSOUND;X-IRMC-N;CHARSET=SHIFT_JIS:ﾔﾏﾀﾞ;ﾀﾛｳ;;;\r\n"
            "ORG;CHARSET=SHIFT_JIS:北斗精機\r\nTEL;HOME:011-555-0000\r\nTEL;WORK;PREF:011-555-0100\r\nEND:VCARD\r\n"
            "BEGIN:VCARD\r\nVERSION:2.1\r\nN:;;;;\r\nFN;CHARSET=SHIFT_JIS:北斗精機\r\nORG;CHARSET=SHIFT_JIS:北斗精機\r\n"
            "X-ABShowAs:COMPANY\r\nEND:VCARD\r\n"
        ).encode("cp932")
    )
    missing = run_installed("contacts", "import", str(cards), exit=1)
    assert missing.stderr == (
        "line 9: skipped '北斗精機', a card of a company, not of a person\n"
        "line 1: no account '北斗精機'\n"
        "Error: 1 of 1 row is invalid; nothing was imported. No account '北斗精機': add it first "
        "(kamctl accounts add NAME), or put everyone into one account with --account ACCOUNT\n"
    )
    run_installed("accounts", "add", "北斗精機")
    assert run_installed("contacts", "import", str(cards)).stderr == (
        "line 9: skipped '北斗精機', a card of a company, not of a person\nImported 1 contact into 北斗精機\n"
    )
    [yamada] = run_installed("contacts", "list", "-f", "json").json()
    assert (yamada["name"], yamada["reading"], yamada["phone"]) == ("山田 太郎", "ヤマダ タロウ", "011-555-0100")
    both = run_installed("contacts", "import", str(cards), "--update", "--skip-existing", exit=2)
    assert "give --update or --skip-existing, not both" in both.stderr
