"""Edits that look at the patient's history: FREQUENCY_LIMIT, RFA_PREREQUISITE, RFA_FACET_SAME_DAY.

Sources: LCD L39240 (ESI: four sessions per region per rolling 12 months), L38773 (facet:
four injection sessions, two RFA sessions per region per 12 months; RFA after two diagnostic
medial branch blocks with >= 80 % relief; repeat RFA no sooner than 6 months), NCCI PTP
64635/64493 (an MBB at the RFA level on the same day is bundled) and the payer file's own limits
and thresholds (seed 001/004: three sessions a year, 50 % vs 80 %). A bilateral session at the
same level counts once (seed 002) unless the payer file says otherwise.
"""

from __future__ import annotations

from datetime import timedelta

from painrcm.scrub.context import ScrubContext, note_family_matches
from painrcm.scrub.findings import ERROR, WARNING, Finding
from painrcm.scrub.memo import ask
from painrcm.scrub.view import DISTINCT_MODIFIERS, ClaimView

_REGION_NAME = {"cervical_thoracic": "cervical/thoracic", "lumbar_sacral": "lumbar/sacral"}
_REPRESENTATIVE = {"cervical_thoracic": "cervical", "lumbar_sacral": "lumbar"}


def check_frequency(view: ClaimView, ctx: ScrubContext, out: list[Finding]) -> None:
    policy = ctx.policy
    if not policy.frequency_limits:
        return
    done: set[tuple[str, str]] = set()
    for lv in view.lines:
        f = lv.f
        if f.is_addon or not f.region or f.global_days is None:
            continue
        region = ask(policy, "counting_region", _REPRESENTATIVE.get(f.region, f.region)) or f.region
        limit = ask(policy, "frequency_limit", lv.code, _REPRESENTATIVE.get(f.region, f.region))
        if limit is None or (limit.family, region) in done:
            continue
        done.add((limit.family, region))
        start = lv.day - timedelta(days=limit.window_days - 1)
        prior = ctx.history.sessions(view.key, limit.family, f.region, start, lv.day - timedelta(days=1))
        days: dict[int, str] = {}
        for s in prior:
            if s.claim_id != view.claim_id:
                days[s.day] = "B" if days.get(s.day) not in (None, s.side) and s.side else (s.side or days.get(s.day, ""))
        weight = (lambda side: 2 if side == "B" else 1) if not limit.bilateral_same_level_counts_once else (lambda side: 1)
        used = sum(weight(side) for side in days.values())
        this = weight(view.side_of(lv.code))
        lines = tuple(o.n for o in view.lines if o.f.families and limit.family in o.f.families and o.f.region == f.region)
        name = f"{limit.family.replace('_', ' ')} ({_REGION_NAME.get(f.region, f.region)})"
        if used + this > limit.max_sessions:
            over_ok = "KX" in lv.mods and "KX" in ask(policy, "required_modifiers", lv.code, view.pos, "over_frequency_limit")
            out.append(Finding(
                "FREQUENCY_LIMIT", WARNING if over_ok else ERROR, lines,
                f"This would be {name} session {used + this} in {limit.window_days} days; this payer covers "
                f"{limit.max_sessions}.",
                "Hold the claim: document medical necessity for an exception (and the payer's modifier), "
                "or get an advance beneficiary notice."))
        elif limit.min_days_between_sessions and days:
            last = max(days)
            gap = lv.day.toordinal() - last
            if gap < limit.min_days_between_sessions:
                out.append(Finding(
                    "FREQUENCY_LIMIT", ERROR, lines,
                    f"{name}: {gap} days since the last session; this payer wants at least "
                    f"{limit.min_days_between_sessions}.", "Hold the claim until the waiting period is met or "
                    "document the exception."))


def _covers(prior_side: str, side: str) -> bool:
    return not side or prior_side == "B" or prior_side == side or not prior_side


def check_rfa_prerequisite(view: ClaimView, ctx: ScrubContext, out: list[Finding]) -> None:
    req = ctx.policy.rfa_prerequisite
    for lv in view.lines:
        if lv.f.family != "facet_rfa" or lv.f.is_addon:
            continue
        side = view.side_of(lv.code)
        region = lv.f.region
        before = lv.day - timedelta(days=1)
        prior_rfa = [s for s in ctx.history.sessions(view.key, "facet_rfa", region, None, before)
                     if s.claim_id != view.claim_id and _covers(s.side, side)]
        if prior_rfa:
            last = prior_rfa[-1].day
            months = (lv.day.toordinal() - last) / 30.44
            if months < req.repeat_rfa_min_months:
                out.append(Finding(
                    "RFA_PREREQUISITE", ERROR, (lv.n,),
                    f"Repeat RFA {round(months, 1)} months after the prior one in this region; this payer wants "
                    f"at least {req.repeat_rfa_min_months} months.",
                    "Hold the claim; a repeat RFA also needs >= "
                    f"{req.repeat_rfa_relief_pct}% relief from the prior RFA documented."))
            continue
        needed = req.diagnostic_blocks
        if needed <= 0:
            continue
        blocks = [s for s in ctx.history.sessions(view.key, "facet_injection", region, None, before)
                  if s.claim_id != view.claim_id and _covers(s.side, side) and s.purpose != "therapeutic"]
        by_day = {}
        for s in blocks:
            by_day.setdefault(s.day, s)
        blocks = list(by_day.values())
        region_name = _REGION_NAME.get(region, region)
        if not ctx.history.has_patient(view.key):
            out.append(Finding(
                "RFA_PREREQUISITE", WARNING, (lv.n,),
                f"No prior claims of this patient were given; this payer wants {needed} diagnostic medial "
                f"branch blocks ({region_name}, same side) with >= {req.relief_threshold_pct}% relief before RFA.",
                "Confirm the diagnostic blocks and their documented relief before submitting."))
            continue
        note_relief = _note_rfa_relief(ctx)
        if note_relief is not None and note_relief < req.relief_threshold_pct:
            out.append(Finding(
                "RFA_PREREQUISITE", ERROR, (lv.n,),
                f"The RFA note documents {note_relief}% relief from the diagnostic blocks; this payer wants "
                f">= {req.relief_threshold_pct}% from each of {needed}.",
                "Hold the claim: RFA does not meet this payer's diagnostic block criteria."))
            continue
        if len(blocks) < needed and note_relief is not None:
            out.append(Finding(
                "RFA_PREREQUISITE", WARNING, (lv.n,),
                f"The RFA note documents prior blocks with {note_relief}% relief, but only {len(blocks)} diagnostic "
                f"block claim(s) of {needed} are on file for this region and side.",
                "Confirm both blocks (dates, levels, side, relief) and attach their notes to the authorization."))
            continue
        if len(blocks) < needed:
            out.append(Finding(
                "RFA_PREREQUISITE", ERROR, (lv.n,),
                f"RFA with {len(blocks)} prior diagnostic block(s) on file for this region and side; this payer "
                f"wants {needed} with >= {req.relief_threshold_pct}% relief.",
                "Hold the claim until the diagnostic blocks are documented (or attach them to the authorization)."))
            continue
        known = [s for s in blocks if s.relief_pct is not None]
        good = [s for s in known if s.relief_pct >= req.relief_threshold_pct and (
            req.min_relief_duration_hours is None or s.relief_hours is None
            or s.relief_hours >= req.min_relief_duration_hours)]
        unknown = len(blocks) - len(known)
        if len(good) + unknown < needed:
            out.append(Finding(
                "RFA_PREREQUISITE", ERROR, (lv.n,),
                f"Only {len(good)} prior diagnostic block(s) document >= {req.relief_threshold_pct}% relief"
                + (f" for at least {req.min_relief_duration_hours:g} hours" if req.min_relief_duration_hours else "")
                + f"; this payer wants {needed}.",
                "Hold the claim: RFA does not meet this payer's diagnostic block criteria."))
        elif unknown:
            out.append(Finding(
                "RFA_PREREQUISITE", WARNING, (lv.n,),
                f"{unknown} prior diagnostic block(s) have no relief percentage on file; this payer wants "
                f">= {req.relief_threshold_pct}%.",
                "Confirm the relief % and duration documented in each block note."))


def _note_rfa_relief(ctx: ScrubContext) -> int | None:
    """Lowest relief % the RFA note states for the prior diagnostic blocks, when it states one."""
    if ctx.note is None:
        return None
    found = [p.relief_pct for p in ctx.note.procedures
             if p.relief_pct is not None and note_family_matches(p.family, "facet_rfa")]
    return min(found) if found else None


def check_rfa_facet_same_day(view: ClaimView, ctx: ScrubContext, out: list[Finding]) -> None:
    rfa = [lv for lv in view.lines if lv.f.family == "facet_rfa"]
    facet = [lv for lv in view.lines if lv.f.family == "facet_injection"]
    for r in rfa:
        same = [f for f in facet if f.f.region == r.f.region and f.day == r.day and _covers(f.side, r.side)]
        if same:
            distinct = all(f.mods & DISTINCT_MODIFIERS for f in same)
            out.append(Finding(
                "RFA_FACET_SAME_DAY", WARNING if distinct else ERROR, tuple(sorted({r.n} | {f.n for f in same})),
                f"RFA ({r.code}) and a facet injection/MBB ({', '.join(sorted({f.code for f in same}))}) in the same "
                "region on one date: the injection at the RFA level is bundled.",
                "Remove the facet injection, or keep it with a distinct-site modifier only if the note shows a "
                "different level."))
            return
    # the other half on another claim of the same date
    for lv in rfa + facet:
        other = "facet_injection" if lv.f.family == "facet_rfa" else "facet_rfa"
        found = [s for s in ctx.history.sessions(view.key, other, lv.f.region, lv.day, lv.day)
                 if s.claim_id != view.claim_id and _covers(s.side, lv.side)]
        if found and not lv.f.is_addon:
            out.append(Finding(
                "RFA_FACET_SAME_DAY", ERROR, (lv.n,),
                f"{lv.code} and {found[0].code} (on another claim) are in the same region on one date.",
                "Bill the RFA only; the facet injection at the same level is bundled."))
            return
