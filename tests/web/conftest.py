"""End-to-end fixtures: a seeded demo database, the app served by uvicorn on a free loopback
port in a thread (stopped at the end), and headless Debian Chromium driven by Selenium
through the Debian chromedriver. Everything skips cleanly when Chromium is not installed.
"""

from __future__ import annotations

import socket
import threading
import time
from datetime import date
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
AS_OF = date(2026, 11, 20)
FLAGS = ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
         "--window-size=1400,1000")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def e2e_seed(tmp_path_factory):
    if not (Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists()):
        pytest.skip("Debian chromium / chromium-driver not installed")
    pytest.importorskip("selenium")
    from painrcm.api.demo_seed import seed

    folder = tmp_path_factory.mktemp("e2e")
    return seed(f"sqlite:///{folder / 'e2e.db'}", folder / "work", encounters=200)


@pytest.fixture(scope="module")
def server(e2e_seed):
    import uvicorn

    from painrcm.api.app import Settings, create_app

    app = create_app(Settings(db_url=e2e_seed.db_url, as_of=AS_OF))
    port = _free_port()
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", access_log=False))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not srv.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert srv.started, "uvicorn did not start"
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(timeout=15)
    app.state.work_cache.close()
    app.state.engine.dispose()


@pytest.fixture(scope="module")
def browser(server, tmp_path_factory):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    downloads = tmp_path_factory.mktemp("downloads")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in FLAGS:
        options.add_argument(flag)
    options.add_experimental_option("prefs", {"download.default_directory": str(downloads),
                                              "download.prompt_for_download": False})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(60)
    driver.execute_cdp_cmd("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)})
    driver.downloads = downloads
    yield driver
    driver.quit()


@pytest.fixture(scope="module")
def shots(tmp_path_factory):
    """Where screenshots go: docs/screenshots with PAINRCM_SCREENSHOTS=1, else a temporary folder."""
    import os

    if os.environ.get("PAINRCM_SCREENSHOTS") == "1":
        target = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
        target.mkdir(parents=True, exist_ok=True)
        return target
    return tmp_path_factory.mktemp("screenshots")
