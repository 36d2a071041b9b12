"""The QBR pack (`report account NAME --qbr -f html`) in a real headless browser: it shows the
customer's sections, nothing internal, fetches nothing, and prints.

Skipped only where no chromium is installed, as the report's own browser test.
"""

from __future__ import annotations

import re
import struct
from pathlib import Path

import pytest
from browser.test_report_html import CHROMIUM, browse

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="no chromium or chromium-browser installed")

SECTIONS = ("Your goals", "Mutual success plan", "Results against targets", "Wins of the quarter (1)",
            "What we heard", "Open issues", "Next quarter's plan")  # fmt: skip


@pytest.fixture
def pack(run, tmp_path: Path) -> Path:
    run("accounts", "add", "Acme", "--tier", "key", "--note", "SECRET-ACCOUNT-NOTE")
    run("contacts", "add", "Acme", "Ken Ito", "--stance", "blocker", "--note", "SECRET-CONTACT-NOTE")
    run("accounts", "plan", "Acme", "--goal", "Cut downtime by 30%")
    run("accounts", "plan", "Acme", "--objective", "Cut scrap", "--due", "2027-01-31",
        "--target", "Scrap below 2 %", "--customer-owner", "Ken Ito")  # fmt: skip
    run("log", "Acme", "Line 1 uptime hit 99%", "--kind", "win", "--when", "2026-10-02")
    run(
        "log",
        "Acme",
        "Love the portal",
        "--kind",
        "feedback",
        "--sentiment",
        "positive",
        "--when",
        "2026-11-01",
    )
    run(
        "log",
        "Acme",
        "Late delivery",
        "--kind",
        "feedback",
        "--sentiment",
        "negative",
        "--when",
        "2026-11-02",
    )
    run("log", "Acme", "SECRET-INTERACTION-NOTE", "--when", "2026-11-03")
    page = tmp_path / "qbr.html"
    run("report", "account", "Acme", "--qbr", "-f", "html", "-o", str(page))
    return page


def test_the_pack_renders_its_sections_and_nothing_internal(pack, tmp_path: Path):
    dom = browse(pack, tmp_path / "profile", "--dump-dom").stdout
    assert "<h1>Acme</h1>" in dom
    for heading in SECTIONS:
        assert f"<h2>{heading.replace(chr(39), '&#x27;')}</h2>" in dom or f"<h2>{heading}</h2>" in dom, (
            heading
        )
    assert "Scrap below 2 %" in dom and "Ken Ito" in dom
    assert "SECRET" not in dom and "blocker" not in dom
    text = pack.read_text(encoding="utf-8")
    assert "<script" not in text.lower() and "http://" not in text and "https://" not in text


def test_a_screenshot_and_a_printout(pack, tmp_path: Path):
    shot = tmp_path / "qbr.png"
    browse(pack, tmp_path / "profile", f"--screenshot={shot}", "--window-size=1280,1400")
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", data[16:24]) == (1280, 1400)
    assert len(data) > 30_000  # a blank page compresses to a few kilobytes
    pdf = tmp_path / "qbr.pdf"
    browse(pack, tmp_path / "profile", f"--print-to-pdf={pdf}", "--no-pdf-header-footer")
    printed = pdf.read_bytes()
    assert printed.startswith(b"%PDF")
    assert len(re.findall(rb"/Type\s*/Page[^s]", printed)) >= 1
