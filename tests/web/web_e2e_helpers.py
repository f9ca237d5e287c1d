"""Helpers of the end-to-end tests (a module of its own: every test folder has a conftest)."""

from __future__ import annotations


def wait_for(driver, css: str, timeout: float = 20.0):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, timeout).until(ec.presence_of_element_located((By.CSS_SELECTOR, css)))
