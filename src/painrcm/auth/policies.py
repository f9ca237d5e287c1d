"""Which payer policy an authorization, a planned service or a deadline follows.

An authorization names a painrcm payer id; the payer's ``policy_id`` names its policy file. The
demo and most practices use the policy id as the payer id, so ``policy_for`` tries the payer map
first, then the id itself, and falls back to the schema defaults (renewal reminder 14 days before
the end date, retro-authorization window 30 days) when no file exists.

>>> policy_for("medicare").id
'medicare'
>>> policy_for("no-such-payer").prior_auth.renewal_lead_days
14
"""

from __future__ import annotations

from functools import lru_cache
from typing import Mapping

from painrcm.domain.parties import Payer
from painrcm.errors import NotFound
from painrcm.policy import PayerPolicy, load_policy


@lru_cache(maxsize=64)
def _load(policy_id: str) -> PayerPolicy | None:
    try:
        return load_policy(policy_id)
    except NotFound:
        return None


@lru_cache(maxsize=1)
def default_policy() -> PayerPolicy:
    """Schema defaults (CMS/AMA), for a payer without a policy file."""
    return PayerPolicy(id="default", name="Default (no payer file)", plan_type="commercial", version="0",
                       effective_from="2000-01-01")


def policy_for(payer_id: str, payers: Mapping[str, Payer] | None = None) -> PayerPolicy:
    """The policy of ``payer_id`` (through ``payers`` when given), or the schema defaults."""
    payer = payers.get(payer_id) if payers else None
    for pid in ((payer.policy_id,) if payer else ()) + (payer_id,):
        found = _load(pid)
        if found is not None:
            return found
    return default_policy()


__all__ = ["default_policy", "policy_for"]
