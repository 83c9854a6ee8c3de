"""The site and the web form in a real headless Chromium (Debian's /usr/bin/chromium, driven by Playwright):
pages load with no console error and no request leaving the machine; the form is filled and submitted for a
passing and a failing applicant and the verdict on the page is the library's. Screenshots are saved under the
test's output folder (their paths are printed)."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import pytest

import medpolicy
from tests.conftest import ROOT

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PASS_JSON = ROOT / "tests/data/workbench/aimd_jiebang-pass.json"
AS_OF = "2025-03-01"

pytestmark = pytest.mark.browser

if not Path(CHROMIUM).exists():
    pytest.skip(
        f"{CHROMIUM} is missing: `make test` installs Debian's chromium (apt-get install chromium); "
        "these tests need a real browser",
        allow_module_level=True,
    )


@pytest.fixture(scope="module", autouse=True)
def _context_loaded() -> None:
    # reading plain JSON in-process needs the bundled JSON-LD context loaded before the no-fetching guard runs
    # (a fresh process otherwise refuses to open it; the service loads it at start-up the same way)
    from medpolicy.applicant.model import context

    context()


class Watch:
    """Console errors, page errors and every request a page makes."""

    def __init__(self, page: object) -> None:
        self.errors: list[str] = []
        self.urls: list[str] = []
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)  # type: ignore[attr-defined]
        page.on("pageerror", lambda e: self.errors.append(str(e)))  # type: ignore[attr-defined]
        page.on("request", lambda r: self.urls.append(r.url))  # type: ignore[attr-defined]

    def outside(self) -> list[str]:
        """Requests to anything but loopback or local files (data:/blob: stay in the page)."""
        out = []
        for url in self.urls:
            parts = urlparse(url)
            if parts.scheme in ("file", "data", "blob"):
                continue
            if parts.hostname not in ("127.0.0.1", "localhost", "::1"):
                out.append(url)
        return out


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)  # a fresh temporary profile each launch
        yield b
        b.close()


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    from tests.workbench_server import served

    with served() as base:
        yield base


def _shot(page: object, folder: Path, name: str) -> Path:
    path = folder / f"{name}.png"
    page.screenshot(path=str(path), full_page=False)  # type: ignore[attr-defined]
    print(f"screenshot: {path}")
    return path


# -- the static site --------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    import subprocess
    import sys

    out = tmp_path_factory.mktemp("site")
    done = subprocess.run(
        [sys.executable, "-m", "medpolicy", "site", str(out)], capture_output=True, text=True, cwd=ROOT, timeout=300
    )
    assert done.returncode == 0, done.stderr
    return out


def test_site_opens_offline_search_and_annotations(browser: object, site: Path, tmp_path: Path) -> None:
    from playwright.sync_api import expect

    page = browser.new_page()  # type: ignore[attr-defined]
    watch = Watch(page)
    page.goto((site / "index.html").as_uri())
    page.click("text=中文")
    expect(page.locator("h1")).to_contain_text("医疗装备政策知识库")
    _shot(page, tmp_path, "site-index")
    # the annotated notice: every clause of the policy is a card beside its paragraph
    page.click("a[href='policy-chongqing.html']")
    cards = page.locator(".clause")
    expect(cards).to_have_count(len(medpolicy.clauses("chongqing")))
    assert page.locator("a.mark").count() > 0
    _shot(page, tmp_path, "site-policy-chongqing")
    # client-side search: the clauses that mention 研发投入, the hit marked
    page.goto((site / "zh" / "search.html").as_uri() + "?q=研发投入")
    want = [c for c in medpolicy.clauses() if "研发投入" in "".join(c.text.split())]
    expect(page.locator("li.hit")).to_have_count(len(want))
    expect(page.locator("li.hit mark").first).to_have_text("研发投入")
    _shot(page, tmp_path, "site-search")
    assert watch.errors == [] and watch.outside() == []


def test_site_diff_page_is_collapsed_filterable_with_a_chart(browser: object, site: Path, tmp_path: Path) -> None:
    from medpolicy.diff.compare import diff

    page = browser.new_page()  # type: ignore[attr-defined]
    watch = Watch(page)
    page.goto((site / "zh" / "diff-2025_national--chongqing.html").as_uri())
    report = diff("2025_national", "chongqing")
    rows = report.rows()
    assert page.locator("details[open]").count() == 0  # every text collapsed
    assert page.locator("svg.chart rect").count() > 0
    shown = [r for r in rows if r.change != "same"]  # "same" is unticked by default
    assert page.locator("tr.row:visible").count() == len(shown)
    page.click("label[for=f-added]")  # untick "added"
    assert page.locator("tr.row:visible").count() == len([r for r in shown if r.change != "added"])
    height = page.evaluate("document.documentElement.scrollHeight")
    print(f"diff page height with 'same' and 'added' hidden: {height}px for {len(rows)} rows")
    _shot(page, tmp_path, "site-diff")
    assert watch.errors == [] and watch.outside() == []


# -- the web form -----------------------------------------------------------------------------------------------
def _open_form(browser: object, server: str) -> tuple[object, Watch]:
    from playwright.sync_api import expect

    context = browser.new_context(accept_downloads=True)  # type: ignore[attr-defined]
    page = context.new_page()
    watch = Watch(page)
    page.goto(server + "/")
    expect(page.locator("body")).to_have_attribute("data-ready", "true")
    page.set_input_files("#import", str(PASS_JSON))
    expect(page.locator("#scope")).to_have_value("cat1-d1")
    page.fill("#as-of", AS_OF)
    return page, watch


def test_form_passing_applicant(browser: object, server: str, tmp_path: Path) -> None:
    from playwright.sync_api import expect

    page, watch = _open_form(browser, server)
    want = medpolicy.validate(str(PASS_JSON), "aimd_jiebang", as_of=dt.date.fromisoformat(AS_OF))
    assert want.conforms
    page.click("#check")
    expect(page.locator("#verdict")).to_have_attribute("data-conforms", "true")
    expect(page.locator("#verdict")).to_contain_text("符合")
    expect(page.locator(".result.fail")).to_have_count(0)
    page.locator("#report").scroll_into_view_if_needed()
    _shot(page, tmp_path, "form-pass")
    # downloads: the filled JSON and Turtle
    with page.expect_download() as info:
        page.click("#download-json")
    saved = tmp_path / "application.json"
    info.value.save_as(saved)
    data = json.loads(saved.read_text(encoding="utf-8"))
    assert data["policy"] == "aimd_jiebang" and len(data["units"]) == len(json.loads(PASS_JSON.read_text())["units"])
    with page.expect_download() as info:
        page.click("#download-turtle")
    ttl = tmp_path / "application.ttl"
    info.value.save_as(ttl)
    again = medpolicy.validate(str(ttl), "aimd_jiebang", as_of=dt.date.fromisoformat(AS_OF))
    assert again.summary == want.summary
    assert watch.errors == [] and watch.outside() == []


def test_form_failing_applicant_shows_the_clause_value_and_threshold(
    browser: object, server: str, tmp_path: Path
) -> None:
    from playwright.sync_api import expect

    page, watch = _open_form(browser, server)
    # change one number in the form: the 牵头单位简介 word count
    data = json.loads(PASS_JSON.read_text(encoding="utf-8"))
    n = next(i for i, v in enumerate(data["commitments"]) if v["parameter"] == "a2-form-1-c-p1")
    page.fill(f"input[name='commitments.{n}.value']", "620")
    data["commitments"][n]["value"] = 620
    failing = tmp_path / "failing.json"
    failing.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    want = medpolicy.validate(str(failing), "aimd_jiebang", as_of=dt.date.fromisoformat(AS_OF)).in_words()
    assert not want.conforms and want.failed
    page.click("#check")
    expect(page.locator("#verdict")).to_have_attribute("data-conforms", "false")
    expect(page.locator("#verdict")).to_contain_text("不符合")
    boxes = page.locator(".result.fail")
    expect(boxes).to_have_count(len(want.failed))
    for r in want.failed:
        box = page.locator(f".result.fail[data-clause='{r.clause.rsplit('/', 1)[-1]}']")
        for f in r.findings:
            if f.value is not None and f.expected is not None:
                expect(box.locator(".value").first).to_have_text(f.value)
                expect(box.locator(".expected").first).to_have_text(f.expected)
    # fails come before the manual-review list
    html = page.inner_html("#report")
    assert html.index("result fail") < html.index("group manual")
    page.locator("#report").scroll_into_view_if_needed()
    _shot(page, tmp_path, "form-fail")
    assert watch.errors == [] and watch.outside() == []


def test_screenshot_folder_is_kept(tmp_path: Path) -> None:
    """pytest keeps the last runs' tmp folders; say where (the screenshots are under test_* subfolders)."""
    print(f"screenshots under: {tmp_path.parent.parent}")
    assert shutil.which(CHROMIUM) or Path(CHROMIUM).exists()
