"""``painrcm demo``: build the synthetic practice and run its revenue cycle."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.table import Table

from painrcm.cli.common import console, err_console, progress
from painrcm.store.config import database_url


def register(app: typer.Typer) -> None:
    @app.command()
    def demo(
        db: str = typer.Option(None, "--db", help="Database URL or SQLite file (default: ./painrcm.db)"),
        seed: int = typer.Option(7, help="Random seed: the same seed gives the same practice"),
        encounters: int = typer.Option(1600, min=10, help="How many encounters to generate"),
        out: Path = typer.Option(Path("painrcm-demo"), "--out", "-o", help="Folder for the files the demo writes"),
    ) -> None:
        """Create (or refresh) the demo practice and run the whole revenue cycle on it."""
        from painrcm.demo.run import run_demo

        url = database_url(db)
        with progress(transient=True) as bar:
            def make_tick(label: str, total: int):
                task = bar.add_task(label, total=total)
                return lambda n=1: bar.advance(task, n)

            run = run_demo(url, seed=seed, encounters=encounters, out_dir=out, progress=make_tick)
        table = Table(title="painrcm demo: the revenue cycle of a synthetic pain practice", show_lines=True)
        table.add_column("stage", style="bold")
        table.add_column("what it did")
        table.add_column("seconds", justify="right")
        for stage in run.stages:
            table.add_row(stage.name, "\n".join(stage.lines), f"{stage.seconds:.1f}")
        console.print(table)
        err_console.print(f"demo finished in {run.seconds:.1f} s")
