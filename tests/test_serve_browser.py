"""`xxgk serve` in a real browser: Debian's Chromium driven by Playwright, against the seeded alias.

Screenshots go to a temporary artefacts folder; with XXGK_SCREENSHOTS=1 also to docs/screenshots/
(the README's images).
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn
from playwright.sync_api import Browser, Page, expect, sync_playwright

from search_cli.web.app import create_app

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
DOCS = Path(__file__).resolve().parents[1] / "docs" / "screenshots"

pytestmark = [
    pytest.mark.es,
    pytest.mark.skipif(
        not os.path.exists(CHROMIUM) and not os.environ.get("CI"),
        reason=f"{CHROMIUM} is not installed (apt-get install chromium); CI installs it",
    ),
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def base_url(es_url: str, seeded: str) -> Iterator[str]:
    """`xxgk serve`'s application under uvicorn on a free port of 127.0.0.1, in a thread."""
    port = _free_port()
    server = uvicorn.Server(
        uvicorn.Config(create_app(es_url, seeded), host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        try:
            yield chromium
        finally:
            chromium.close()


def _shot(page: Page, artefacts: Path, name: str, height: float | None = None) -> None:
    """A screenshot of the viewport, or of the page's top `height` pixels."""
    path = artefacts / f"{name}.png"
    if height is None:
        page.screenshot(path=str(path))
    else:
        width = page.viewport_size["width"] if page.viewport_size else 1280
        page.screenshot(
            path=str(path), full_page=True, clip={"x": 0, "y": 0, "width": width, "height": height}
        )
    assert path.stat().st_size > 10_000
    if os.environ.get("XXGK_SCREENSHOTS") == "1":
        DOCS.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, DOCS / f"{name}.png")


def test_search_facet_report_and_figures(browser: Browser, base_url: str, tmp_path: Path) -> None:
    artefacts = tmp_path / "artifacts"
    artefacts.mkdir()
    page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    page.goto(base_url + "/")
    expect(page.locator("#summary")).to_contain_text("of 5 reports")

    # search with the form, as a user would
    page.get_by_label("Words 关键词").fill("公开渠道单一")
    page.get_by_role("button", name="Search 检索").click()
    expect(page.locator("#summary")).to_contain_text("Showing 1–1 of 1 reports")
    expect(page.locator(".hit mark").first).to_be_visible()
    _shot(page, artefacts, "search")

    # drill down the region facet: province, then its prefecture
    region = page.locator("section.facet").filter(has=page.locator("#facet-region"))
    region.get_by_role("link", name="浙江省").click()
    expect(page).to_have_url(re.compile(r"code=330000"))
    expect(region.locator(".crumbs")).to_contain_text("浙江省")
    region.get_by_role("link", name="温州市").click()
    expect(region.locator(".crumbs")).to_contain_text("温州市")
    expect(page.locator("#summary")).to_contain_text("Showing 1–1 of 1 reports")

    # a value of another facet toggles its filter on (pressed) and the query stays
    year = page.locator("section.facet").filter(has=page.locator("#facet-year"))
    year.get_by_role("link", name="2020").click()
    expect(year.get_by_role("link", name="2020")).to_have_attribute("aria-pressed", "true")
    expect(page.get_by_label("Words 关键词")).to_have_value("公开渠道单一")

    # open the report: table 三 ends with its 总计 column
    page.locator(".hit h3 a").first.click()
    expect(page.locator("h1")).to_contain_text("年度报告")
    table3 = page.locator("#table3 ~ .scroll table").first
    expect(table3.locator("thead tr").first.locator("th").last).to_have_text("总计")
    expect(table3.locator("tbody tr").first.locator("td").last).to_be_visible()
    expect(page.locator("#text ~ .text mark").first).to_be_visible()
    box = table3.bounding_box()
    assert box is not None
    _shot(page, artefacts, "report", height=box["y"] + box["height"] + 16)

    # the figures: bars per province, then a line per year
    page.get_by_role("link", name="Figures 统计").click()
    expect(page).to_have_url(re.compile(r"/stats\?q="))
    page.goto(base_url + "/stats?metric=proactive")
    bars = page.locator(".chart svg rect.bar")
    expect(bars.first).to_be_visible()
    assert bars.count() == 2  # 山东省 and 浙江省
    _shot(page, artefacts, "stats")
    page.get_by_label("Per 分组").select_option("year")
    page.get_by_role("button", name="Show 显示").click()
    expect(page.locator(".chart svg polyline.line")).to_have_count(1)
    expect(page.locator(".chart svg circle.dot").first).to_be_visible()
    page.close()
