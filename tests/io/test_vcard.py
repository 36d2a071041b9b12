"""vCard 3.0/4.0 in and out (RFC 2426, RFC 6350): escaping, folding, charsets and round trips."""

from __future__ import annotations

import base64

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kamctl.io.vcard import (
    escape_text,
    fold,
    looks_like_vcard,
    name_from_parts,
    name_parts,
    read_vcards,
    unescape_text,
    write_vcard,
    write_vcards,
)

KENJI = {
    "name": "Kenji Morita",
    "account": "Kappa Motors",
    "title": "EVP Manufacturing",
    "role": "decision-maker",
    "influence": 5,
    "stance": "supporter",
    "reports_to": None,
    "our_contact": "suzuki",
    "email": "kenji.morita@kappa-motors.example",
    "phone": "+81 53-555-0101",
    "cadence_days": 45,
    "notes": None,
    "left": False,
}


def test_writes_a_vcard_3_with_crlf_lines():
    assert write_vcard(KENJI, version="3.0").split("\r\n") == [
        "BEGIN:VCARD",
        "VERSION:3.0",
        "PRODID:-//kamctl//kamctl " + __import__("kamctl").__version__ + "//EN",
        "FN:Kenji Morita",
        "N:Morita;Kenji;;;",
        "ORG:Kappa Motors",
        "TITLE:EVP Manufacturing",
        "EMAIL;TYPE=INTERNET,WORK:kenji.morita@kappa-motors.example",
        "TEL;TYPE=WORK,VOICE:+81 53-555-0101",
        "X-KAMCTL-ROLE:decision-maker",
        "X-KAMCTL-INFLUENCE:5",
        "X-KAMCTL-STANCE:supporter",
        "X-KAMCTL-OUR-CONTACT:suzuki",
        "X-KAMCTL-CADENCE-DAYS:45",
        "END:VCARD",
        "",
    ]


def test_vcard_4_has_no_charset_and_version_4():
    card = write_vcard({**KENJI, "name": "北村 正人", "left": True}, version="4.0")
    assert "VERSION:4.0\r\n" in card
    assert "FN:北村 正人\r\n" in card
    assert "N:北村;正人;;;\r\n" in card
    assert "X-KAMCTL-LEFT:true\r\n" in card
    assert "CHARSET" not in card


def test_vcard_3_is_standard_utf8_without_charset_parameters():
    """RFC 2426 has no CHARSET parameter: strict readers (vobject, khard) refuse or keep it."""
    card = write_vcard({**KENJI, "name": "北村 正人"}, version="3.0")
    assert "FN:北村 正人\r\n" in card
    assert "EMAIL;TYPE=INTERNET,WORK:kenji" in card
    assert "CHARSET" not in card


UID = "urn:uuid:0b0c1d8e-3e0f-5b8e-9a53-1f4c2d6e7a80"
REV = __import__("datetime").datetime(2026, 1, 7, 18, 30, 5, tzinfo=__import__("datetime").timezone.utc)


def test_every_card_has_its_uid_and_rev_and_4_0_says_individual():
    card3 = write_vcard(KENJI, version="3.0", uid=UID, rev=REV).split("\r\n")
    assert card3[3] == f"UID:{UID}"
    assert card3[-3:] == ["REV:20260107T183005Z", "END:VCARD", ""]
    assert "KIND:individual" not in card3
    card4 = write_vcard(KENJI, version="4.0", uid=UID, rev=REV).split("\r\n")
    assert card4[3:5] == [f"UID:{UID}", "KIND:individual"]
    assert card4[-3] == "REV:20260107T183005Z"
    [row] = read_vcards("\r\n".join(card4).encode())
    assert row.values["vcard_uid"] == UID
    assert row.values["rev"] == REV


def test_reading_is_written_as_phonetic_names_and_sort_string_in_3_0():
    yamada = {"name": "山田 太郎", "reading": "やまだ たろう"}
    card3 = write_vcard(yamada, version="3.0")
    assert "SORT-STRING:やまだ たろう\r\nX-PHONETIC-LAST-NAME:やまだ\r\nX-PHONETIC-FIRST-NAME:たろう\r\n" in card3
    card4 = write_vcard(yamada, version="4.0")
    assert "SORT-STRING" not in card4
    assert "X-PHONETIC-LAST-NAME:やまだ\r\nX-PHONETIC-FIRST-NAME:たろう\r\n" in card4
    for card in (card3, card4):
        [row] = read_vcards(card.encode())
        assert row.values == {"name": "山田 太郎", "reading": "やまだ たろう"}
    # A reading that does not split back into the same text is kept whole.
    odd = write_vcard({"name": "X", "reading": "やまだ\u3000たろう"}, version="4.0")
    assert "X-PHONETIC-LAST-NAME:やまだ\u3000たろう\r\n" in odd
    assert read_vcards(odd.encode())[0].values["reading"] == "やまだ\u3000たろう"


def test_reads_the_reading_of_japanese_phones_and_of_apple_cards():
    irmc = (
        "BEGIN:VCARD\r\nVERSION:2.1\r\nN;CHARSET=SHIFT_JIS:山田;太郎\r\n"
        "SOUND;X-IRMC-N;CHARSET=SHIFT_JIS:ﾔﾏﾀﾞ;ﾀﾛｳ;;;\r\nEND:VCARD\r\n"
    ).encode("shift_jis")
    [row] = read_vcards(irmc)
    assert row.values == {"name": "山田 太郎", "reading": "ヤマダ タロウ"}
    apple = "BEGIN:VCARD\nVERSION:3.0\nFN:Ann Lee\nN:Lee;Ann;;;\nX-PHONETIC-FIRST-NAME:an\nEND:VCARD\n"
    assert read_vcards(apple.encode())[0].values == {"name": "Ann Lee", "reading": "an"}
    sort_only = "BEGIN:VCARD\nVERSION:3.0\nFN:佐藤 花子\nSORT-STRING:さとう はなこ\nEND:VCARD\n"
    assert read_vcards(sort_only.encode())[0].values["reading"] == "さとう はなこ"


def test_company_cards_are_skipped_with_a_note():
    from kamctl.io.vcard import read_address_book

    data = (
        "BEGIN:VCARD\nVERSION:3.0\nN:;;;;\nFN:Acme Corp\nORG:Acme Corp\nX-ABShowAs:COMPANY\nEND:VCARD\n"
        "BEGIN:VCARD\nVERSION:4.0\nKIND:org\nFN:Kappa Motors\nEND:VCARD\n"
        "BEGIN:VCARD\nVERSION:3.0\nN:;;;;\nFN:Hokuto\nORG:Hokuto\nEND:VCARD\n"
        "BEGIN:VCARD\nVERSION:3.0\nN:Lee;Ann;;;\nFN:Ann Lee\nORG:Acme Corp\nEND:VCARD\n"
    )
    book = read_address_book(data.encode())
    assert [row.values for row in book.rows] == [{"name": "Ann Lee", "account": "Acme Corp"}]
    assert book.skipped == [
        "line 1: skipped 'Acme Corp', a card of a company, not of a person",
        "line 8: skipped 'Kappa Motors', a card of a company, not of a person",
        "line 13: skipped 'Hokuto', a card of a company, not of a person",
    ]


def test_the_work_email_phone_and_org_win_over_home_ones_as_google_writes_them():
    card = (
        "BEGIN:VCARD\nVERSION:3.0\nFN:Ann Lee\nN:Lee;Ann;;;\n"
        "EMAIL;TYPE=INTERNET;TYPE=HOME:ann@home.example\nEMAIL;TYPE=INTERNET;TYPE=WORK:ann@acme.example\n"
        "TEL;TYPE=CELL:+1 555 0100\nitem1.TEL;TYPE=WORK:+1 555 0199\n"
        "ORG:Ann's Bakery\nORG;TYPE=WORK:Acme Corp\nEND:VCARD\n"
    )
    [row] = read_vcards(card.encode())
    assert row.values == {
        "name": "Ann Lee", "email": "ann@acme.example", "phone": "+1 555 0199", "account": "Acme Corp",
    }  # fmt: skip


def test_outlook_quoted_printable_notes_lose_the_carriage_returns():
    card = (
        b"BEGIN:VCARD\r\nVERSION:2.1\r\nN:Lee;Ann\r\n"
        b"NOTE;ENCODING=QUOTED-PRINTABLE:first line=0D=0A=\r\nsecond line=0D=0Athird\r\nEND:VCARD\r\n"
    )
    [row] = read_vcards(card)
    assert row.values["notes"] == "first line\nsecond line\nthird"


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("a,b;c\\d", "a\\,b\\;c\\\\d"),
        ("line 1\nline 2\r\nline 3\rline 4", "line 1\\nline 2\\nline 3\\nline 4"),
        ("bell\x07 and escape\x1b[31m", "bell\\\\x07 and escape\\\\x1b[31m"),
        ("C1 \x9b31m, bidi \u202e and mark \u200f", "C1 \\\\x9b31m\\, bidi \\\\u202e and mark \\\\u200f"),
        ("tab\tstays", "tab\tstays"),
    ],
)
def test_escaping(text, escaped):
    assert escape_text(text) == escaped


def test_unescape_keeps_unknown_backslashes_and_reads_both_n_cases():
    assert unescape_text("a\\,b\\;c\\\\d\\ne\\Nf\\x") == "a,b;c\\d\ne\nf\\x"


def test_folding_never_exceeds_75_octets_nor_splits_a_character():
    line = "NOTE:" + "日本語のメモ、とても長い。" * 20 + "x" * 100
    folded = fold(line)
    assert folded.endswith("\r\n")
    pieces = folded[:-2].split("\r\n")
    assert all(len(piece.encode("utf-8")) <= 75 for piece in pieces)
    assert all(piece.startswith(" ") for piece in pieces[1:])
    assert pieces[0] + "".join(piece[1:] for piece in pieces[1:]) == line
    assert len(fold("X:" + "a" * 73)) == 75 + 2  # exactly 75 octets: not folded


@given(
    st.text(
        alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
        min_size=1,
        max_size=300,
    ).filter(lambda s: s.strip())
)
def test_any_text_round_trips_through_write_and_read(text):
    # Control characters other than tab and line breaks are written visibly, as `\x1b` (RFC 6350
    # allows none in a value; SPEC §2), so they read back as that text.
    from kamctl.render.safe import printable

    kept = printable(text.replace("\r\n", "\n").replace("\r", "\n"))
    for version in ("3.0", "4.0"):
        [row] = read_vcards(write_vcard({"name": "X", "notes": text}, version=version).encode("utf-8"))
        assert row.problem is None
        assert row.values.get("notes", "") == (kept if kept else "")


def test_round_trip_of_every_field_in_both_versions():
    people = [
        {**KENJI, "reports_to": None},
        {**KENJI, "name": "佐々木 由美", "title": "購買部 課長; 代理", "reports_to": "Kenji Morita", "email": "y.sasaki@hokuto.example",
         "phone": "+81 3-1234-5678", "notes": "長いメモ。" * 40 + "\n二行目, with; specials \\ ok", "stance": "neutral",
         "influence": 3, "role": "gatekeeper", "our_contact": "佐藤", "cadence_days": None, "left": True},
    ]  # fmt: skip
    for version in ("3.0", "4.0"):
        rows = read_vcards(write_vcards(people, version=version).encode("utf-8"))
        assert [row.where for row in rows] == [
            "line 1",
            f"line {len(write_vcard(people[0], version=version).splitlines()) + 1}",
        ]
        for row, person in zip(rows, people, strict=True):
            expected = {
                key: str(value) if isinstance(value, int) and not isinstance(value, bool) else value
                for key, value in person.items()
                if value not in (None, False)
            }
            if person["left"]:
                expected["left"] = "true"
            assert row.values == expected


# --- Reading what other address books write.


def test_reads_apple_style_groups_folding_with_tabs_and_preferred_values():
    card = (
        "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Chen;Laura;;;\r\nFN:Laura\r\n  Chen\r\n"
        "item1.EMAIL;type=INTERNET:other@kappa.example\r\n"
        "item2.EMAIL;type=INTERNET;type=pref:laura.chen@kappa.example\r\n"
        "TEL;TYPE=CELL:+81 90-0000-0000\r\nTEL;TYPE=WORK,pref:+81 53-555-0102\r\n"
        "TITLE:VP\r\n\tProcurement\r\nORG:Kappa Motors;Procurement\r\nPHOTO;ENCODING=b;TYPE=JPEG:AAAA\r\n"
        "END:VCARD\r\n"
    )
    [row] = read_vcards(card.encode())
    assert row.values == {
        "name": "Laura Chen",
        "title": "VPProcurement",
        "account": "Kappa Motors",
        "email": "laura.chen@kappa.example",
        "phone": "+81 53-555-0102",
    }


def test_reads_vcard_4_pref_numbers_tel_uris_and_quoted_parameters():
    card = (
        "BEGIN:VCARD\nVERSION:4.0\nFN:Daniel Okafor\n"
        'EMAIL;PREF=2;TYPE="work,internet":second@x.example\nEMAIL;PREF=1:first@x.example\n'
        'TEL;VALUE=uri;TYPE="voice,work":tel:+1-555-0100\nNOTE;LANGUAGE=en:Likes ^ carets\nEND:VCARD\n'
    )
    [row] = read_vcards(card.encode())
    assert row.values == {
        "name": "Daniel Okafor",
        "notes": "Likes ^ carets",
        "email": "first@x.example",
        "phone": "+1-555-0100",
    }


def test_reads_vcard_21_quoted_printable_with_charset_and_soft_breaks():
    card = (
        b"BEGIN:VCARD\r\nVERSION:2.1\r\nN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=E5=B1=B1=E7=94=B0;=E5=A4=AA=E9=83=8E;;;\r\n"
        b"NOTE;ENCODING=QUOTED-PRINTABLE;CHARSET=UTF-8:=E6=9D=B1=E4=BA=AC=\r\n=E6=9C=AC=E7=A4=BE\r\n"
        b"TEL;WORK;VOICE:03-1234-5678\r\nEND:VCARD\r\n"
    )
    [row] = read_vcards(card)
    assert row.values == {"name": "山田 太郎", "notes": "東京本社", "phone": "03-1234-5678"}


def test_reads_shift_jis_from_older_japanese_phones_and_base64():
    name = "鈴木 一郎".encode("shift_jis")
    note = base64.b64encode("表示".encode()).decode()
    card = (
        b"BEGIN:VCARD\r\nVERSION:2.1\r\nFN;CHARSET=SHIFT_JIS:" + name + b"\r\n"
        b"NOTE;ENCODING=BASE64;CHARSET=UTF-8:" + note.encode() + b"\r\nEND:VCARD\r\n"
    )
    [row] = read_vcards(card)
    assert row.values == {"name": "鈴木 一郎", "notes": "表示"}


def test_a_bom_and_text_around_cards_are_ignored_and_each_card_has_its_line():
    data = (
        "\ufeffjunk\r\nBEGIN:VCARD\r\nFN:A\r\nEND:VCARD\r\n\r\nBEGIN:vcard\r\nFN:B\r\nend:VCARD\r\n".encode()
    )
    assert looks_like_vcard(b"\xef\xbb\xbf\r\n BEGIN:VCARD")
    assert not looks_like_vcard(b"name,account\n")
    rows = read_vcards(data)
    assert [(row.where, row.values) for row in rows] == [("line 2", {"name": "A"}), ("line 6", {"name": "B"})]


@pytest.mark.parametrize(
    ("card", "problem"),
    [
        (
            b"BEGIN:VCARD\nVERSION:5.0\nFN:A\nEND:VCARD\n",
            "vCard version 5.0 is not supported (2.1, 3.0 and 4.0 are)",
        ),
        (b"BEGIN:VCARD\nFN:A\n", "the card has no END:VCARD"),
        (
            b"BEGIN:VCARD\nFN:A\nthis is not a property\nEND:VCARD\n",
            "line 3 is not a vCard property (NAME:value)",
        ),
        (
            b"BEGIN:VCARD\nFN:\xff\xfe\nEND:VCARD\n",
            "line 2: FN is not utf-8 text (a CHARSET parameter names any other)",
        ),
        (b"BEGIN:VCARD\nFN;CHARSET=KLINGON:x\nEND:VCARD\n", "line 2: unknown CHARSET 'KLINGON'"),
        (b"BEGIN:VCARD\nN\xc3\xa4ME:x\nEND:VCARD\n", "line 2: property names and parameters must be ASCII"),
    ],
)
def test_cards_that_cannot_be_read_say_why(card, problem):
    [row] = read_vcards(card)
    assert (row.where, row.problem) == ("line 1", problem)


def test_embedded_agent_cards_are_skipped():
    data = b"BEGIN:VCARD\nFN:Boss\nAGENT:\nBEGIN:VCARD\nFN:Assistant\nEND:VCARD\nEND:VCARD\n"
    assert [row.values for row in read_vcards(data)] == [{"name": "Boss"}]


@pytest.mark.parametrize(
    ("name", "parts", "back"),
    [
        ("北村 正人", ["北村", "正人", "", "", ""], "北村 正人"),
        ("北村\u3000正人", ["北村", "正人", "", "", ""], "北村 正人"),
        ("北村正人", ["北村正人", "", "", "", ""], "北村正人"),
        ("Kenji Morita", ["Morita", "Kenji", "", "", ""], "Kenji Morita"),
        ("Dr. Sarah Collins", ["Collins", "Sarah", "", "Dr.", ""], "Dr. Sarah Collins"),
        ("Cher", ["Cher", "", "", "", ""], "Cher"),
        ("Mary Ann de Vries", ["Vries", "Mary Ann de", "", "", ""], "Mary Ann de Vries"),
    ],
)
def test_names_in_parts_follow_the_script(name, parts, back):
    assert name_parts(name) == parts
    assert name_from_parts(parts) == back
