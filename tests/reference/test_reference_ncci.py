"""NCCI PTP pairs and MUEs."""

from __future__ import annotations

from datetime import date

from painrcm.reference.codes import lookup
from painrcm.reference.ncci import active_edits, mue, ptp_edit, ptp_history


def test_pair_order_insensitive():
    one = ptp_edit("62323", "64483")
    two = ptp_edit("64483", "62323")
    assert one == two
    assert (one.column1, one.column2) == ("62323", "64483")
    assert one.modifier_allowed


def test_imaging_bundled_into_transforaminal():
    edit = ptp_edit("77003", "64483")
    assert edit.column1 == "64483" and edit.column2 == "77003"


def test_no_edit():
    assert ptp_edit("64483", "99999") is None


def test_deleted_edit_needs_a_date():
    history = [e for code in ("64483", "64493", "62323", "20552")
               for e in active_edits(code)]
    assert history  # sanity: active edits exist
    # find one deleted pair in the shipped data and check date handling
    from painrcm.reference.ncci import _ptp
    table = _ptp()
    deleted = next(rows[0] for key, rows in table.items()
                   if rows[0].deletion_date is not None and len(rows) == 1
                   and (key[1], key[0]) not in table)
    assert ptp_edit(deleted.column1, deleted.column2) is None
    assert ptp_edit(deleted.column1, deleted.column2, on=deleted.deletion_date) == deleted
    assert ptp_history(deleted.column2, deleted.column1) == (deleted,)


def test_mue_any_code():
    assert mue("64483").value == 1
    assert mue("99213") is not None
    assert mue("NOPE") is None


def test_pairs_only_within_code_set():
    for code in ("64483", "77003", "99214"):
        for edit in active_edits(code):
            assert lookup(edit.column1) is not None and lookup(edit.column2) is not None


def test_modifier_indicator_values():
    edit = ptp_edit("64483", "77003")
    assert edit.modifier_indicator in ("0", "1", "9")
    assert edit.in_effect(date(2024, 7, 1))


def test_reversed_pair_history():
    # 0213T/20552: edit deleted 2016-12-31, re-added with the columns reversed
    assert ptp_edit("0213T", "20552").column1 == "20552"
    assert ptp_edit("0213T", "20552", on=date(2016, 6, 1)).column1 == "0213T"
    assert ptp_edit("0213T", "20552", on=date(2024, 6, 1)).column1 == "20552"
