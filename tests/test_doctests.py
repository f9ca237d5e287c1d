"""Run the docstring examples of every painrcm module (python-stdnum habit)."""

import doctest
import importlib
import pkgutil

import pytest

import painrcm

MODULES = sorted(m.name for m in pkgutil.walk_packages(painrcm.__path__, "painrcm.")
                 if not m.name.startswith(("painrcm.web", "painrcm.api")))


@pytest.mark.parametrize("name", MODULES)
def test_doctests(name):
    module = importlib.import_module(name)
    failures, _ = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert failures == 0
