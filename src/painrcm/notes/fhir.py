"""FHIR R4 input: a ``DocumentReference`` or a ``Bundle`` of them -> note texts.

Uses ``fhir.resources.R4B`` (the package's default models are R5). The note text is the
first attachment's ``data`` (base64) or, failing that, the resource narrative with its tags
removed.

>>> import base64, json
>>> doc = {"resourceType": "DocumentReference", "id": "n1", "status": "current",
...        "content": [{"attachment": {"contentType": "text/plain",
...                     "data": base64.b64encode(b"Right L5 TFESI").decode()}}]}
>>> notes_from_fhir(json.dumps(doc))
[('n1', 'Right L5 TFESI')]
"""

from __future__ import annotations

import base64
import html
import json
import re

from painrcm.errors import InputError


def is_fhir(text: str) -> bool:
    """Whether a text looks like a FHIR JSON resource."""
    head = text.lstrip()[:400]
    return head.startswith("{") and '"resourceType"' in head or '"resourceType"' in text[:2000]


def _doc_text(doc) -> str | None:
    for content in doc.content or []:
        att = content.attachment
        if att is None:
            continue
        if att.data:
            if isinstance(att.data, (bytes, bytearray)):  # fhir.resources already decoded base64
                return bytes(att.data).decode("utf-8", errors="replace")
            try:
                return base64.b64decode(str(att.data)).decode("utf-8", errors="replace")
            except ValueError:
                return str(att.data)
    if doc.text is not None and doc.text.div:
        return html.unescape(re.sub(r"<[^>]+>", " ", str(doc.text.div))).strip()
    return None


def notes_from_fhir(text: str, file: str | None = None) -> list[tuple[str, str]]:
    """(id, note text) for each DocumentReference in the resource or bundle."""
    from fhir.resources.R4B.bundle import Bundle
    from fhir.resources.R4B.documentreference import DocumentReference

    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"not valid JSON ({exc.msg})", file=file, location=f"line {exc.lineno}") from None
    kind = data.get("resourceType") if isinstance(data, dict) else None
    try:
        if kind == "DocumentReference":
            docs = [DocumentReference.model_validate(data)]
        elif kind == "Bundle":
            bundle = Bundle.model_validate(data)
            docs = [e.resource for e in bundle.entry or []
                    if e.resource is not None and e.resource.get_resource_type() == "DocumentReference"]
        else:
            raise InputError(f"FHIR resource type {kind!r} is not a DocumentReference or Bundle", file=file,
                             field="resourceType")
    except InputError:
        raise
    except Exception as exc:  # pydantic validation error: name the place, not the content
        first = str(exc).splitlines()[1] if len(str(exc).splitlines()) > 1 else "invalid resource"
        raise InputError(f"not a valid FHIR R4 {kind}: {first}", file=file) from None
    out = []
    for i, doc in enumerate(docs):
        body = _doc_text(doc)
        if body and body.strip():
            out.append((doc.id or str(i + 1), body))
    if not out:
        raise InputError("no DocumentReference with note text found", file=file)
    return out
