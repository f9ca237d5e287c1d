"""``painrcm practice export|import``: move one practice's data between databases.

The archive format (a zip of JSON Lines per table with a manifest of counts and
SHA-256s) is ``painrcm.store.archive``; docs/reliability.md documents it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from painrcm.cli.common import DbOption, console, progress


def register(app: typer.Typer) -> None:
    practice_app = typer.Typer(name="practice", help="Export a practice to an archive, import it elsewhere.",
                               no_args_is_help=True)

    @practice_app.command("export")
    def export_cmd(practice: str = typer.Option(..., "--practice", help="Practice id."),
                   output: Path = typer.Option(..., "-o", "--output", help="Archive to write (.zip)."),
                   db: Optional[str] = DbOption) -> None:
        """Write every row of the practice to a zip of JSON Lines with a manifest."""
        from painrcm.store.archive import archived_tables, export_practice
        from painrcm.store.migrate import open_engine

        engine = open_engine(db)
        try:
            with progress(transient=True) as bar:
                task = bar.add_task("exporting", total=len(archived_tables()))
                manifest = export_practice(engine, practice, output, on_table=lambda _t: bar.advance(task))
        finally:
            engine.dispose()
        rows = sum(t["rows"] for t in manifest["tables"].values())
        console.print(f"exported practice {practice}: {rows} rows in {len(manifest['tables'])} tables "
                      f"-> {output}", highlight=False)

    @practice_app.command("import")
    def import_cmd(archive: Path = typer.Argument(..., help="Archive written by `painrcm practice export`."),
                   replace: bool = typer.Option(False, "--replace", help="Overwrite the practice if it exists."),
                   db: Optional[str] = DbOption) -> None:
        """Load an archive in one transaction; counts and content hashes are verified before commit."""
        from painrcm.store.archive import archived_tables, import_practice
        from painrcm.store.migrate import open_engine

        engine = open_engine(db, create=True)
        try:
            with progress(transient=True) as bar:
                task = bar.add_task("importing", total=len(archived_tables()))
                manifest = import_practice(engine, archive, replace=replace, on_table=lambda _t: bar.advance(task))
        finally:
            engine.dispose()
        rows = sum(t["rows"] for t in manifest["tables"].values())
        console.print(f"imported practice {manifest['practice_id']}: {rows} rows, verified "
                      f"(counts and content hashes of {len(manifest['tables'])} tables)", highlight=False)

    app.add_typer(practice_app)
