"""Add-on and bilateral errors visible on the claim alone (no note needed).

- an add-on code (CPT "each additional") billed without any of its primary codes on the claim;
- modifier 50 on a code whose CMS bilateral indicator says it is never paid bilaterally
  (0: not bilateral, 2: already bilateral, 9: concept does not apply; e.g. 62323);
- the same code twice on one side (RT twice) where the code counts per side;
- bilateral work reported in another style than the payer's (one 50 line, 50 with 2 units, or
  RT and LT lines: the payer file's ``bilateral`` style at the place of service).

Amount: the allowable of the line (what the payer can deny or take back).

>>> from painrcm.denials.testing import make_claim
>>> from painrcm.reports.valuation import Valuer
>>> c = make_claim(payer_id="nobody", lines=(("64484", "200.00"),))
>>> [f.extra["issue"] for f in claim_findings(c, Valuer(None))]
['addon_without_primary']
"""

from __future__ import annotations

from painrcm.claims.model import Claim
from painrcm.reference.codes import lookup
from painrcm.reports.model import Finding
from painrcm.reports.valuation import Valuer

NOT_BILATERAL = frozenset({"0", "2", "9"})


STYLE_TEXT = {"modifier_50_one_line": "one line with modifier 50", "modifier_50_two_units": "modifier 50 with 2 units",
              "rt_lt_two_lines": "RT and LT lines"}


def _billed_style(claim: Claim, code: str) -> str | None:
    lines = [l for l in claim.lines if l.code == code]
    if len(lines) == 1 and "50" in lines[0].modifiers:
        return "modifier_50_two_units" if lines[0].units == 2 else "modifier_50_one_line"
    sides = {m for l in lines for m in l.modifiers if m in ("RT", "LT")}
    return "rt_lt_two_lines" if sides == {"RT", "LT"} else None


def claim_findings(claim: Claim, valuer: Valuer, values: list | None = None, style: str | None = None) -> list[Finding]:
    """The claim-only findings; ``style``: the payer's bilateral style value at the claim's place of service."""
    out: list[Finding] = []
    styled: set[str] = set()
    codes = {l.code for l in claim.lines}
    prov = claim.rendering_provider.npi if claim.rendering_provider and claim.rendering_provider.npi else ""
    seen: set[tuple[str, str]] = set()
    for n, line in enumerate(claim.lines, start=1):
        info = lookup(line.code)
        if info is None:
            continue
        issue = detail = None
        if info.is_addon and info.primaries and not codes.intersection(info.primaries) and line.code != "G2211":
            issue, detail = "addon_without_primary", (
                f"{line.code} is an add-on; none of its primary codes ({', '.join(info.primaries[:4])}) is billed")
        elif "50" in line.modifiers and info.bilateral_indicator in NOT_BILATERAL:
            issue, detail = "modifier_50_not_allowed", (
                f"{line.code} with modifier 50: CMS bilateral indicator {info.bilateral_indicator} "
                f"(not paid as bilateral)")
        else:
            for side in ("RT", "LT"):
                if side in line.modifiers and not info.is_addon:
                    if (line.code, side) in seen:
                        issue, detail = "duplicate_side", f"{line.code}-{side} billed twice on one claim"
                    seen.add((line.code, side))
        if issue is None and style and info.bilateral_indicator in ("1", "3") and not info.is_addon \
                and line.code not in styled:  # add-on units count levels, not sides
            billed_style = _billed_style(claim, line.code)
            if billed_style == "rt_lt_two_lines":
                billed_style = None  # may be different levels per side: the note decides (documentation)
            if billed_style and billed_style != style:
                styled.add(line.code)
                issue, detail = "bilateral_style", (f"{line.code}: bilateral billed as {STYLE_TEXT[billed_style]}; "
                                                    f"the payer wants {STYLE_TEXT[style]}")
        if issue:
            if values is None:
                values = valuer.lines(claim)
            out.append(Finding("addon_bilateral", claim.claim_id, claim.payer_id, claim.service_date,
                               values[n - 1], line.code, n, prov, detail, {"issue": issue}))
    return out


__all__ = ["claim_findings"]
