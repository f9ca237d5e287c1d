"""Reading payer policy files: YAML -> ``PayerPolicy``, with errors a biller can act on.

Every problem names the file, the key path (``bilateral.by_place_of_service.24``), the line
and the reason. pydantic reports the key path; the line comes from composing the YAML node
tree once (PyYAML keeps a start mark on every node) and mapping each key path to the line of
its key, which neither ``yaml.safe_load`` nor pydantic gives. The node walk also catches a key
written twice, which PyYAML would otherwise silently let the last one win.

>>> import tempfile, pathlib
>>> d = pathlib.Path(tempfile.mkdtemp())
>>> _ = (d / "acme.yaml").write_text("id: acme\\nname: Acme\\nplan_type: commercial\\n"
...                                  "version: '1'\\neffective_from: 2026-01-01\\n"
...                                  "deadlines:\\n  timely_filing_days: soon\\n")
>>> validate_file(d / "acme.yaml")
Traceback (most recent call last):
...
painrcm.errors.PolicyError: .../acme.yaml, line 7, key deadlines.timely_filing_days: not a whole number (got 'soon')
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from painrcm.errors import NotFound, PolicyError
from painrcm.policy.schema import PayerPolicy

SHIPPED_DIR = Path(__file__).resolve().parent / "payers"
_SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with a policy file."""

    file: str
    key_path: str | None
    line: int | None
    reason: str

    def error(self, more: int = 0) -> PolicyError:
        where = ", ".join(p for p in (f"line {self.line}" if self.line else None,
                                      f"key {self.key_path}" if self.key_path else None) if p)
        extra = f" (and {more} more problem{'s' if more > 1 else ''})" if more else ""
        err = PolicyError(self.reason + extra, file=self.file, location=where or None)
        err.key_path = self.key_path  # type: ignore[attr-defined]
        err.line = self.line  # type: ignore[attr-defined]
        return err

    def __str__(self) -> str:
        return str(self.error())


@dataclass(frozen=True, slots=True)
class FileReport:
    """The outcome of validating one file: a policy or its problems."""

    path: Path
    policy: PayerPolicy | None
    problems: tuple[Problem, ...] = field(default=())

    @property
    def ok(self) -> bool:
        return self.policy is not None and not self.problems


# ---- YAML with line numbers -----------------------------------------------------------------

class _Loader(yaml.SafeLoader):
    """SafeLoader that leaves dates as text, so pydantic checks them and names the key."""


_Loader.add_constructor("tag:yaml.org,2002:timestamp", yaml.SafeLoader.construct_scalar)


class _Unreadable(Exception):
    def __init__(self, problem: Problem):
        self.problem = problem


def _parse(path: Path) -> tuple[Any, dict[tuple[str, ...], int]]:
    """The file's data and a map key path -> line (1-based)."""
    name = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise _Unreadable(Problem(name, None, None, "file not found")) from None
    except UnicodeDecodeError:
        raise _Unreadable(Problem(name, None, None, "not UTF-8 text")) from None
    except OSError as exc:
        raise _Unreadable(Problem(name, None, None, f"cannot read: {exc.strerror}")) from None
    try:
        loader = _Loader(text)  # the reader checks printable characters here already
    except yaml.YAMLError as exc:
        raise _Unreadable(Problem(name, None, None, f"YAML error: {exc}")) from None
    try:
        node = loader.get_single_node()
        if node is None:
            raise _Unreadable(Problem(name, None, None, "file is empty"))
        lines: dict[tuple[str, ...], int] = {}
        _walk(node, (), lines, name)
        data = loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        reason = f"YAML syntax error: {exc.problem or exc.context}"
        raise _Unreadable(Problem(name, None, mark.line + 1 if mark else None, reason)) from None
    except (yaml.YAMLError, ValueError, TypeError) as exc:
        raise _Unreadable(Problem(name, None, None, f"YAML error: {exc}")) from None
    finally:
        loader.dispose()
    return data, lines


def _walk(node: yaml.Node, path: tuple[str, ...], lines: dict[tuple[str, ...], int], name: str) -> None:
    lines.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key_node, value_node in node.value:
            key = str(key_node.value)
            child = path + (key,)
            if key in seen:
                raise _Unreadable(Problem(name, ".".join(child), key_node.start_mark.line + 1,
                                          "key is written twice"))
            seen.add(key)
            lines[child] = key_node.start_mark.line + 1
            _walk(value_node, child, lines, name)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _walk(item, path + (str(i),), lines, name)


def _line_for(path: tuple[str, ...], lines: dict[tuple[str, ...], int]) -> int | None:
    for cut in range(len(path), -1, -1):
        if path[:cut] in lines:
            return lines[path[:cut]]
    return None


# ---- pydantic errors -> problems --------------------------------------------------------------

def _reason(err: dict[str, Any]) -> str:
    kind, msg, value = err["type"], err["msg"], err.get("input")
    got = f" (got {value!r})" if isinstance(value, (str, int, float, bool)) or value is None else ""
    if kind == "extra_forbidden":
        return "unknown key"
    if kind == "missing":
        return "missing required key"
    if kind == "value_error":
        return msg.removeprefix("Value error, ")
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return "not a whole number" + got
    if kind in ("bool_parsing", "bool_type"):
        return "not true/false" + got
    if kind in ("date_parsing", "date_type", "date_from_datetime_parsing", "date_from_datetime_inexact"):
        return "not a date (write YYYY-MM-DD)" + got
    if kind in ("decimal_parsing", "decimal_type", "float_parsing", "float_type"):
        return "not a number" + got
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return "must be a mapping of keys" + (f" (got {type(value).__name__})" if value is not None else "")
    if kind in ("tuple_type", "list_type"):
        return "must be a list" + got
    if kind == "string_type":
        return "must be text" + got
    if kind == "enum":
        return msg.replace("Input should be", "must be") + got
    return msg[0].lower() + msg[1:] + got if msg else kind


def _problems_from(exc: ValidationError, name: str, lines: dict[tuple[str, ...], int]) -> list[Problem]:
    out = []
    for err in exc.errors(include_url=False):
        loc = tuple(str(p) for p in err["loc"] if not str(p).startswith("function-"))
        key_path = ".".join(loc) or None
        out.append(Problem(name, key_path, _line_for(loc, lines), _reason(err)))
    return out


# ---- public API -------------------------------------------------------------------------------

def check_file(path: Path) -> FileReport:
    """Validate one file and report every problem found (never raises for a bad file)."""
    path = Path(path)
    name = str(path)
    try:
        data, lines = _parse(path)
    except _Unreadable as exc:
        return FileReport(path, None, (exc.problem,))
    if not isinstance(data, dict):
        return FileReport(path, None, (Problem(name, None, 1, "the file must be a mapping of keys "
                                                             "(id:, name:, plan_type: ...)"),))
    try:
        policy = PayerPolicy.model_validate(data)
    except ValidationError as exc:
        problems = sorted(_problems_from(exc, name, lines), key=lambda p: p.line or 0)
        return FileReport(path, None, tuple(problems))
    if policy.id != path.stem:
        return FileReport(path, None, (Problem(name, "id", lines.get(("id",)),
                                               f"id {policy.id!r} must equal the file name {path.stem!r}"),))
    return FileReport(path, policy)


def validate_file(path: Path) -> PayerPolicy:
    """The policy in ``path``, or PolicyError naming the file, line, key path and reason."""
    report = check_file(path)
    if not report.ok:
        raise report.problems[0].error(more=len(report.problems) - 1)
    assert report.policy is not None
    return report.policy


def _policy_files(directory: Path) -> list[Path]:
    directory = Path(directory)
    if not directory.is_dir():
        raise NotFound(f"no such policy directory: {directory}")
    return sorted(p for p in directory.iterdir() if p.suffix in _SUFFIXES and p.is_file())


def validate_directory(directory: Path) -> list[FileReport]:
    """Validate every ``*.yaml``/``*.yml`` file of a directory; reports for all, sorted by name."""
    return [check_file(p) for p in _policy_files(directory)]


def load_directory(directory: Path) -> dict[str, PayerPolicy]:
    """Every policy of a directory by id; PolicyError on the first broken file."""
    out: dict[str, PayerPolicy] = {}
    for path in _policy_files(directory):
        policy = _cached(path)
        out[policy.id] = policy
    return out


def _cached(path: Path) -> PayerPolicy:
    try:
        stamp = path.stat().st_mtime_ns
    except OSError:
        stamp = 0
    return _load_cached(str(path.resolve()), stamp)


@functools.lru_cache(maxsize=256)
def _load_cached(path: str, stamp: int) -> PayerPolicy:
    return validate_file(Path(path))


def policy_ids(directory: Path | None = None) -> tuple[str, ...]:
    """Ids (file names without suffix) of the policies in a directory (default: shipped)."""
    return tuple(p.stem for p in _policy_files(directory or SHIPPED_DIR))


def shipped_policy_ids() -> tuple[str, ...]:
    """Ids of the payer policies shipped with painrcm."""
    return policy_ids(SHIPPED_DIR)


def load_policy(policy_id: str, directory: Path | None = None) -> PayerPolicy:
    """The policy ``policy_id`` from ``directory`` (default: the shipped payer files).

    Unknown id -> NotFound listing the known ids; a broken file -> PolicyError.
    """
    directory = Path(directory) if directory is not None else SHIPPED_DIR
    for suffix in _SUFFIXES:
        path = directory / f"{policy_id}{suffix}"
        if path.is_file():
            return _cached(path)
    known = ", ".join(policy_ids(directory)) or "none"
    raise NotFound(f"no payer policy {policy_id!r} in {directory} (known: {known})")


def policy_for_x12_payer_id(x12_payer_id: str, directory: Path | None = None) -> PayerPolicy | None:
    """The policy listing this X12 payer id (first by file name), or None."""
    wanted = x12_payer_id.strip().upper()
    for policy in load_directory(directory or SHIPPED_DIR).values():
        if wanted in (x.upper() for x in policy.x12_payer_ids):
            return policy
    return None
