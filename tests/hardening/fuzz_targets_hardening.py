"""Fuzz targets shared by the hypothesis tests (tests/hardening) and the atheris
harness (scripts/fuzz_painrcm.py).

Each target takes bytes, feeds them to one reader or importer and returns
normally when the reader gave a result or raised its *typed* error
(``X12Error``/``InputError``/``PolicyError``). Any other exception escapes: that is
a finding. ``SEEDS`` holds one valid input per target to mutate from.
"""

from __future__ import annotations

import io
import os
import signal
import tempfile
from contextlib import contextmanager
from pathlib import Path

from painrcm.errors import PainRCMError

REPO = Path(__file__).resolve().parents[2]
X12_FIXTURES = REPO / "tests" / "edi" / "fixtures"
NOTE_DIR = REPO / "tests" / "corpus" / "dev"
CALL_LIMIT_S = 20  # a hang: no single call may take longer (checked with SIGALRM)


class Hang(Exception):
    """A call ran past CALL_LIMIT_S."""


@contextmanager
def time_bound(seconds: float = CALL_LIMIT_S):
    """Raise ``Hang`` if the block runs longer than ``seconds`` (main thread only)."""
    if os.environ.get("HARDENING_NO_ALARM"):  # atheris: libFuzzer's own -timeout owns SIGALRM
        yield
        return

    def _alarm(signum, frame):
        raise Hang(f"call ran past {seconds}s")

    old = signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


def _text(data: bytes) -> str:
    return data.decode("utf-8", "replace")


def _x12(reader_name: str):
    def target(data: bytes) -> None:
        from painrcm.edi import reader_271, reader_277ca, reader_835, reader_837p, reader_999
        from painrcm.edi.errors import X12Error
        readers = {"835": reader_835.read_835, "837p": reader_837p.read_837p, "999": reader_999.read_999,
                   "ta1": reader_999.read_ta1, "277ca": reader_277ca.read_277ca, "271": reader_271.read_271}
        try:
            with time_bound():
                result = readers[reader_name](io.StringIO(_text(data)), name="fuzz.x12")
                if not isinstance(result, list):
                    list(result)
        except X12Error as exc:
            assert str(exc).startswith("fuzz.x12"), str(exc)
    target.__name__ = f"x12_{reader_name}"
    return target


def _with_file(data: bytes, suffix: str, fn):
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / f"fuzzed{suffix}"
        path.write_bytes(data)
        return fn(path)


def policy_yaml(data: bytes) -> None:
    from painrcm.policy import validate_file
    try:
        with time_bound():
            _with_file(data, ".yaml", validate_file)
    except PainRCMError:
        pass


def contract_yaml(data: bytes) -> None:
    from painrcm.remit.contracts import load_contract_file
    try:
        with time_bound():
            _with_file(data, ".yaml", load_contract_file)
    except PainRCMError:
        pass


def auth_csv(data: bytes) -> None:
    from painrcm.auth.imports import read_authorizations
    try:
        with time_bound():
            read_authorizations(io.StringIO(_text(data)), name="fuzz.csv")
    except PainRCMError:
        pass


def credential_csv(data: bytes) -> None:
    from painrcm.auth.imports import read_credentials
    try:
        with time_bound():
            read_credentials(io.StringIO(_text(data)), name="fuzz.csv")
    except PainRCMError:
        pass


def schedule_csv(data: bytes) -> None:
    from painrcm.claims.schedule import read_schedule_csv
    try:
        with time_bound():
            read_schedule_csv(_text(data), practice_id="P", file="fuzz.csv")
    except PainRCMError:
        pass


def note(data: bytes) -> None:
    from painrcm.coding import code_note
    with time_bound():
        result = code_note(_text(data))
    assert result is not None


TARGETS = {f.__name__: f for f in (
    _x12("835"), _x12("837p"), _x12("999"), _x12("ta1"), _x12("277ca"), _x12("271"),
    policy_yaml, contract_yaml, auth_csv, credential_csv, schedule_csv, note)}


def _first(pattern: str, folder: Path = X12_FIXTURES) -> bytes:
    for p in sorted(folder.glob(pattern)):
        return p.read_bytes()
    return b""


TA1 = (b"ISA*00*          *00*          *ZZ*PAYER          *ZZ*PRACTICE       *260301*1200*^*00501*"
       b"000000001*0*P*:~TA1*000000905*260301*1200*A*000~IEA*0*000000001~")


def seeds() -> dict[str, bytes]:
    """One valid input per target (read lazily: some need generated data)."""
    from painrcm.edi.envelope import InMemoryControlNumbers
    from painrcm.edi.samples import PARTIES, sample_claims
    from painrcm.edi.writer_837p import write_837p
    from painrcm.policy.loader import _policy_files
    from painrcm.remit.contracts import SHIPPED_DIR

    policy_dir = REPO / "src" / "painrcm" / "policy" / "payers"
    note_files = sorted(NOTE_DIR.rglob("*.txt")) if NOTE_DIR.is_dir() else []
    return {
        "x12_835": _first("*835*"),
        "x12_837p": write_837p(sample_claims(3), PARTIES, InMemoryControlNumbers()).encode(),
        "x12_999": _first("*999*"),
        "x12_ta1": TA1,
        "x12_277ca": _first("*277CA_accepted*"),
        "x12_271": _first("*subscriber-health-benefit-check.271"),
        "policy_yaml": _policy_files(policy_dir)[0].read_bytes(),
        "contract_yaml": sorted(Path(SHIPPED_DIR).glob("*.yaml"))[0].read_bytes(),
        "auth_csv": (b"number,patient_id,payer_id,start_date,end_date,status,codes,levels,side,units,units_used,"
                     b"place_of_service\nA1,pt-1,lakeshore-ppo,2026-01-01,2026-03-31,submitted,64635;64636,"
                     b"L4-5 L5-S1,Bilateral,2,0,24\n"),
        "credential_csv": (b"type,provider_npi,payer_id,status,effective_from,effective_to,kind,number,expires_on,"
                           b"issued_on,state\ncredential,1234567893,,,,,dea,BM1,2026-09-30,2023-09-30,\n"
                           b"enrollment,1234567893,medicare,active,2020-01-01,,,,,,\n"),
        "schedule_csv": (b"id,date,time,patient,provider,place_of_service,location,visit_type,status,payer,reason\n"
                         b"A1,2026-03-02,08:20,PT1,1234567893,11,Main office,established,completed,medicare,\n"
                         b"A2,03/02/2026,1:40 PM,PT2,x,24,ASC,new_problem,Checked In,,\n"),
        "note": note_files[0].read_bytes() if note_files else b"Lumbar transforaminal epidural steroid injection L4-5 left",
    }
