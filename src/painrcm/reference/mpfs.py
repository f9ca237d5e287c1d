"""Medicare physician fee schedule: relative values, GPCIs and the Medicare allowed amount.

Relative values come from the whole CMS PPRRVU file, 2025 October release (RVU25D, about
19,000 rows: contracts may price any code as a percentage of Medicare), including the 26/TC
(professional/technical component) and 53 rows. GPCIs come from the CY2025 final rule
Addendum E. The allowed amount is CMS's formula::

    [(work RVU x work GPCI) + (PE RVU x PE GPCI) + (MP RVU x MP GPCI)] x conversion factor

with the facility or non-facility PE RVU for the place of service, rounded to the cent
(half up). Where CMS gives no non-facility PE (``NA``, e.g. 63655) the facility PE is used.
Payment rules applied on top of the fee (multiple-procedure 50 %, bilateral 150 %, assistant,
sequestration, patient coinsurance) belong to the claim and remittance stages, not here.

Localities are written ``MAC-locality`` (``"10112-00"`` Alabama, ``"01182-18"`` Los Angeles);
``"0118218"`` and ``"1182-18"`` are accepted too; ``None`` is the national amount (GPCIs 1.0).

>>> medicare_allowed("64483", None, None, facility=False)
Decimal('236.13')
>>> medicare_allowed("77003", "26", None, facility=True)
Decimal('27.17')
>>> medicare_allowed("64483", "RT", "10112-00", facility=True)
Decimal('100.13')
>>> conversion_factor()
Decimal('32.3465')
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import cache

from painrcm.errors import NotFound
from painrcm.reference._data import opt, opt_decimal, read_rows, version

PPRRVU_FILE = "pprrvu_2025_oct.csv.gz"
GPCI_FILE = "gpci_2025.csv"
PRICING_MODIFIERS = ("26", "TC", "53")
"""Modifiers with their own RVU rows; any other modifier is priced on the code's base row."""
PAYABLE_STATUSES = frozenset({"A", "R", "T"})
CENT = Decimal("0.01")


@dataclass(frozen=True, slots=True)
class Rvu:
    """One PPRRVU row (a code, or a code with 26/TC/53)."""

    code: str
    modifier: str | None
    status_code: str
    work: Decimal
    nonfac_pe: Decimal | None        # None when CMS marks the non-facility setting NA
    fac_pe: Decimal | None
    mp: Decimal
    pctc_indicator: str
    global_indicator: str
    mult_proc_indicator: str
    bilateral_indicator: str
    assistant_indicator: str
    co_surgeon_indicator: str
    team_indicator: str
    conversion_factor: Decimal
    not_used_for_medicare_payment: bool

    @property
    def payable(self) -> bool:
        """CMS pays the code separately from these RVUs (status A, R or T)."""
        return self.status_code in PAYABLE_STATUSES and not self.not_used_for_medicare_payment

    def pe(self, facility: bool) -> Decimal:
        """The practice-expense RVU for the setting (facility PE when non-facility is NA)."""
        value = self.fac_pe if facility else (self.nonfac_pe if self.nonfac_pe is not None
                                             else self.fac_pe)
        return value if value is not None else Decimal("0")


@dataclass(frozen=True, slots=True)
class Gpci:
    """Geographic practice cost indices of one Medicare locality."""

    locality: str                   # "MAC-LL", e.g. "01182-18"
    state: str
    name: str
    work: Decimal
    pe: Decimal
    mp: Decimal


NATIONAL = Gpci("national", "", "National (unadjusted)", Decimal(1), Decimal(1), Decimal(1))


@cache
def _rows() -> dict[tuple[str, str], dict[str, str]]:
    return {(row["hcpcs"], row["modifier"]): row for row in read_rows(PPRRVU_FILE)}


@cache
def rvu(code: str, modifier: str | None = None) -> Rvu | None:
    """The RVU row for a code, using the 26/TC/53 row when the modifier has one, else None.

    >>> rvu("76942", "TC").work, rvu("76942", "LT").modifier
    (Decimal('0.00'), None)
    >>> rvu("63655").nonfac_pe is None
    True
    """
    code = code.strip().upper()
    modifier = (modifier or "").strip().upper()
    row = _rows().get((code, modifier)) if modifier in PRICING_MODIFIERS else None
    if row is None:
        row = _rows().get((code, ""))
    if row is None:
        return None

    def rv(name: str) -> Decimal:
        value = opt_decimal(row[name])
        return value if value is not None else Decimal("0")

    return Rvu(
        code=code, modifier=opt(row["modifier"]), status_code=row["status_code"],
        work=rv("work_rvu"),
        nonfac_pe=None if row["nonfac_na_indicator"] == "NA" else rv("nonfac_pe_rvu"),
        fac_pe=None if row["fac_na_indicator"] == "NA" else rv("fac_pe_rvu"),
        mp=rv("mp_rvu"), pctc_indicator=row["pctc_indicator"],
        global_indicator=row["global_days"], mult_proc_indicator=row["mult_proc_indicator"],
        bilateral_indicator=row["bilat_surg_indicator"],
        assistant_indicator=row["asst_surg_indicator"],
        co_surgeon_indicator=row["co_surg_indicator"],
        team_indicator=row["team_surg_indicator"],
        conversion_factor=Decimal(row["conversion_factor"]),
        not_used_for_medicare_payment=bool(opt(row["not_used_for_medicare_payment"])),
    )


def conversion_factor() -> Decimal:
    """The PFS conversion factor of the shipped release (CY2025: 32.3465)."""
    return rvu("99213").conversion_factor


def normalize_locality(locality: str) -> str:
    """``MAC-LL`` with the MAC zero-padded to 5 digits and the locality to 2.

    >>> normalize_locality("1182-18"), normalize_locality("0118218"), normalize_locality("10112 0")
    ('01182-18', '01182-18', '10112-00')
    """
    text = locality.strip()
    for sep in ("-", "/", " ", ":"):
        if sep in text:
            mac, _, loc = text.partition(sep)
            break
    else:
        if len(text) != 7 or not text.isdigit():
            raise NotFound(f"locality {locality!r} is not MAC-locality (e.g. 01182-18)",
                           field="locality")
        mac, loc = text[:5], text[5:]
    mac, loc = mac.strip(), loc.strip()
    if not (mac.isdigit() and loc.isdigit()):
        raise NotFound(f"locality {locality!r} is not MAC-locality (e.g. 01182-18)",
                       field="locality")
    return f"{int(mac):05d}-{int(loc):02d}"


@cache
def _gpcis() -> dict[str, Gpci]:
    table = {}
    for row in read_rows(GPCI_FILE):
        key = f"{int(row['mac']):05d}-{int(row['locality']):02d}"
        table[key] = Gpci(key, row["state"], row["locality_name"], Decimal(row["work_gpci"]),
                          Decimal(row["pe_gpci"]), Decimal(row["mp_gpci"]))
    return table


def gpci(locality: str | None) -> Gpci:
    """GPCIs of a locality (``None`` -> national 1.0); unknown locality raises NotFound.

    >>> gpci("01182-18").name
    'LOS ANGELES-LONG BEACH-ANAHEIM (LOS ANGELES/ORANGE CNTY)'
    """
    if locality is None:
        return NATIONAL
    found = _gpcis().get(normalize_locality(locality))
    if found is None:
        raise NotFound(f"no 2025 GPCI for Medicare locality {locality!r}", field="locality")
    return found


def localities() -> tuple[Gpci, ...]:
    """All 2025 Medicare localities."""
    return tuple(_gpcis().values())


def medicare_allowed(code: str, modifier: str | None, locality: str | None,
                     facility: bool) -> Decimal:
    """Medicare fee schedule amount for one unit, to the cent.

    Uses the 26/TC/53 row when the modifier has one. A code CMS does not pay separately
    (status other than A/R/T, e.g. B bundled, C carrier priced, I not valid for Medicare)
    is 0.00; a code not in the file raises :class:`painrcm.errors.NotFound`.

    >>> medicare_allowed("99417", None, None, facility=False)
    Decimal('0.00')
    """
    row = rvu(code, modifier)
    if row is None:
        raise NotFound(f"code {code} is not in the {version(PPRRVU_FILE)}", field="code")
    if not row.payable:
        return Decimal("0.00")
    g = gpci(locality)
    amount = (row.work * g.work + row.pe(facility) * g.pe + row.mp * g.mp) * row.conversion_factor
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def data_version() -> str:
    """Versions of the shipped PFS data.

    >>> "RVU25D" in data_version()
    True
    """
    return f"{version(PPRRVU_FILE)}; {version(GPCI_FILE)}"
