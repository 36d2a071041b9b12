"""The HTML report in a real headless browser (Debian's chromium): it renders every KPI of the
sample portfolio, makes no network request, shows user text as text, and prints.

Skipped only where no chromium is installed (`.ci/run` installs Debian's `chromium`).
"""

from __future__ import annotations

import html
import re
import shutil
import struct
import subprocess
from pathlib import Path

import pytest

from kamctl.domain.kpis import COMPARED
from kamctl.render.report import kpi_value

CHROMIUM = next((found for name in ("chromium", "chromium-browser") if (found := shutil.which(name))), None)

pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="no chromium or chromium-browser installed: the HTML report cannot be opened"
)

FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    # Any host name resolves to nothing: a page that tried to fetch something would show it broken.
    "--host-resolver-rules=MAP * ~NOTFOUND",
)


def browse(page: Path, profile: Path, *actions: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [CHROMIUM, *FLAGS, f"--user-data-dir={profile}", *actions, page.as_uri()],  # type: ignore[list-item]
        capture_output=True,
        text=True,
        timeout=180,
        check=True,
    )


@pytest.fixture
def demo_report(run, tmp_path: Path) -> tuple[Path, dict]:
    page = tmp_path / "report.html"
    run("--demo", "report", "-f", "html", "-o", str(page))
    return page, run("--demo", "report", "-f", "json").json()


def card_values(dom: str) -> dict[str, str]:
    cards = re.findall(
        r'<div class="card" data-kpi="([a-z_]+)">.*?<div class="value">(.*?)</div>', dom, flags=re.DOTALL
    )
    return {key: html.unescape(value) for key, value in cards}


def test_the_sample_portfolio_renders_every_kpi(demo_report, tmp_path: Path):
    page, report = demo_report
    dom = browse(page, tmp_path / "profile", "--dump-dom").stdout
    assert "<h1>Portfolio report</h1>" in dom
    shown = card_values(dom)
    assert set(shown) == set(COMPARED)
    for key in COMPARED:
        assert shown[key] == kpi_value(key, report["kpis"][key]), key
    assert dom.count("<svg") == 4  # revenue, channels, sentiment, health
    for item in report["at_risk"]:
        assert html.escape(item["account"], quote=False) in dom
    assert re.search(r"Accounts by revenue \(\d+\)", dom)


def test_no_network_and_nothing_outside_the_file(demo_report):
    page, _ = demo_report
    text = page.read_text(encoding="utf-8")
    assert not re.search(r"""\b(src|href|action|srcset)\s*=\s*["']?[a-z]*:?//""", text, flags=re.IGNORECASE)
    assert "http://" not in text and "https://" not in text
    assert "@import" not in text and "url(" not in text
    assert "<script" not in text.lower()


def test_a_screenshot_and_a_printout(demo_report, tmp_path: Path):
    page, _ = demo_report
    shot = tmp_path / "report.png"
    browse(page, tmp_path / "profile", f"--screenshot={shot}", "--window-size=1280,2000")
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    assert (width, height) == (1280, 2000)
    assert len(data) > 50_000  # a blank page compresses to a few kilobytes
    pdf = tmp_path / "report.pdf"
    browse(page, tmp_path / "profile", f"--print-to-pdf={pdf}", "--no-pdf-header-footer")
    printed = pdf.read_bytes()
    assert printed.startswith(b"%PDF")
    assert len(re.findall(rb"/Type\s*/Page[^s]", printed)) >= 2


def test_user_text_stays_text_in_the_browser(run, tmp_path: Path):
    name = "<img src=x onerror=alert(1)> <b>Bold</b> & Co"
    run("accounts", "add", name, "--tier", "key", "--status", "at-risk")
    page = tmp_path / "report.html"
    run("report", "-f", "html", "-o", str(page))
    dom = browse(page, tmp_path / "profile", "--dump-dom").stdout
    assert "<img" not in dom and "<b>Bold</b>" not in dom
    assert "&lt;img src=x onerror=alert(1)&gt; &lt;b&gt;Bold&lt;/b&gt; &amp; Co" in dom
