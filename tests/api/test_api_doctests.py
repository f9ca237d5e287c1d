"""Docstring examples of the api and web modules (tests/test_doctests.py leaves these two out)."""

import doctest
import importlib
import pkgutil

import pytest

import painrcm.api
import painrcm.web

MODULES = sorted({m.name for pkg in (painrcm.api, painrcm.web)
                  for m in pkgutil.walk_packages(pkg.__path__, pkg.__name__ + ".")} | {"painrcm.cli.serve"})


@pytest.mark.parametrize("name", MODULES)
def test_api_doctests(name):
    module = importlib.import_module(name)
    failures, _ = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert failures == 0
