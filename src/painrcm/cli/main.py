"""Entry point of the ``painrcm`` command."""

from __future__ import annotations

import importlib
import sys

import typer

from painrcm.cli.common import err_console
from painrcm.errors import PainRCMError

app = typer.Typer(
    name="painrcm",
    help="Revenue-cycle software for interventional pain-management practices.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)

@app.callback()
def _root() -> None:
    """painrcm: the revenue cycle of an interventional pain practice."""


@app.command()
def version() -> None:
    """Print the painrcm version."""
    from painrcm import __version__

    typer.echo(__version__)


# One module per command group; each defines register(app).
COMMAND_MODULES = (
    "painrcm.cli.db",
    "painrcm.cli.codes",
    "painrcm.cli.payers",
    "painrcm.cli.demo",
    "painrcm.cli.edi",
    "painrcm.cli.code",
    "painrcm.cli.scrub",
    "painrcm.cli.auth",
    "painrcm.cli.remit",
    "painrcm.cli.denials",
    "painrcm.cli.charges",
    "painrcm.cli.reports",
    "painrcm.cli.serve",
    "painrcm.cli.practice",
)

for _name in COMMAND_MODULES:
    try:
        _module = importlib.import_module(_name)
    except ModuleNotFoundError as exc:  # a stage not built yet
        if exc.name != _name:
            raise
        continue
    _module.register(app)


def main() -> None:
    """Run the CLI, turning user errors into one line on stderr and exit status 2."""
    try:
        app(standalone_mode=True)
    except PainRCMError as exc:
        err_console.print(f"[bold red]error:[/] {exc}", highlight=False, markup=True)
        sys.exit(2)


if __name__ == "__main__":
    main()
