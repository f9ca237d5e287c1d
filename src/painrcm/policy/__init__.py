"""Payer policy: each payer's rules as validated data, one YAML file per payer.

"Policy is data": a new payer is a file in ``policy/payers/`` (or in a practice's own
directory), not a code change. ``load_policy("medicare")`` returns a frozen ``PayerPolicy``
that the coder, scrubber, auth tracker and remit stages ask questions of
(``bilateral_style``, ``frequency_limit``, ``requires_prior_auth`` ...). Keys, defaults and
examples: docs/payer-policy.md.

>>> load_policy("medicare").bilateral_style("11").value
'modifier_50_one_line'
>>> "medicare" in shipped_policy_ids()
True
"""

from painrcm.policy.families import (FAMILY_NAMES, LEAF_FAMILIES, PARENT_FAMILIES, SPINAL_REGIONS,
                                     codes_in, families_of, family_of, is_family)
from painrcm.policy.loader import (SHIPPED_DIR, FileReport, Problem, check_file, load_directory,
                                   load_policy, policy_for_x12_payer_id, policy_ids,
                                   shipped_policy_ids, validate_directory, validate_file)
from painrcm.policy.schema import PayerPolicy
from painrcm.policy.sections import (Bilateral, ConservativeTreatment, Deadlines, DeviceCodes, Em,
                                     FrequencyLimit, ImagingOverride, LevelLimit, Modifiers,
                                     PriorAuth, PriorAuthRule, RepeatInjection, RequiredModifier,
                                     RfaPrerequisite, Scs)
from painrcm.policy.types import (BilateralStyle, DistinctProcedureModifier, ModifierCondition,
                                  ProlongedCode, XModifier)

__all__ = [
    "PayerPolicy", "load_policy", "load_directory", "validate_file", "validate_directory",
    "check_file", "FileReport", "Problem", "shipped_policy_ids", "policy_ids",
    "policy_for_x12_payer_id", "SHIPPED_DIR",
    "BilateralStyle", "DistinctProcedureModifier", "ModifierCondition", "ProlongedCode", "XModifier",
    "Bilateral", "ConservativeTreatment", "Deadlines", "DeviceCodes", "Em", "FrequencyLimit",
    "ImagingOverride", "LevelLimit", "Modifiers", "PriorAuth", "PriorAuthRule", "RepeatInjection",
    "RequiredModifier", "RfaPrerequisite", "Scs",
    "FAMILY_NAMES", "LEAF_FAMILIES", "PARENT_FAMILIES", "SPINAL_REGIONS",
    "codes_in", "families_of", "family_of", "is_family",
]
