"""Choosing the language (SPEC §12) and the language-aware pieces every view uses."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

from kamctl import config, i18n


@pytest.fixture(autouse=True)
def english_afterwards():
    yield
    i18n.use("en")


def clear_locale(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("KAMCTL_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)


@pytest.mark.parametrize(
    ("variables", "expected"),
    [
        ({}, "en"),
        ({"LANG": "ja_JP.UTF-8"}, "ja"),
        ({"LANG": "C.UTF-8"}, "en"),
        ({"LANG": "fr_FR.UTF-8"}, "en"),
        ({"LANG": "ja_JP.UTF-8", "LC_MESSAGES": "en_US.UTF-8"}, "en"),
        ({"LC_MESSAGES": "ja_JP.UTF-8", "LC_ALL": "C"}, "en"),
        ({"LC_ALL": "ja_JP.eucJP", "LANG": "en_US.UTF-8"}, "ja"),
        ({"KAMCTL_LANG": "ja", "LANG": "en_US.UTF-8"}, "ja"),
        ({"KAMCTL_LANG": "en", "LC_ALL": "ja_JP.UTF-8"}, "en"),
        ({"KAMCTL_LANG": "ja_JP.UTF-8"}, "ja"),
    ],
)
def test_the_language_comes_from_kamctl_lang_then_the_locale(monkeypatch, variables, expected):
    clear_locale(monkeypatch)
    for name, value in variables.items():
        monkeypatch.setenv(name, value)
    assert config.language() == expected


def test_config_lang_comes_before_the_locale_and_after_kamctl_lang(monkeypatch, tmp_path):
    clear_locale(monkeypatch)
    file = Path(tmp_path / "xdg_config_home" / "kamctl" / "config.toml")
    file.parent.mkdir(parents=True)
    file.write_text('lang = "ja"\n')
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    assert config.language() == "ja"
    monkeypatch.setenv("KAMCTL_LANG", "en")
    assert config.language() == "en"


def test_a_language_kamctl_does_not_speak_is_one_error_line(run, monkeypatch):
    monkeypatch.setenv("KAMCTL_LANG", "fr")
    outcome = run("accounts", "list", exit=1)
    assert outcome.stderr == "Error: KAMCTL_LANG=fr: kamctl speaks en or ja\n"
    assert outcome.stdout == ""


def test_days_read_as_japanese_readers_write_them(monkeypatch):
    i18n.use("ja")  # KAMCTL_NOW is 2026-11-20
    assert i18n.day(date(2026, 12, 7)) == "12月7日(月)"
    assert i18n.day(date(2025, 12, 7)) == "2025年12月7日(日)"
    assert i18n.day_and_time(datetime.fromisoformat("2026-11-20T09:05+09:00")) == "11月20日(金) 09:05"
    i18n.use("en")
    assert i18n.day(date(2026, 12, 7)) == "2026-12-07"
    assert i18n.day_and_time(datetime.fromisoformat("2026-11-20T09:05+09:00")) == "2026-11-20 09:05"


def test_enum_values_have_japanese_labels_read_back_in_either_language():
    i18n.use("ja")
    assert i18n.label("visit") == "訪問"
    assert i18n.label("decision-maker") == "意思決定者"
    i18n.use("en")
    assert i18n.label("visit") == "visit"
    channels = ("meeting", "visit", "call")
    assert i18n.value_of("訪問", channels) == "visit"
    assert i18n.value_of("visit", channels) == "visit"
    assert i18n.value_of("散歩", channels) == "散歩"  # not a label: left for the caller to refuse
    assert i18n.current() == "en"


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("金曜", "2026-11-27"),
        ("金曜日", "2026-11-27"),
        ("日曜", "2026-11-22"),
        ("来週の月曜", "2026-11-23"),
        ("来週金曜日", "2026-11-27"),
        ("先週の水曜", "2026-11-18"),
        ("3日後", "2026-11-23"),
        ("2週間前", "2026-11-06"),
        ("1か月後", "2026-12-20"),
        ("１２月２０日", "2026-12-20"),
        ("2027年1月5日", "2027-01-05"),
        ("12月7日(月)", "2026-12-07"),
    ],
)
def test_dates_typed_in_japanese(typed, expected):
    from kamctl.domain.dates import parse_date

    assert parse_date(typed, today=date(2026, 11, 20)).isoformat() == expected  # a Friday


def test_a_japanese_day_that_does_not_exist_is_refused():
    from kamctl.domain.dates import parse_date
    from kamctl.errors import InvalidValue

    with pytest.raises(InvalidValue, match="no such day"):
        parse_date("2月30日", today=date(2026, 11, 20))
