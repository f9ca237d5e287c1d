"""Procedure families: the names payer policy files use for groups of codes.

A payer file says "prior auth for ``facet_rfa``" or "four ``esi`` sessions per region",
not a list of CPT codes, so the same file keeps working when a code is added to a family.
Families nest: ``esi_transforaminal`` and ``esi_interlaminar`` are both ``esi``; a rule
written for ``esi`` matches a transforaminal code.

>>> family_of("64483")
'esi_transforaminal'
>>> families_of("64483")
('esi_transforaminal', 'esi')
>>> families_of("64635")
('facet_rfa', 'rfa', 'facet_interventions')
>>> codes_in("esi_interlaminar")
('62310', '62311', '62320', '62321', '62322', '62323')
>>> is_family("esi"), is_family("64483")
(True, False)
"""

from __future__ import annotations

from painrcm.errors import NotFound


def _span(first: int, last: int) -> tuple[str, ...]:
    return tuple(str(n) for n in range(first, last + 1))


#: Leaf families and their codes (CPT/HCPCS). One code belongs to one leaf family. Names match
#: the ``family`` column of the reference code set (``painrcm.reference.codes``) where that
#: column is as fine as payer rules need; finer splits (``facet_rfa`` vs ``genicular_rfa``,
#: ``em_office`` vs ``em_add_on``) sit under a parent carrying the reference name.
LEAF_FAMILIES: dict[str, tuple[str, ...]] = {
    "esi_interlaminar": ("62310", "62311") + _span(62320, 62323),
    "esi_transforaminal": _span(64479, 64484),
    "epidural_catheter": ("62318", "62319") + _span(62324, 62327),
    "epidural_other": ("62263", "62264", "62270", "62272", "62273"),
    "facet_injection": ("64470", "64472", "64475", "64476") + _span(64490, 64495),
    "facet_injection_ultrasound": ("0213T", "0214T", "0215T", "0216T", "0217T", "0218T"),
    "facet_rfa": ("64622", "64623", "64626", "64627") + _span(64633, 64636),
    "genicular_rfa": ("64624",),
    "si_joint_rfa": ("64625",),
    "si_joint": ("27096",),
    "scs": ("63650", "63655", "63661", "63662", "63663", "63664", "63685", "63688"),
    "scs_programming": ("95970", "95971", "95972", "95973"),
    "device": ("C1607", "C1767", "C1778", "C1787", "C1820", "C1827"),
    "tpi": ("20552", "20553"),
    "joint": ("20526", "20550", "20551", "20600", "20604", "20605", "20606", "20610", "20611",
              "20612"),
    "nerve_block": ("64400", "64405", "64415", "64416", "64417", "64418", "64420", "64421",
                    "64425", "64430", "64445", "64446", "64447", "64448", "64449", "64450",
                    "64451", "64454", "64455", "64461", "64462", "64463", "64486", "64488",
                    "64408", "64487", "64489"),
    "sympathetic_block": ("64505", "64508", "64510", "64517", "64520", "64530"),
    "neurolysis": ("62280", "62281", "62282", "64620", "64630", "64632", "64640", "64680", "64681"),
    "vertebral_augmentation": _span(22510, 22515),
    "pns": ("64555", "64590", "64595"),
    "basivertebral_ablation": ("64628", "64629"),
    "dry_needling": ("20560", "20561"),
    "regenerative": ("0232T",),
    "unlisted": ("64999",),
    "discography": ("62290", "62291", "72285", "72295"),
    "intrathecal_pump": ("62350", "62351", "62355", "62360", "62361", "62362", "62365", "62367",
                         "62368", "62369", "62370", "95990", "95991"),
    "imaging_guidance": ("76000", "76005", "76942", "77002", "77003", "77012"),
    "em_office": ("99201", "99202", "99203", "99204", "99205",
                  "99211", "99212", "99213", "99214", "99215"),
    "em_consult": ("99242", "99243", "99244", "99245"),
    "em_add_on": ("G2211", "G2212", "99417"),
    "cpm": ("G3002", "G3003"),
    "care_management": ("99424", "99425", "99426", "99427", "99437", "99439", "99457", "99458",
                        "99487", "99489", "99490", "99491"),
    "drug": ("J0585", "J0702", "J1030", "J1040", "J1100", "J3301"),
    "drug_administration": ("96372",),
}

#: Parent families: a rule naming the parent applies to every child.
PARENT_FAMILIES: dict[str, tuple[str, ...]] = {
    "esi": ("esi_interlaminar", "esi_transforaminal", "epidural_catheter"),
    "facet": ("facet_injection", "facet_injection_ultrasound"),
    "rfa": ("facet_rfa", "genicular_rfa", "si_joint_rfa"),
    "facet_interventions": ("facet_injection", "facet_injection_ultrasound", "facet_rfa"),
    "em": ("em_office", "em_consult", "em_add_on"),
}

_CODE_TO_LEAF: dict[str, str] = {c: fam for fam, codes in LEAF_FAMILIES.items() for c in codes}
_LEAF_TO_PARENTS: dict[str, tuple[str, ...]] = {}
for _parent, _children in PARENT_FAMILIES.items():
    for _child in _children:
        _LEAF_TO_PARENTS[_child] = _LEAF_TO_PARENTS.get(_child, ()) + (_parent,)

#: Every family name a policy file may use.
FAMILY_NAMES: frozenset[str] = frozenset(LEAF_FAMILIES) | frozenset(PARENT_FAMILIES)


def is_family(name: str) -> bool:
    """True when ``name`` is a family name (not a code)."""
    return name in FAMILY_NAMES


def family_of(code: str) -> str | None:
    """The leaf family of a code, or None when the code is in no family."""
    return _CODE_TO_LEAF.get(code.strip().upper())


def families_of(code_or_family: str) -> tuple[str, ...]:
    """The leaf family and every parent family of a code (or of a family name), most specific first.

    >>> families_of("esi_interlaminar")
    ('esi_interlaminar', 'esi')
    >>> families_of("esi")
    ('esi',)
    >>> families_of("99999")
    ()
    """
    key = code_or_family.strip()
    if key in PARENT_FAMILIES:
        return (key,)
    leaf = key if key in LEAF_FAMILIES else family_of(key)
    if leaf is None:
        return ()
    return (leaf,) + _LEAF_TO_PARENTS.get(leaf, ())


def codes_in(family: str) -> tuple[str, ...]:
    """Every code of a family (a parent family: all its children's codes)."""
    if family in LEAF_FAMILIES:
        return LEAF_FAMILIES[family]
    if family in PARENT_FAMILIES:
        return tuple(c for child in PARENT_FAMILIES[family] for c in LEAF_FAMILIES[child])
    raise NotFound(f"unknown procedure family {family!r}; known: {', '.join(sorted(FAMILY_NAMES))}")


#: Spinal regions as notes and authorizations name them.
SPINAL_REGIONS: tuple[str, ...] = ("cervical", "thoracic", "lumbar", "sacral")
