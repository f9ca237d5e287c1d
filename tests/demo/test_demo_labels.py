"""The answer key: labels derived from facts follow docs/coding-conventions.md (medicare default)."""

from __future__ import annotations

from datetime import date

import pytest

from painrcm.demo.labels import em_code, expected_label
from painrcm.demo.truth import EncounterTruth, Procedure, Visit


def lines(*procs, pos="11", visit=None, printed=()):
    t = EncounterTruth("t", tuple(procs), visit=visit, place_of_service=pos, printed_codes=printed)
    lab = expected_label(t, date(2026, 3, 2))
    return [(ln["code"], tuple(ln["modifiers"]), ln["units"]) for ln in lab["lines"]], [q["topic"] for q in lab["queries"]]


def both(*levels):
    return tuple((s, lv) for lv in levels for s in ("right", "left"))


TF = dict(approach="transforaminal", imaging="fluoroscopy", dx=("M54.16",))


def test_transforaminal_sides_and_levels():
    assert lines(Procedure("tfesi", "lumbar", both("L4-5", "L5-S1"), **TF)) == (
        [("64483", ("50",), 1), ("64484", ("50",), 1)], [])
    assert lines(Procedure("tfesi", "lumbar", (("right", "L4-5"), ("left", "L5-S1")), **TF)) == (
        [("64483", ("RT",), 1), ("64483", ("LT",), 1)], [])
    assert lines(Procedure("tfesi", "cervical", (("left", "C5-6"), ("left", "C6-7"), ("left", "C4-5")), **TF)) == (
        [("64479", ("LT",), 1), ("64480", ("LT",), 2)], [])
    # both sides at L4-5, right only at L5-S1: per side, never the primary twice on one side
    assert lines(Procedure("tfesi", "lumbar", both("L4-5") + (("right", "L5-S1"),), **TF)) == (
        [("64483", ("RT",), 1), ("64484", ("RT",), 1), ("64483", ("LT",), 1)], [])


def test_missing_elements_raise_queries():
    assert lines(Procedure("tfesi", "lumbar", (("right", "L4-5"),), gaps=frozenset({"approach"}), **TF)) == ([], ["approach"])
    assert lines(Procedure("tfesi", "lumbar", (("right", "L4-5"), ("right", "L5-S1")), gaps=frozenset({"laterality"}), **TF)) == (
        [("64483", (), 1), ("64484", (), 1)], ["laterality"])
    assert lines(Procedure("tpi", muscles=(("right", "trapezius"),), gaps=frozenset({"muscles"}), dx=("M79.18",))) == (
        [], ["muscles"])
    assert lines(Procedure("scs_programming", parameters=None, gaps=frozenset({"parameters"}), dx=("M96.1",))) == (
        [], ["programming_complexity"])


def test_interlaminar_never_takes_laterality_and_imaging_decides_the_code():
    il = dict(approach="interlaminar", dx=("M54.16",))
    assert lines(Procedure("ilesi", "lumbar", (("left", "L5-S1"),), imaging="fluoroscopy", **il)) == ([("62323", (), 1)], [])
    assert lines(Procedure("ilesi", "lumbar", (("midline", "L4-5"),), imaging="none", **il)) == ([("62322", (), 1)], [])
    assert lines(Procedure("ilesi", "cervical", (("midline", "C7-T1"),), imaging="fluoroscopy", **il)) == ([("62321", (), 1)], [])
    assert lines(Procedure("caudal", "lumbar", (("midline", "caudal"),), approach="caudal", imaging="fluoroscopy",
                           dx=("M96.1",))) == ([("62323", (), 1)], [])


def test_interlaminar_with_imaging_unstated_is_coded_without_imaging():
    il = dict(approach="interlaminar", imaging="", gaps=frozenset({"imaging_unstated"}), dx=("M54.16",))
    assert lines(Procedure("ilesi", "lumbar", (("midline", "L4-5"),), **il)) == ([("62322", (), 1)], [])
    assert lines(Procedure("ilesi", "cervical", (("midline", "C7-T1"),), **il)) == ([("62320", (), 1)], [])
    # SI joint with imaging unstated stays a query
    assert lines(Procedure("si_joint", "sacral", (("right", "SI"),), imaging="", gaps=frozenset({"imaging_unstated"}),
                           dx=("M46.1",))) == ([], ["imaging_documentation"])


def test_lysis_of_adhesions_is_62264_not_a_query():
    lab = expected_label(EncounterTruth("t", not_billable="lysis"), date(2026, 3, 2))
    assert [(ln["code"], ln["modifiers"], ln["units"]) for ln in lab["lines"]] == [("62264", [], 1)]
    assert "not_billable" not in [q["topic"] for q in lab["queries"]]
    lab = expected_label(EncounterTruth("t", not_billable="impar"), date(2026, 3, 2))
    assert lab["lines"] == [] and [q["topic"] for q in lab["queries"]] == ["not_billable"]


def test_facet_counts_joints_and_rfa_counts_additional_joints():
    fac = dict(imaging="fluoroscopy", diagnostic=True, dx=("M47.816",))
    assert lines(Procedure("facet", "lumbar", both("L3-4", "L4-5", "L5-S1"), **fac)) == (
        [("64493", ("50",), 1), ("64494", ("50",), 1), ("64495", ("50",), 1)], [])
    assert lines(Procedure("facet", "cervical", (("right", "C4-5"),), **fac)) == ([("64490", ("RT",), 1)], [])
    assert lines(Procedure("facet", "lumbar", both("L4-5", "L5-S1"), imaging="ultrasound", dx=("M47.816",))) == (
        [("0216T", ("50",), 1), ("0217T", ("50",), 1)], [])
    rfa = Procedure("rfa", "lumbar", both("L3-4", "L4-5", "L5-S1"), imaging="fluoroscopy", dx=("M47.816",),
                    relief_pct=85, relief_hours=6, prior_blocks=2)
    assert lines(rfa) == ([("64635", ("50",), 1), ("64636", ("50",), 2)], [])
    vague = Procedure("rfa", "lumbar", (("left", "L4-5"),), imaging="fluoroscopy", dx=("M47.816",),
                      gaps=frozenset({"relief_pct"}))
    assert lines(vague) == ([("64635", ("LT",), 1)], ["relief_documentation"])


def test_imaging_codes_need_all_three_elements_and_an_excluding_primary():
    knee = dict(site="knee", dx=("M17.11",))
    assert lines(Procedure("joint", "", (("right", "knee"),), imaging="fluoroscopy", **knee)) == (
        [("20610", ("RT",), 1), ("77002", (), 1)], [])
    assert lines(Procedure("joint", "", (("right", "knee"),), imaging="fluoroscopy", image_saved=False, **knee)) == (
        [("20610", ("RT",), 1)], ["imaging_documentation"])
    assert lines(Procedure("joint", "", (("right", "knee"),), imaging="ultrasound", **knee)) == ([("20611", ("RT",), 1)], [])
    assert lines(Procedure("joint", "", (("right", "knee"),), imaging="ultrasound", interpretation=False, **knee)) == (
        [("20610", ("RT",), 1)], ["imaging_documentation"])
    assert lines(Procedure("sympathetic", "", (("left", "lumbar sympathetic"),), imaging="fluoroscopy",
                           site="lumbar sympathetic", dx=("G90.522",))) == ([("64520", ("LT",), 1), ("77003", (), 1)], [])
    assert lines(Procedure("sympathetic", "", (("midline", "celiac"),), imaging="fluoroscopy", site="celiac",
                           dx=("C25.0",))) == ([("64530", (), 1)], [])
    # imaging included in the primary: no imaging line and no query even without a saved image
    assert lines(Procedure("tfesi", "lumbar", (("right", "L4-5"),), image_saved=False, interpretation=False, **TF)) == (
        [("64483", ("RT",), 1)], [])


def test_trigger_points_count_distinct_muscles():
    two = (("right", "trapezius"), ("left", "trapezius"))
    three = two + (("right", "levator scapulae"),)
    assert lines(Procedure("tpi", muscles=two, dx=("M79.18",))) == ([("20552", (), 1)], [])
    assert lines(Procedure("tpi", muscles=three, dx=("M79.18",))) == ([("20553", (), 1)], [])


def test_scs_device_codes_only_at_facilities():
    implant = Procedure("scs_implant", "thoracic", (), leads=2, device="rechargeable", dx=("M96.1",))
    assert lines(implant, pos="24") == ([("63650", (), 2), ("63685", (), 1), ("C1820", (), 1), ("C1778", (), 2)], [])
    assert lines(implant, pos="11") == ([("63650", (), 2), ("63685", (), 1)], [])
    integrated = Procedure("scs_implant", "thoracic", (), leads=1, device="integrated", dx=("M96.1",))
    assert lines(integrated, pos="22") == ([("63650", (), 1), ("63685", (), 1), ("C1607", (), 1)], [])
    unknown = Procedure("scs_implant", "thoracic", (), leads=2, device="rechargeable", dx=("M96.1",), gaps=frozenset({"device"}))
    assert lines(unknown, pos="24") == ([("63650", (), 2), ("63685", (), 1)], ["device"])
    assert lines(Procedure("scs_trial", "thoracic", (), leads=2, dx=("M96.1",)), pos="24") == ([("63650", (), 2)], [])
    for params, code in (((), "95970"), (("amplitude",), "95971"), (("amplitude", "pulse width", "frequency"), "95971"),
                         (("amplitude", "pulse width", "frequency", "cycling"), "95972")):
        assert lines(Procedure("scs_programming", parameters=params, dx=("M96.1",))) == ([(code, (), 1)], [])


@pytest.mark.parametrize("new,problems,data,risk,minutes,code", [
    (False, 3, 3, 4, None, "99213"), (False, 4, 2, 4, None, "99214"), (False, 3, 2, 3, 41, "99215"),
    (True, 4, 4, 3, None, "99204"), (True, 5, 5, 4, None, "99205"), (True, 3, 3, 3, 62, "99205"),
])
def test_em_level_is_the_higher_of_mdm_and_time(new, problems, data, risk, minutes, code):
    assert em_code(Visit(new=new, problems=problems, data=data, risk=risk, minutes=minutes)) == code


def test_em_modifier_25_and_g2211():
    v = Visit(new=False, problems=4, data=3, risk=4, dx=("M17.11",))
    assert lines(visit=v) == ([("99214", (), 1), ("G2211", (), 1)], [])
    tpi = Procedure("tpi", muscles=(("right", "trapezius"),), dx=("M79.18",))
    assert lines(tpi, visit=v) == ([("99214", ("25",), 1), ("20552", (), 1)], [])
    consult = Visit(new=True, problems=4, data=4, risk=4, dx=("M54.16",), longitudinal=False)
    assert lines(visit=consult) == ([("99204", (), 1)], [])
    assert lines(visit=Visit(new=False, problems=4, data=3, risk=4, dx=("M54.16",), gaps=frozenset({"em_level"}))) == (
        [], ["em_level"])


def test_printed_codes_are_never_copied_and_a_wrong_one_is_a_conflict():
    p = Procedure("tfesi", "lumbar", (("right", "L4-5"),), **TF)
    assert lines(p, printed=("64483", "76005", "724.4")) == ([("64483", ("RT",), 1)], [])
    assert lines(p, printed=("62323", "724.4")) == ([("64483", ("RT",), 1)], ["code_conflict"])


def test_status_diagnoses_and_not_billable():
    t = EncounterTruth("t", (Procedure("facet", "lumbar", both("L4-5"), imaging="fluoroscopy", dx=("G89.29", "M47.816")),))
    lab = expected_label(t)
    assert lab["status"] == "ready" and lab["diagnoses"] == ["M47.816", "G89.29"]
    assert lab["lines"][0]["diagnoses"] == ["M47.816", "G89.29"]
    nothing = expected_label(EncounterTruth("t", not_billable="cancelled"))
    assert nothing["status"] == "needs_review" and [q["topic"] for q in nothing["queries"]] == ["not_billable"]
    no_dx = expected_label(EncounterTruth("t", (Procedure("si_joint", "sacral", (("right", "SI joint"),), imaging="fluoroscopy",
                                                           gaps=frozenset({"diagnosis"})),)))
    assert [q["topic"] for q in no_dx["queries"]] == ["diagnosis"] and no_dx["lines"][0]["code"] == "27096"
