"""The HTML page in real headless Chromium with axe-core: WCAG 2.2 A/AA rules fail, best practice warns."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from publish.checks import CheckResult, Subject, skipped
from publish.diagnostics import Diagnostic, Severity
from publish.model.locator import Locator

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]
CLOSEST_ID = "(selector) => { const e = document.querySelector(selector); const c = e && e.closest('[id]'); return c ? c.id : null; }"


def chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    return None


def axe_pages(
    pages: list[Path],
    locate: Locator,
    title: str = "HTML (axe-core, WCAG 2.2 AA)",
    name: str = "html",
) -> CheckResult:
    """Run axe on each page in light and dark schemes; every violation names its nearest ID."""
    executable = chromium()
    if executable is None:
        return skipped(name, title, "Chromium is not installed (Debian: apt-get install chromium)")
    try:
        from axe_playwright_python.sync_playwright import Axe
        from playwright.sync_api import sync_playwright
    except ImportError:
        return skipped(name, title, "playwright and axe-playwright-python are not installed")
    findings: list[Diagnostic] = []
    counts = {"violations": 0, "best_practice": 0, "pages": len(pages)}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            for page_path in pages:
                for scheme in ("light", "dark"):
                    context = browser.new_context(color_scheme=scheme)
                    page = context.new_page()
                    page.goto(page_path.resolve().as_uri())
                    results: dict[str, Any] = (
                        Axe().run(page, options={"resultTypes": ["violations"]}).response
                    )
                    for violation in results["violations"]:
                        wcag = any(tag in WCAG_TAGS for tag in violation["tags"])
                        if not wcag and scheme == "dark":
                            continue  # best practice does not depend on the scheme
                        counts["violations" if wcag else "best_practice"] += 1
                        for node in violation["nodes"][:20]:
                            node_id = (
                                page.evaluate(CLOSEST_ID, node["target"][0])
                                if node["target"]
                                else None
                            )
                            findings.append(
                                locate(
                                    violation["id"],
                                    f"{page_path.name} ({scheme}): {violation['id']}: {violation['help']}",
                                    Severity.ERROR if wcag else Severity.WARNING,
                                    node_id,
                                )
                            )
                    context.close()
        finally:
            browser.close()
    return CheckResult.from_findings(
        name,
        title,
        findings,
        f"0 WCAG 2.2 A/AA violations in {len(pages)} page(s), light and dark",
        counts,
    )


class HtmlCheck:
    name = "html"
    title = "HTML (axe-core, WCAG 2.2 AA)"
    quick = False

    def run(self, subject: Subject) -> CheckResult:
        page = subject.folder / subject.names.html
        if not page.is_file():
            return skipped(self.name, self.title, "no HTML was built")
        return axe_pages([page], subject.locate, self.title, self.name)
