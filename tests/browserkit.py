"""Headless Chromium (Debian's `chromium` and `chromedriver`) for the system tests, and a loopback
HTTP server for the folder it opens. Imported by tests as `browserkit` (like `testkit`).

Chromium and chromedriver come from the set-up step (scripts/setup-system.sh installs the Debian
packages), so their absence fails these tests with the command to fix it instead of skipping.
"""

from __future__ import annotations

import http.server
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import Any

import pytest

CHROMIUM_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--window-size=1280,1600")

#: Runs in the page: every link must answer 200 (fragments must name an element), every image
#: must have loaded with a size.
CHECK_PAGE = """
const done = arguments[arguments.length - 1];
(async () => {
  const problems = [];
  for (const img of document.images) {
    if (!img.complete || img.naturalWidth === 0) problems.push(`image did not load: ${img.src}`);
  }
  const links = [...document.querySelectorAll("a[href]")];
  for (const a of links) {
    const url = new URL(a.href);
    if (url.protocol === "tel:") continue;
    if (url.hash && url.pathname === location.pathname) {
      if (!document.getElementById(decodeURIComponent(url.hash.slice(1)))) problems.push(`no target: ${a.href}`);
      continue;
    }
    const response = await fetch(a.href, {method: "HEAD"});
    if (response.status !== 200) problems.push(`${response.status}: ${a.href}`);
  }
  done({problems, links: links.length, images: document.images.length});
})().catch(error => done({problems: [String(error)], links: 0, images: 0}));
"""


def browser_paths() -> tuple[str, str]:
    """Chromium and chromedriver, or a failure that says how to install them."""
    chromium, driver = shutil.which("chromium"), shutil.which("chromedriver")
    if not chromium or not driver:
        pytest.fail("headless Chromium is needed to check output/index.html: run `make setup` as root, or "
                    "`sudo apt-get install chromium chromium-driver` (scripts/setup-system.sh lists them)")
    return chromium, driver


@contextmanager
def chromium(tmp_path: Path, prefs: dict[str, Any] | None = None, performance_log: bool = False) -> Iterator[Any]:
    """A headless Chromium driven by Selenium; `prefs` are browser preferences (such as the
    reader's default font size), `performance_log` records the network events of every page."""
    from selenium import webdriver

    binary, driver_path = browser_paths()
    options = webdriver.ChromeOptions()
    options.binary_location = binary  # never let Selenium Manager look for (or download) a browser
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={tmp_path / 'chromium-profile'}")
    logs = {"browser": "ALL"} | ({"performance": "ALL"} if performance_log else {})
    options.set_capability("goog:loggingPrefs", logs)
    if prefs:
        options.add_experimental_option("prefs", prefs)
    driver = webdriver.Chrome(options=options, service=webdriver.ChromeService(executable_path=driver_path))
    try:
        yield driver
    finally:
        driver.quit()


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@contextmanager
def serve(folder: Path) -> Iterator[str]:
    """Serve `folder` on a loopback port for the length of the block."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), partial(QuietHandler, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
