"""Normalised JSON forms of what the readers return, and claims JSON in and out.

* 835: ``{"payments": [{"trn", "payer", "total_paid", "claims": [...]}]}`` with each claim's
  ``patient_control_number, status, charge, paid, patient_responsibility,
  payer_claim_number, adjustments [{group, reason, amount}], lines [{code, modifiers, units,
  charge, paid, adjustments, remarks}]``; amounts are strings with two decimals.
* 837P: ``{"claims": [...]}``, each claim the JSON of the :class:`~painrcm.claims.model.Claim`
  dataclass (dates ISO, money as two-decimal strings, units as plain decimal strings).
  :func:`claims_from_json` reads the same shape back (``painrcm edi 837 --claims``).
* Everything else: the JSON of its dataclasses (:func:`to_jsonable`).

The decoder is generic over the dataclass type hints (nested dataclasses, tuples,
optionals, dates, Decimals), so a field added to the claim model needs no change here.

>>> from painrcm.edi.samples import sample_claims
>>> c = sample_claims(1)[0]
>>> claims_from_json(claims_to_json([c]))[0] == c
True
>>> claims_to_json([c])["claims"][0]["lines"][0]["charge"]
'950.00'
"""

from __future__ import annotations

import dataclasses
import types
import typing
from datetime import date
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Any, Iterable

from painrcm.claims.model import Claim
from painrcm.errors import InputError
from painrcm.remit.model import Remittance

# Decimal fields that are quantities, not money (kept as plain decimal strings)
QUANTITY_FIELDS = frozenset({"units", "quantity", "percent"})


def _money(d: Decimal | None) -> str | None:
    return None if d is None else f"{d:.2f}"


def _qty(d: Decimal) -> str:
    s = format(d, "f")
    if "." in s:
        s = s.rstrip("0").rstrip(".")
    return s


def to_jsonable(obj: Any, field_name: str = "") -> Any:
    """Dataclasses -> dicts, tuples -> lists, dates -> ISO, Decimals -> strings."""
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: to_jsonable(getattr(obj, f.name), f.name) for f in dataclasses.fields(obj)
                if f.name != "extra"}
    if isinstance(obj, Decimal):
        return _qty(obj) if field_name in QUANTITY_FIELDS else f"{obj:.2f}"
    if isinstance(obj, date):
        return obj.isoformat()
    if isinstance(obj, (list, tuple)):
        return [to_jsonable(x, field_name) for x in obj]
    if isinstance(obj, dict):
        return {str(k): to_jsonable(v, str(k)) for k, v in obj.items()}
    if hasattr(obj, "value") and hasattr(obj, "name") and isinstance(getattr(obj, "value"), str):
        return obj.value
    return obj


def remittances_to_json(remittances: Iterable[Remittance]) -> dict:
    """The 835 JSON form printed by ``painrcm edi parse``."""
    payments = []
    for rem in remittances:
        payments.append({
            "trn": rem.trn,
            "payer": {"name": rem.payer_name, "id": rem.payer_id},
            "payee": {"name": rem.payee_name, "npi": rem.payee_npi, "tax_id": rem.payee_tax_id},
            "total_paid": _money(rem.total_paid),
            "payment_method": rem.payment_method,
            "payment_date": rem.payment_date.isoformat() if rem.payment_date else None,
            "claims": [{
                "patient_control_number": c.patient_control_number,
                "status": c.status,
                "charge": _money(c.charge),
                "paid": _money(c.paid),
                "patient_responsibility": _money(c.patient_responsibility),
                "payer_claim_number": c.payer_claim_number,
                "claim_filing_indicator": c.claim_filing_indicator,
                "service_date_from": c.service_date_from.isoformat() if c.service_date_from else None,
                "service_date_to": c.service_date_to.isoformat() if c.service_date_to else None,
                "adjustments": [_adj(a) for a in c.adjustments],
                "remarks": list(c.remarks),
                "lines": [{
                    "code": ln.code,
                    "modifiers": list(ln.modifiers),
                    "units": _qty(ln.units),
                    "charge": _money(ln.charge),
                    "paid": _money(ln.paid),
                    "allowed": _money(ln.allowed),
                    "original_code": ln.original_code,
                    "service_date": ln.service_date.isoformat() if ln.service_date else None,
                    "line_id": ln.line_id,
                    "adjustments": [_adj(a) for a in ln.adjustments],
                    "remarks": list(ln.remarks),
                } for ln in c.lines],
            } for c in rem.claims],
            "provider_adjustments": [{
                "provider_id": p.provider_id, "reason": p.reason, "reference": p.reference,
                "amount": _money(p.amount),
                "fiscal_period_date": p.fiscal_period_date.isoformat() if p.fiscal_period_date else None,
            } for p in rem.provider_adjustments],
        })
    return {"payments": payments}


def _adj(a) -> dict:
    out = {"group": a.group, "reason": a.reason, "amount": _money(a.amount)}
    if a.quantity is not None:
        out["quantity"] = _qty(a.quantity)
    return out


def claims_to_json(claims: Iterable[Claim]) -> dict:
    return {"claims": [to_jsonable(c) for c in claims]}


def claims_from_json(data: Any, *, file: str | None = None) -> list[Claim]:
    """Claims from the ``{"claims": [...]}`` form (or a bare list); errors name the key path."""
    items = data.get("claims") if isinstance(data, dict) else data
    if not isinstance(items, list):
        raise InputError("expected an object with a 'claims' list", file=file, location="claims")
    return [_decode(Claim, item, f"claims[{i}]", file) for i, item in enumerate(items)]


@lru_cache(maxsize=None)
def _hints(cls) -> dict:
    return typing.get_type_hints(cls)


def _decode(tp: Any, value: Any, path: str, file: str | None) -> Any:
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        if value is None:
            return None
        return _decode(args[0], value, path, file)
    if tp is Any:
        return value
    if dataclasses.is_dataclass(tp):
        if not isinstance(value, dict):
            raise InputError(f"expected an object for {tp.__name__}", file=file, location=path)
        hints = _hints(tp)
        kwargs = {}
        names = {f.name for f in dataclasses.fields(tp) if f.init}
        for key in value:
            if key not in names:
                raise InputError(f"unknown key {key!r}", file=file, location=f"{path}.{key}")
        for f in dataclasses.fields(tp):
            if f.name in value and f.init:
                kwargs[f.name] = _decode(hints[f.name], value[f.name], f"{path}.{f.name}", file)
        try:
            return tp(**kwargs)
        except TypeError as exc:
            missing = str(exc).split("argument", 1)[-1].strip(": s")
            raise InputError(f"missing required key(s) {missing}", file=file, location=path) from None
        except ValueError as exc:
            raise InputError(str(exc), file=file, location=path) from None
    if origin is tuple:
        if not isinstance(value, list):
            raise InputError("expected a list", file=file, location=path)
        args = typing.get_args(tp)
        inner = args[0] if args else Any
        return tuple(_decode(inner, v, f"{path}[{i}]", file) for i, v in enumerate(value))
    if origin is dict or tp is dict:
        if not isinstance(value, dict):
            raise InputError("expected an object", file=file, location=path)
        return value
    if tp is Decimal:
        try:
            d = Decimal(str(value))
        except InvalidOperation:
            raise InputError(f"not a number: {value!r}", file=file, location=path) from None
        if not d.is_finite():
            raise InputError(f"not a number: {value!r}", file=file, location=path)
        return d
    if tp is date:
        try:
            return date.fromisoformat(str(value))
        except ValueError:
            raise InputError("not a date (YYYY-MM-DD)", file=file, location=path) from None
    if tp is int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise InputError("expected an integer", file=file, location=path)
        return value
    if tp is str:
        if not isinstance(value, str):
            raise InputError("expected a string", file=file, location=path)
        return value
    if tp is bool:
        if not isinstance(value, bool):
            raise InputError("expected true or false", file=file, location=path)
        return value
    return value
