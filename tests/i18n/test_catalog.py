"""The Japanese catalog covers every user-visible string (SPEC §12): a string added to the code
without its Japanese, a translation that loses a {placeholder}, or `_()` of a built string
fails here (the rendered views are scanned for English in test_rendered.py)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from kamctl import i18n

ROOT = Path(__file__).resolve().parents[2]


def load_tool():
    spec = importlib.util.spec_from_file_location("catalog", ROOT / "tools" / "catalog.py")
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    return tool


def test_every_string_has_its_japanese():
    assert load_tool().problems() == []


def test_the_catalog_holds_only_strings_the_code_still_shows():
    tool = load_tool()
    shown = {(message.context, message.id) for message in tool.template() if message.id}
    kept = {(message.context, message.id) for message in tool.read() if message.id}
    assert sorted(kept - shown, key=str) == []


def test_a_translation_keeps_its_placeholders_or_the_check_says_so(tmp_path, monkeypatch):
    tool = load_tool()
    catalog = tool.read()
    message = catalog.get("Warning: {message}")
    message.string = "警告"  # the placeholder lost
    part = tmp_path / "parts"
    part.mkdir()
    from babel.messages.pofile import write_po

    broken = tmp_path / "kamctl.po"
    with broken.open("wb") as handle:
        write_po(handle, catalog)
    monkeypatch.setattr(tool, "PO", broken)
    monkeypatch.setattr(tool, "PARTS", part)
    found = tool.problems(["kamctl/render/messages.py"])
    assert found == ["kamctl/render/messages.py:17: placeholders differ in the Japanese for 'Warning: {message}'"]


def test_a_string_without_japanese_is_found(tmp_path, monkeypatch):
    tool = load_tool()
    source = tmp_path / "new_view.py"
    source.write_text('from kamctl.i18n import _\n\nprint(_("A brand-new heading"))\nprint(_(f"built {1}"))\n')
    found = tool.problems([str(source)])
    assert found[0].endswith("_() of a built string") and "new_view.py:4" in found[0]
    assert found[1].endswith("no Japanese for 'A brand-new heading'")


def test_the_compiled_catalog_is_what_kamctl_reads():
    i18n.use("ja")
    try:
        assert i18n._("Warning: {message}") == "警告: {message}"
        assert i18n.label("decision-maker") == "意思決定者"
    finally:
        i18n.use("en")
