"""A demo database for the web application: the demo practice, its payers' 835s posted
(all but one, kept to post by hand), a second practice nobody of the first may see, and
one user per role. Used by the web tests, the load benchmark and ``painrcm serve --demo-users``.

Passwords are ``<role>-password`` (demo only; never for real data).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path

OTHER_PRACTICE = "other-practice"
ROLE_USERS = {"coder": "coder@demo.painrcm", "biller": "biller@demo.painrcm",
              "manager": "manager@demo.painrcm", "admin": "admin@demo.painrcm"}
OUTSIDER = "outsider@demo.painrcm"


def password_of(role: str) -> str:
    return f"{role}-password"


@dataclass
class SeededDemo:
    db_url: str
    practice_id: str
    other_practice_id: str
    era_to_post: Path | None
    fixable_claim: str | None = None
    users: dict[str, str] = field(default_factory=dict)  # role -> e-mail


def seed(db_url: str, work_dir: Path, *, encounters: int = 200, seed_value: int = 7,
         hold_back_835: bool = True) -> SeededDemo:
    from painrcm.demo.practice import PRACTICE_ID
    from painrcm.demo.run import run_demo

    work_dir = Path(work_dir)
    work_dir.mkdir(parents=True, exist_ok=True)
    run_demo(db_url, seed=seed_value, encounters=encounters, out_dir=work_dir / "demo-out")
    fixable = make_fixable_claim(db_url, PRACTICE_ID)
    era = post_payer_files(db_url, PRACTICE_ID, work_dir / "era", hold_back=hold_back_835,
                           exclude=[fixable] if fixable else [])
    add_other_practice(db_url, PRACTICE_ID)
    users = add_role_users(db_url, PRACTICE_ID)
    return SeededDemo(db_url, PRACTICE_ID, OTHER_PRACTICE, era, fixable, users)


#: add-on code -> its primary (a primary reported twice is the error the fix demonstrates)
_ADDON_PRIMARY = {"64484": "64483", "64480": "64479", "64491": "64490", "64494": "64493", "64636": "64635",
                  "64634": "64633"}


def make_fixable_claim(db_url: str, practice_id: str) -> str | None:
    """Turn one claim not yet paid back into a held one whose add-on line repeats the primary
    code (PRIMARY_REPEATED, which has a one-click fix; one that leaves the claim clean is
    preferred); returns its id."""
    import sqlalchemy as sa

    from painrcm.api.services.claims import scrub_stored
    from painrcm.demo.run import DEMO_AS_OF
    from painrcm.store.engine import make_engine, session_scope
    from painrcm.store.models import ClaimRow
    from painrcm.store.repositories.claims import load_claims, save_claim
    from painrcm.store.repositories.scrub import save_findings

    engine = make_engine(db_url)
    try:
        with session_scope(engine) as s:
            ids = list(s.scalars(sa.select(ClaimRow.claim_id).where(
                ClaimRow.practice_id == practice_id, ClaimRow.status.in_(("ready", "submitted")))
                .order_by(ClaimRow.claim_id)))
            chosen = None  # (clean after the fix?, claim, the broken claim, its findings)
            for claim in load_claims(s, practice_id, claim_ids=ids):
                codes = [line.code for line in claim.lines]
                at = next((i for i, c in enumerate(codes) if c in _ADDON_PRIMARY and _ADDON_PRIMARY[c] in codes), None)
                if at is None:
                    continue
                lines = list(claim.lines)
                lines[at] = dataclasses.replace(lines[at], code=_ADDON_PRIMARY[codes[at]])
                bad = dataclasses.replace(claim, lines=tuple(lines))
                findings = scrub_stored(s, practice_id, bad, DEMO_AS_OF)
                fix = next((f for f in findings if f.edit == "PRIMARY_REPEATED" and f.apply), None)
                if fix is None:
                    continue
                clean = not any(f.severity == "error" for f in scrub_stored(s, practice_id, fix.apply(bad), DEMO_AS_OF))
                if chosen is None or (clean and not chosen[0]):
                    chosen = (clean, claim, bad, findings)
                if clean:
                    break
            if chosen is None:
                return None
            _, claim, bad, findings = chosen
            save_claim(s, bad, status="held")
            s.execute(sa.update(ClaimRow).where(ClaimRow.practice_id == practice_id,
                                                ClaimRow.claim_id == claim.claim_id).values(submitted_on=None))
            save_findings(s, practice_id, claim.claim_id, findings)
            return claim.claim_id
    finally:
        engine.dispose()


def post_payer_files(db_url: str, practice_id: str, folder: Path, *, hold_back: bool = True,
                     exclude: list[str] = (), keep_ready: int = 4) -> Path | None:
    """Simulate the payers' 835s for the submitted claims (or, when the demo already posted its
    own, for the claims it left ready, billed now); post them all but the largest, which is
    written to ``folder`` and returned to be posted by hand (None when there is nothing to bill)."""
    import sqlalchemy as sa

    from painrcm.demo.simulator import simulate
    from painrcm.remit.posting import post_file
    from painrcm.store.engine import make_engine, session_scope
    from painrcm.store.models import ClaimRow, RemittanceRow
    from painrcm.store.repositories.claims import load_claims, set_claim_status

    folder.mkdir(parents=True, exist_ok=True)
    engine = make_engine(db_url)
    try:
        with session_scope(engine) as s:
            posted = s.scalar(sa.select(sa.func.count()).select_from(RemittanceRow).where(
                RemittanceRow.practice_id == practice_id))
            # the demo may post its own 835s: then the claims still to submit are billed and paid here
            status = "ready" if posted else "submitted"
            ids = list(s.scalars(sa.select(ClaimRow.claim_id).where(
                ClaimRow.practice_id == practice_id, ClaimRow.status == status,
                ClaimRow.claim_id.not_in(list(exclude)))))
            if posted:
                ids = sorted(ids)[keep_ready:]  # a few stay ready for a submission batch
            if not ids:
                return None
            if posted:
                from painrcm.demo.run import DEMO_END

                set_claim_status(s, practice_id, ids, "submitted", submitted_on=DEMO_END)
            claims = load_claims(s, practice_id, claim_ids=ids)
        result = simulate(claims, seed=11)
        names = sorted(result.x12_files, key=lambda n: (len(result.x12_files[n]), n))
        kept = names[-1] if hold_back and names else None
        for name in names:
            path = folder / name
            path.write_text(result.x12_files[name], encoding="utf-8")
            if name == kept:
                continue
            with session_scope(engine) as s:
                post_file(s, practice_id, path)
        return folder / kept if kept else None
    finally:
        engine.dispose()


def add_other_practice(db_url: str, practice_id: str) -> None:
    from painrcm.store.engine import make_engine, session_scope
    from painrcm.store.repositories.parties import load_practice, save_practice

    engine = make_engine(db_url)
    try:
        with session_scope(engine) as s:
            base = load_practice(s, practice_id)
            save_practice(s, dataclasses.replace(base, id=OTHER_PRACTICE, name="Other Spine Group"))
    finally:
        engine.dispose()


def add_role_users(db_url: str, practice_id: str) -> dict[str, str]:
    from painrcm.api.auth_flow import create_account
    from painrcm.store.engine import make_engine, session_scope
    from painrcm.store.repositories.work import find_user

    engine = make_engine(db_url)
    try:
        with session_scope(engine) as s:
            for role, email in ROLE_USERS.items():
                if find_user(s, email) is None:
                    create_account(s, email, role, [practice_id], role.title(), password_of(role))
            if find_user(s, OUTSIDER) is None:
                create_account(s, OUTSIDER, "admin", [OTHER_PRACTICE], "Outsider", password_of("outsider"))
    finally:
        engine.dispose()
    return dict(ROLE_USERS)


__all__ = ["seed", "SeededDemo", "ROLE_USERS", "OUTSIDER", "OTHER_PRACTICE", "password_of",
           "post_payer_files", "add_other_practice", "add_role_users"]
