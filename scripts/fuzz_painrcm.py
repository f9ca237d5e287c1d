"""Coverage-guided fuzzing (atheris / libFuzzer) of painrcm's readers and importers.

Targets are those of tests/hardening/fuzz_targets_hardening.py (every X12 reader,
the payer policy and contract loaders, the auth/credential and schedule CSV
importers, the note coder). A typed error or a result is fine; any other exception
is a crash that libFuzzer reports with the input saved as ``crash-<sha1>`` (``--all``:
in ``$TMPDIR/painrcm-fuzz-crashes/``).

atheris is not a dependency: ``.venv/bin/pip install atheris`` first.

Usage::

    .venv/bin/python scripts/fuzz_painrcm.py x12_835 -max_total_time=300 -timeout=20
    .venv/bin/python scripts/fuzz_painrcm.py --all --seconds 120    # each target in turn
    .venv/bin/python scripts/fuzz_painrcm.py --list
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests" / "hardening"))
os.environ["HARDENING_NO_ALARM"] = "1"


def run_one(name: str, args: list[str]) -> None:
    import atheris

    with atheris.instrument_imports(include=["painrcm"]):
        import fuzz_targets_hardening as targets
        import painrcm.auth.imports  # noqa: F401
        import painrcm.claims.schedule  # noqa: F401
        import painrcm.coding  # noqa: F401
        import painrcm.edi.reader_271  # noqa: F401
        import painrcm.edi.reader_277ca  # noqa: F401
        import painrcm.edi.reader_835  # noqa: F401
        import painrcm.edi.reader_837p  # noqa: F401
        import painrcm.edi.reader_999  # noqa: F401
        import painrcm.policy  # noqa: F401
        import painrcm.remit.contracts  # noqa: F401

    target = targets.TARGETS[name]
    corpus = Path(tempfile.mkdtemp(prefix=f"fuzz-{name}-"))
    (corpus / "seed").write_bytes(targets.seeds()[name])
    atheris.Setup([sys.argv[0], *args, str(corpus)], target)
    atheris.Fuzz()


def main() -> None:
    argv = sys.argv[1:]
    sys.path.insert(0, str(REPO / "tests" / "hardening"))
    import fuzz_targets_hardening as targets

    if not argv or argv[0] == "--list":
        print("\n".join(targets.TARGETS))
        return
    if argv[0] == "--all":
        seconds = argv[argv.index("--seconds") + 1] if "--seconds" in argv else "60"
        failed = []
        artifacts = Path(tempfile.gettempdir()) / "painrcm-fuzz-crashes"
        artifacts.mkdir(exist_ok=True)
        for name in targets.TARGETS:
            r = subprocess.run([sys.executable, __file__, name, f"-max_total_time={seconds}", "-timeout=20",
                                "-rss_limit_mb=4096", "-print_final_stats=1", f"-artifact_prefix={artifacts}/"],
                               capture_output=True, text=True)
            runs = [ln for ln in r.stderr.splitlines() if ln.startswith("stat::number_of_executed_units")]
            print(f"{name}: exit {r.returncode}, {runs[-1].split(':')[-1].strip() if runs else '?'} runs", flush=True)
            if r.returncode != 0:
                failed.append(name)
                print("\n".join(r.stderr.splitlines()[-40:]))
        sys.exit(1 if failed else 0)
    run_one(argv[0], argv[1:])


if __name__ == "__main__":
    main()
