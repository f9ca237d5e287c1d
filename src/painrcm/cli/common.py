"""What every command shares: consoles, the --db option, progress bars."""

from __future__ import annotations

from contextlib import contextmanager
from typing import Iterator

import typer
from rich.console import Console
from rich.progress import (BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn,
                           TimeElapsedColumn, TimeRemainingColumn)

from painrcm.errors import PainRCMError

console = Console()
err_console = Console(stderr=True)

DbOption = typer.Option(None, "--db", help="Database URL or SQLite file (default: $PAINRCM_DATABASE_URL or ./painrcm.db)")


@contextmanager
def progress(*, transient: bool = False) -> Iterator[Progress]:
    """A Rich progress bar on stderr (quiet when stderr is not a terminal)."""
    bar = Progress(
        SpinnerColumn(), TextColumn("[progress.description]{task.description}"), BarColumn(),
        MofNCompleteColumn(), TimeElapsedColumn(), TimeRemainingColumn(),
        console=err_console, transient=transient,
    )
    with bar:
        yield bar


def fail(message: str) -> None:
    """Stop the command with a user-facing error (exit status 2)."""
    raise PainRCMError(message)
