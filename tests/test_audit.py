# ruff: noqa: F811 - pytest fixtures imported from test_store are redefined as arguments
"""Audit trail and backups: who did what when, append-only, exportable; backup round trips.

Runs on SQLite and, when DRAAGKRACHT_TEST_PG_URL is set, on PostgreSQL too (test_store's
fixtures).
"""

from __future__ import annotations

import json
import sqlite3
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import openpyxl
import pytest
import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).parent))
from test_store import (  # noqa: F401 - fixtures are used by name
    PG_URL,
    _own_data_dir,
    _reset_pg,
    db_url,
    make_scenario,
    store,
    summary,
)

from allocation.compare import write_audit_log
from allocation.store import StoreError, open_store, read_backup
from allocation.store.backup import checksum


def _actions(store) -> list[tuple[str, str, str, int | None]]:
    return [(e.action, e.actor, e.scenario_name, e.scenario_version) for e in store.audit()]


def test_every_change_is_recorded_with_who_and_when(store):
    before = datetime.now(UTC) - timedelta(seconds=1)
    v1 = store.save(make_scenario(), summary(), "Basis", author="ana@provincie.nl")
    v2 = store.save(make_scenario(budget=1.0), summary(), "Basis", author="ben@provincie.nl")
    store.rename(v1.id, "Voorstel", actor="ana@provincie.nl")
    store.delete(v2.id, actor="beheer@provincie.nl")
    store.restore(v2.id, actor="beheer@provincie.nl")
    store.delete(v1.id, all_versions=True, actor="beheer@provincie.nl")
    store.restore(v1.id, all_versions=True, actor="beheer@provincie.nl")
    store.log_decision(v2.id, "Past binnen de begroting", author="gs@provincie.nl")
    assert _actions(store) == [
        ("save", "ana@provincie.nl", "Basis", 1),
        ("save", "ben@provincie.nl", "Basis", 2),
        ("rename", "ana@provincie.nl", "Voorstel", 1),
        ("delete", "beheer@provincie.nl", "Voorstel", 2),
        ("restore", "beheer@provincie.nl", "Voorstel", 2),
        ("delete", "beheer@provincie.nl", "Voorstel", 1),
        ("restore", "beheer@provincie.nl", "Voorstel", 1),
        ("decide", "gs@provincie.nl", "Voorstel", 2),
    ]
    trail = store.audit()
    assert trail[2].detail == {"old_name": "Basis", "new_name": "Voorstel"}
    assert trail[5].detail == {"all_versions": True}
    assert trail[7].detail["rationale"] == "Past binnen de begroting"
    times = [e.at for e in trail]
    assert times == sorted(times) and before <= times[0] <= datetime.now(UTC)
    assert [e.action for e in store.audit(v1.id)] == ["save", "rename", "delete", "restore"]
    # a refused change leaves no trace
    with pytest.raises(StoreError):
        store.rename(v1.id, "   ", actor="x")
    with pytest.raises(StoreError):
        store.log_decision(v1.id, "", author="x")
    assert len(store.audit()) == 8


def test_the_trail_is_append_only_in_the_database_itself(store, db_url):
    store.save(make_scenario(), summary(), "Basis", author="ana")
    engine = sa.create_engine(db_url)
    try:
        for sql in ("UPDATE audit_log SET actor = 'iemand anders'", "DELETE FROM audit_log"):
            with pytest.raises(sa.exc.DBAPIError) as err, engine.begin() as conn:
                conn.execute(sa.text(sql))
            assert "append-only" in str(err.value)
    finally:
        engine.dispose()
    assert _actions(store) == [("save", "ana", "Basis", 1)]


def test_deleting_a_scenario_keeps_its_history(store):
    saved = store.save(make_scenario(), summary(), "Weg", author="ana")
    store.delete(saved.id, actor="beheer")
    assert store.list() == []
    assert [e.action for e in store.audit(saved.id)] == ["save", "delete"]


def test_audit_export_has_no_formulas(store, tmp_path):
    evil = "=HYPERLINK(\"http://x\",\"klik\")"
    saved = store.save(make_scenario(), summary(), evil, author="=cmd|' /C calc'!A0")
    store.log_decision(saved.id, "@SUM(A1)", author="+31 6 1234")
    path = tmp_path / "logboek.xlsx"
    write_audit_log(store.audit(), path)
    ws = openpyxl.load_workbook(path).active
    texts = [c for row in ws.iter_rows(min_row=2) for c in row if isinstance(c.value, str)]
    risky = [c for c in texts if c.value[:1] in "=+-@"]
    assert {c.value for c in risky} >= {evil, "=cmd|' /C calc'!A0", "+31 6 1234"}
    assert all(c.data_type == "s" for c in risky)  # stored as text, never as a formula
    assert ws.cell(row=1, column=2).value == "Wie"
    # details in the user's words, as on the scenario page (compare.audit_details)
    details = [row[6].value for row in ws.iter_rows(min_row=2)]
    assert any(d and d.startswith("vingerafdruk: ") and "content_hash" not in d for d in details)


# -- backups -------------------------------------------------------------------------------------


def _fill(store) -> None:
    a = store.save(make_scenario(), summary(), "Basis", author="ana", note="eerste")
    b = store.save(make_scenario(budget=20_000.0), summary(5.0), "Krap", author="ben")
    store.save(make_scenario(budget=30_000.0), summary(6.0), "Krap", author="ben")
    store.rename(a.id, "Voorstel", actor="ana")
    store.delete(b.id, actor="beheer")
    store.log_decision(a.id, "gekozen", author="gs")


def _snapshot(store) -> tuple:
    metas = store.list(include_deleted=True, all_versions=True)
    return (
        sorted((m.id, m.name, m.version, m.author, m.note, m.content_hash, m.deleted,
                m.created_at) for m in metas),
        [(d.id, d.scenario_id, d.rationale, d.author, d.kpis) for d in store.decisions()],
        [(e.id, e.action, e.actor, e.scenario_id, e.at) for e in store.audit()],
        [store.get(m.id).scenario for m in sorted(metas, key=lambda m: m.id)],
    )


def test_backup_and_restore_round_trip(store, tmp_path, monkeypatch):
    _fill(store)
    before = _snapshot(store)
    path = tmp_path / "backup.json"
    counts = store.backup(path)
    assert counts == {"scenarios": 3, "decisions": 1, "audit_log": 6}
    target = f"sqlite:///{tmp_path / 'teruggezet.sqlite'}"
    with open_store(target) as fresh:
        assert fresh.restore_backup(path, actor="beheer") == counts
        after = _snapshot(fresh)
        assert after[:2] == before[:2] and after[3] == before[3]
        assert after[2][:6] == before[2]  # the trail comes along, plus one line for the restore
        assert fresh.audit()[-1].action == "restore-backup"
        # ids go on after the restored ones
        assert fresh.save(make_scenario(), summary(), "Nieuw").id > max(m[0] for m in before[0])
        with pytest.raises(StoreError) as err:  # never into a store that holds data
            fresh.restore_backup(path)
        assert "lege database" in err.value.message_nl


@pytest.mark.skipif(not PG_URL, reason="DRAAGKRACHT_TEST_PG_URL not set")
def test_backup_moves_a_store_from_sqlite_to_postgresql(tmp_path):
    path = tmp_path / "backup.json"
    with open_store(f"sqlite:///{tmp_path / 's.sqlite'}") as s:
        _fill(s)
        before = _snapshot(s)
        s.backup(path)
    _reset_pg(PG_URL)
    with open_store(PG_URL) as pg:
        pg.restore_backup(path)
        after = _snapshot(pg)
        assert after[:2] == before[:2] and after[3] == before[3]
        assert pg.save(make_scenario(), summary(), "Nieuw").id == 4  # sequence moved on


def test_damaged_or_foreign_backups_are_refused(store, tmp_path):
    _fill(store)
    path = tmp_path / "backup.json"
    store.backup(path)
    body = json.loads(path.read_text())
    body["tables"]["scenarios"][0]["summary_json"] = '{"objective": 1e9}'
    tampered = tmp_path / "tampered.json"
    tampered.write_text(json.dumps(body))
    with pytest.raises(StoreError) as err:
        read_backup(tampered)
    assert "controlegetal" in err.value.message_nl
    body["sha256"] = checksum(body)
    tampered.write_text(json.dumps(body))  # checksum recomputed: the row hash still catches it
    with pytest.raises(StoreError) as err:
        read_backup(tampered)
    assert "controlegetal" in err.value.message_nl
    for content in (b"", b"{}", b"\x00\x01", b'{"format": "iets anders", "tables": {}}'):
        tampered.write_bytes(content)
        with pytest.raises(StoreError) as err:
            read_backup(tampered)
        assert "geen Draagkracht-reservekopie" in err.value.message_nl
    with pytest.raises(StoreError):
        read_backup(tmp_path / "bestaat-niet.json")


def test_migrated_file_keeps_its_trail_append_only(tmp_path):
    path = tmp_path / "s.sqlite"
    with open_store(f"sqlite:///{path}") as s:
        s.save(make_scenario(), summary(), "Basis")
    con = sqlite3.connect(path)
    with pytest.raises(sqlite3.DatabaseError):
        con.execute("DELETE FROM audit_log")
    con.close()


def test_a_decision_changed_outside_the_app_is_left_out_and_named(tmp_path):
    path = tmp_path / "s.sqlite"
    with open_store(f"sqlite:///{path}") as s:
        saved = s.save(make_scenario(), summary(), "Basis", author="ana")
        first = s.log_decision(saved.id, "gekozen", author="gs")
        second = s.log_decision(saved.id, "nog eens", author="gs")
    con = sqlite3.connect(path)
    con.execute("UPDATE decisions SET kpis_json = ? WHERE id = ?",
                ('{"status": "optimal", "objective": 1e9}', first.id))
    con.commit()
    con.close()
    with open_store(f"sqlite:///{path}") as s:
        log = s.decisions()
        assert [d.id for d in log] == [second.id]
        [problem] = log.skipped
        assert problem.id == first.id and "buiten de app om gewijzigd" in problem.message_nl
        s.backup(tmp_path / "b.json")
    with pytest.raises(StoreError):  # the backup carries the altered line: refused on restore
        read_backup(tmp_path / "b.json")


def test_v2_decisions_get_their_hash_on_migration(tmp_path):
    from test_store import V1_SCHEMA

    from allocation.store import migrations as schema

    path = tmp_path / "v2.sqlite"
    scenario = make_scenario()
    con = sqlite3.connect(path)
    con.executescript(V1_SCHEMA)
    con.commit()
    con.close()
    engine = sa.create_engine(f"sqlite:///{path}")
    with engine.begin() as conn:
        schema.migrate_1_to_2(conn)
        conn.execute(sa.text("UPDATE schema_version SET version = 2"))
        conn.execute(sa.text(
            "INSERT INTO scenarios (name, version, author, created_at, content_hash, status, "
            "scenario_json, summary_json, note) VALUES ('Oud', 1, 'ana', "
            "'2025-01-02T03:04:05+00:00', :h, 'optimal', :j, '{}', '')"),
            {"h": scenario.content_hash(), "j": scenario.to_json()})
        conn.execute(sa.text(
            "INSERT INTO decisions (created_at, scenario_id, scenario_name, scenario_version, "
            "content_hash, rationale, author, kpis_json) VALUES ('2025-02-01T00:00:00+00:00', "
            "1, 'Oud', 1, :h, 'toen gekozen', 'gs', '{}')"), {"h": scenario.content_hash()})
    engine.dispose()
    with open_store(f"sqlite:///{path}") as s:
        [d] = s.decisions()
        assert (d.rationale, d.author) == ("toen gekozen", "gs")
        assert [(e.action, e.actor) for e in s.audit()] == [("save", "ana"), ("decide", "gs")]
        assert s.get(1).scenario == scenario
