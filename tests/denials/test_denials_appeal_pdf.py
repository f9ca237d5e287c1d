"""Appeal letters: built from the claim, denial codes, payer criteria and quoted note evidence; PDF checked
by text extraction."""

from __future__ import annotations

from datetime import date

import pytest

from painrcm.coding.model import CodeLine, CodingResult
from painrcm.denials.appeals import build_appeal, payer_criteria, render_appeal_html, write_appeal_pdf
from painrcm.denials.testing import make_claim, make_denial
from painrcm.denials.worklist import classify_denials
from painrcm.errors import InputError
from painrcm.notes.facts import Evidence

AS_OF = date(2026, 4, 10)


def _rfa(payer="lakeshore-ppo"):
    claim = make_claim("RFA77", payer_id=payer, lines=(("64635", "1500.00", ("RT",)), ("64636", "700.00", ("RT",))))
    denials = classify_denials([claim], [make_denial(claim, ["CO-50"], ["N115"]),
                                         make_denial(claim, ["CO-50"], line_number=2)], as_of=AS_OF)
    coding = CodingResult(
        (CodeLine("64635", ("RT",), 1, ("M47.816",),
                  (Evidence(0, 40, "Right L4-5 and L5-S1 medial branch radiofrequency ablation"),
                   Evidence(50, 90, "two prior MBBs gave 85% and 90% relief"))),),
        ("M47.816",), (), {})
    return claim, denials, coding


def test_appeal_pdf_text(tmp_path):
    from pypdf import PdfReader

    claim, denials, coding = _rfa("medicare")
    letter = build_appeal(claim, denials, as_of=AS_OF, coding=coding, signer="Dana Biller")
    out = write_appeal_pdf(letter, tmp_path / "appeal.pdf")
    text = " ".join(" ".join((p.extract_text() or "").split()) for p in PdfReader(str(out)).pages)
    assert "Request for redetermination (first-level Medicare appeal)" in text
    assert "RFA77" in text and "PCN1" in text
    assert "64635" in text and "64636" in text
    assert "CO-50" in text and "N115" in text and "medical necessity" in text.lower()
    assert "two prior MBBs gave 85% and 90% relief" in text          # quoted evidence
    assert "diagnostic medial branch blocks" in text                # the payer's criteria (medicare RFA rule)
    assert "L38773" in text                                         # the payer's policy source
    assert "2026-07-30" in text                                     # decision + 120 days
    assert "Dana Biller" in text


def test_letter_content_is_pure_data():
    claim, denials, coding = _rfa()
    letter = build_appeal(claim, denials, as_of=AS_OF, coding=coding)
    assert [ln.code for ln in letter.lines] == ["64635", "64636"]
    assert letter.evidence[0] == ("Supports 64635", "Right L4-5 and L5-S1 medial branch radiofrequency ablation")
    assert dict(letter.denial_codes)["CO-50"].startswith("These are non-covered services")
    assert letter.deadline.startswith("peer to peer deadline 2026-05-01")


def test_template_is_editable(tmp_path):
    claim, denials, coding = _rfa()
    (tmp_path / "appeal_letter.html").write_text("<p>CUSTOM {{ letter.claim_id }} {{ letter.title }}</p>")
    html = render_appeal_html(build_appeal(claim, denials, as_of=AS_OF), tmp_path)
    assert html.startswith("<p>CUSTOM RFA77 Request for peer-to-peer")


def test_html_escapes_note_text():
    claim, denials, _ = _rfa()
    letter = build_appeal(claim, denials, as_of=AS_OF, evidence=[("Note", "pain <8/10> & worse")])
    html = render_appeal_html(letter)
    assert "pain &lt;8/10&gt; &amp; worse" in html


def test_no_denial_no_letter():
    claim, denials, _ = _rfa()
    other = make_claim("OTHER")
    with pytest.raises(InputError):
        build_appeal(other, denials, as_of=AS_OF)


def test_payer_criteria_by_family_and_place_of_service():
    esi = payer_criteria("medicare", ["64483"], "11")
    assert any("esi sessions" in c for c in esi)
    assert payer_criteria("no-such-payer", ["64483"]) == ()
