"""Patient statements as PDF: the editable Jinja2 template ``patients/templates/statement.html``
filled with a :class:`painrcm.patients.statements.Statement`, rendered by WeasyPrint."""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from painrcm.patients.statements import Statement

TEMPLATE_DIR = Path(__file__).parent / "templates"
TEMPLATE = "statement.html"


def render_statement_html(statement: Statement, *, practice=None, template_dir: str | Path | None = None) -> str:
    """HTML of one statement; ``practice`` is a ``painrcm.domain.parties.Practice`` for the letterhead."""
    dirs = ([str(template_dir)] if template_dir else []) + [str(TEMPLATE_DIR)]
    env = Environment(loader=FileSystemLoader(dirs), autoescape=select_autoescape(["html"]),
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    lines: tuple[str, ...] = ()
    name, phone = "Billing office", None
    if practice is not None:
        a = practice.address
        lines = tuple(x for x in (a.line1, a.line2, f"{a.city}, {a.state} {a.postal_code}") if x)
        name, phone = practice.name, practice.phone
    return env.get_template(TEMPLATE).render(statement=statement, practice_name=name, practice_lines=lines,
                                             practice_phone=phone)


def write_statement_pdf(statement: Statement, path: str | Path, *, practice=None,
                        template_dir: str | Path | None = None) -> Path:
    from weasyprint import HTML

    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    HTML(string=render_statement_html(statement, practice=practice, template_dir=template_dir),
         base_url=str(TEMPLATE_DIR)).write_pdf(str(out))
    return out


__all__ = ["render_statement_html", "write_statement_pdf", "TEMPLATE_DIR"]
