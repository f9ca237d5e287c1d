"""The billing team's day in real headless Chromium: sign in, review and accept a coded note,
apply a scrub fix, build and download an 837P batch, post an ERA and open a variance, work a
denial, log an AR touch; and the calendars, dashboard and audit pages render.
One test, in order: each step builds on the last (as a biller's morning does)."""

from __future__ import annotations

import time

from web_e2e_helpers import wait_for
from painrcm.api.demo_seed import password_of


def _shot(driver, shots, name):
    driver.save_screenshot(str(shots / f"{name}.png"))


def _by(driver, css):
    from selenium.webdriver.common.by import By

    return driver.find_element(By.CSS_SELECTOR, css)


def _all(driver, css):
    from selenium.webdriver.common.by import By

    return driver.find_elements(By.CSS_SELECTOR, css)


def test_billing_day(browser, server, e2e_seed, shots):
    d = browser
    pid = e2e_seed.practice_id

    # sign in (a protected page sends us to the log-in page and back)
    d.get(f"{server}/p/{pid}/claims")
    wait_for(d, "input[name=email]")
    _shot(d, shots, "01-login")
    _by(d, "input[name=email]").send_keys(e2e_seed.users["manager"])
    _by(d, "input[name=password]").send_keys(password_of("manager"))
    _by(d, "button[type=submit]").click()
    wait_for(d, "nav.tabs")
    assert "/claims" in d.current_url

    # dashboard
    d.get(f"{server}/p/{pid}/dashboard")
    wait_for(d, "svg.chart")
    _shot(d, shots, "02-dashboard")

    # coding review: the note with highlighted evidence; answer the provider query, accept
    d.get(f"{server}/p/{pid}/coding?status=needs_review")
    wait_for(d, "table.grid")
    _shot(d, shots, "03-coding-queue")
    links = [a.get_attribute("href") for a in _all(d, "table.grid tbody a")]
    for href in links:  # the first note with proposed lines (some notes are queries only)
        d.get(href)
        wait_for(d, "#lines")
        if _all(d, "mark.ev"):
            break
    assert _all(d, "mark.ev"), "no coded note with evidence in the review queue"
    _shot(d, shots, "04-coding-review")
    for form in _all(d, "#queries form.row"):
        form.find_element("name", "answer").send_keys("Right side, see the procedure addendum.")
        form.find_element("css selector", "button").click()
        wait_for(d, "#queries")
        break
    _by(d, "#accept-all").click()
    wait_for(d, ".flash.ok")
    assert "Coding accepted" in d.page_source
    status = _by(d, "#coding-status").text
    assert status in ("accepted", "needs review")

    # claims: a held claim's scrub finding fixed in one click
    d.get(f"{server}/p/{pid}/claims/{e2e_seed.fixable_claim}")
    wait_for(d, ".fix-button")
    _shot(d, shots, "05-claim-findings")
    _by(d, ".fix-button").click()
    wait_for(d, "#fix-applied")
    assert "PRIMARY_REPEATED" not in [e.text for e in _all(d, ".finding code")]

    # submission batch: build the 837P and download it
    d.get(f"{server}/p/{pid}/batches")
    wait_for(d, "#build-all")
    _by(d, "#build-all").click()
    wait_for(d, "#batch-created")
    _shot(d, shots, "06-batches")
    _all(d, "a.download")[0].click()
    deadline = time.monotonic() + 20
    files = []
    while time.monotonic() < deadline:
        files = [f for f in d.downloads.iterdir() if not f.name.endswith(".crdownload")]
        if files:
            break
        time.sleep(0.2)
    assert files, "the 837P download did not arrive"
    assert files[0].read_bytes().startswith(b"ISA")

    # ERA posting: upload the 835, open a variance
    d.get(f"{server}/p/{pid}/posting")
    wait_for(d, "#era-file").send_keys(str(e2e_seed.era_to_post))
    _by(d, "#post-era").click()
    wait_for(d, "#posting-result")
    assert "payment(s) posted" in _by(d, "#posting-result").text
    _shot(d, shots, "07-posting")
    _all(d, "a.variance-link")[0].click()
    wait_for(d, "#variance-status")
    assert _by(d, "#variance-status").text == "in progress"
    _shot(d, shots, "08-variance")

    # denials: record the work on the first denial
    d.get(f"{server}/p/{pid}/denials")
    wait_for(d, "details.work")
    _shot(d, shots, "09-denials")
    work = _all(d, "details.work")[0]
    work.find_element("css selector", "summary").click()
    work.find_element("name", "outcome").send_keys("Appeal uploaded to the payer portal")
    work.find_element("css selector", "button").click()
    wait_for(d, "#denial-worked")

    # AR queue: log a touch (HTMX swaps the touch list in place)
    d.get(f"{server}/p/{pid}/ar")
    wait_for(d, "a.touch-link")
    _shot(d, shots, "10-ar-queue")
    _all(d, "a.touch-link")[0].click()
    wait_for(d, "#touch-form")
    _by(d, "#touch-form input[name=outcome]").send_keys("Payer says claim is in process")
    _by(d, "#touch-form input[name=reference]").send_keys("CALL-4711")
    _by(d, "#touch-form button").click()
    wait_for(d, "#touch-saved")
    assert "CALL-4711" in _by(d, "#touches").text
    _shot(d, shots, "11-touch")

    # calendars and audit
    d.get(f"{server}/p/{pid}/authorizations")
    wait_for(d, ".months")
    _shot(d, shots, "12-auth-calendar")
    d.get(f"{server}/p/{pid}/credentials")
    wait_for(d, ".months")
    _shot(d, shots, "13-credential-calendar")
    d.get(f"{server}/p/{pid}/audit")
    wait_for(d, "table.grid")
    assert "apply_fix" in d.page_source and e2e_seed.users["manager"] in d.page_source
    _shot(d, shots, "14-audit")


def test_coder_cannot_post_payments_and_other_practice_is_hidden(browser, server, e2e_seed):
    d = browser
    d.delete_all_cookies()
    d.get(f"{server}/login")
    wait_for(d, "input[name=email]").send_keys(e2e_seed.users["coder"])
    _by(d, "input[name=password]").send_keys(password_of("coder"))
    _by(d, "button[type=submit]").click()
    wait_for(d, "nav.tabs")
    d.get(f"{server}/p/{e2e_seed.practice_id}/posting")
    wait_for(d, "h1")
    assert "#post-era" not in d.page_source and "does not post payments" in d.page_source
    d.get(f"{server}/p/{e2e_seed.other_practice_id}/claims")
    assert "Not found" in wait_for(d, "h1").text
