"""Live rounds in the shared store: one input per member, concurrency, closing, expiry, wrong
codes, check sums, the decision a round ends in, and the migration to schema v5.

Runs on SQLite and, when DRAAGKRACHT_TEST_PG_URL is set, on PostgreSQL too (test_store's
`db_url` fixture). The load test sends 30 members' inputs at once from threads, each through its
own store (as separate app servers would), and checks that all 30 count and none was overwritten.
"""

from __future__ import annotations

import sqlite3
import threading
from datetime import timedelta

import pytest
import sqlalchemy as sa

from allocation.live import LiveError
from allocation.store import SCHEMA_VERSION, StoreError, open_store
from allocation.store.live import anonymised
from tests.test_store import _own_data_dir, db_url, make_scenario, summary  # noqa: F401

W1 = {"energy": 4, "circularity": 3, "economy": 2, "cooperation": 1}
W2 = {"energy": 1, "circularity": 1, "economy": 1, "cooperation": 1}


@pytest.fixture
def store(db_url):  # noqa: F811
    s = open_store(db_url)
    yield s
    s.close()


@pytest.fixture
def saved(store):
    return store.save(make_scenario(), summary(), "Basis", author="voorzitter@provincie.nl")


def _open(store, saved, **kw):
    return store.live.open(saved.id, "voorzitter@provincie.nl", **kw)


def test_open_submit_and_upsert_by_member(store, saved):
    session = _open(store, saved, anonymous=False)
    assert session.is_open and session.scenario_name == "Basis" and not session.anonymous
    assert store.live.join(session.code.lower(), "browser-1").code == session.code
    first = store.live.submit(session.code, "lid-a", W1, name="Anna")
    assert first.version == 1 and first.name == "Anna"
    assert first.weights == pytest.approx({"energy": .4, "circularity": .3, "economy": .2,
                                           "cooperation": .1})
    store.live.submit(session.code, "lid-b", W2, name="Bram")
    again = store.live.submit(session.code, "lid-a", W2, name="Anna")  # Anna changes her mind
    assert again.version == 2 and again.weights["energy"] == pytest.approx(.25)
    got = store.live.inputs(session.code)
    assert [m.name for m in got.inputs] == ["Anna", "Bram"] and not got.skipped
    assert store.live.my_input(session.code, "lid-c") is None
    # the member key is not what is stored
    with store._read() as conn:
        members = conn.execute(sa.text("SELECT member FROM live_inputs")).scalars().all()
    assert "lid-a" not in members and len(set(members)) == 2


def test_anonymous_round_keeps_no_names(store, saved):
    session = _open(store, saved, anonymous=True)
    store.live.submit(session.code, "lid-a", W1, name="Anna")
    [m] = store.live.inputs(session.code).inputs
    assert m.name == ""
    assert anonymised([m], anonymous=True) == [{"member_no": 1, "weights": m.weights}]


def test_closed_round_accepts_nothing(store, saved):
    session = _open(store, saved)
    store.live.submit(session.code, "lid-a", W1)
    closed = store.live.close(session.code, "voorzitter@provincie.nl")
    assert closed.state == "closed" and closed.closed_at is not None
    with pytest.raises(LiveError, match="closed"):
        store.live.submit(session.code, "lid-b", W2)
    with pytest.raises(LiveError, match="closed") as err:
        store.live.submit(session.code, "lid-a", W2)
    assert "gesloten" in err.value.message("nl")  # the member reads it in Dutch
    with pytest.raises(LiveError, match="closed"):
        store.live.join(session.code, "browser-1")
    [only] = store.live.inputs(session.code).inputs
    assert only.version == 1  # the refused change did not land


def test_expired_code_refused(store, saved):
    session = _open(store, saved, lifetime=timedelta(seconds=-1))
    with pytest.raises(LiveError, match="expired"):
        store.live.join(session.code, "browser-1")
    with pytest.raises(LiveError, match="expired"):
        store.live.submit(session.code, "lid-a", W1)


def test_wrong_codes_are_limited(store, saved):
    session = _open(store, saved)
    wrong = "ABCDEFGH" if session.code != "ABCDEFGH" else "HGFEDCBA"
    for _ in range(10):
        with pytest.raises(LiveError, match="no live round"):
            store.live.join(wrong, "browser-1")
    with pytest.raises(LiveError, match="Too many"):
        store.live.join(session.code, "browser-1")  # even the right code waits now
    assert store.live.join(session.code, "browser-2").code == session.code  # others go on
    with pytest.raises(LiveError, match="not a valid code"):
        store.live.join("kort", "browser-3")


def test_year_split_only_when_allowed(store, saved):
    plain = _open(store, saved)
    with pytest.raises(LiveError, match="goal weights only"):
        store.live.submit(plain.code, "lid-a", W1, years={2026: 1, 2027: 1})
    yearly = _open(store, saved, allow_years=True)
    m = store.live.submit(yearly.code, "lid-a", W1, years={2026: 3, 2027: 1})
    assert m.years == pytest.approx({2026: .75, 2027: .25})
    with pytest.raises(LiveError, match="2031"):
        store.live.submit(yearly.code, "lid-a", W1, years={2031: 1})


def test_changed_rows_are_caught(store, saved):
    session = _open(store, saved)
    store.live.submit(session.code, "lid-a", W1)
    store.live.submit(session.code, "lid-b", W2)
    with store._engine.begin() as conn:
        conn.execute(sa.text("UPDATE live_inputs SET weights_json = :w WHERE id = "
                             "(SELECT MIN(id) FROM live_inputs)"),
                     {"w": '{"circularity": 0, "cooperation": 0, "economy": 0, "energy": 1}'})
    got = store.live.inputs(session.code)
    assert len(got.inputs) == 1 and len(got.skipped) == 1
    with store._engine.begin() as conn:
        conn.execute(sa.text("UPDATE live_sessions SET state = 'open', anonymous = 0"))
    with pytest.raises(StoreError, match="changed outside"):
        store.live.session(session.code)


def test_closing_records_the_round_in_the_decision_log(store, saved):
    session = _open(store, saved, anonymous=True)
    store.live.submit(session.code, "lid-a", W1, name="Anna")
    store.live.submit(session.code, "lid-b", W2)
    with pytest.raises(LiveError, match="Close the round first"):
        store.live.record(session.code, "voorzitter@provincie.nl", "x", {}, {})
    store.live.close(session.code, "voorzitter@provincie.nl")
    inputs = store.live.inputs(session.code).inputs
    detail = {"code": session.code, "inputs": anonymised(inputs, True), "chosen": "group",
              "allocation": [{"park_id": "A", "category": "organisation", "year": 2026,
                              "public_eur": 1000.0}]}
    decision = store.live.record(session.code, "voorzitter@provincie.nl", "Groepsgewichten",
                                 {"status": "optimal", "objective": 12.5}, detail)
    assert decision.scenario_id == saved.id and decision.kpis["objective"] == 12.5
    assert decision.kpis["live"]["chosen"] == "group"
    assert [i.get("name") for i in decision.kpis["live"]["inputs"]] == [None, None]
    assert store.live.session(session.code).decision_id == decision.id
    assert [d.id for d in store.decisions()] == [decision.id]
    with pytest.raises(LiveError, match="already been recorded"):
        store.live.record(session.code, "voorzitter@provincie.nl", "nog eens", {}, {})
    actions = [(e.action, e.detail.get("live_code")) for e in store.audit()]
    assert actions[-3:] == [("live-open", session.code), ("live-close", session.code),
                            ("decide", session.code)]
    assert not store.audit().problems and not store.decisions().skipped
    # the minutes' workbook names the round
    import io

    import openpyxl

    from allocation.compare import write_decision_log

    ws = openpyxl.load_workbook(io.BytesIO(write_decision_log(store.decisions()))).active
    assert ws.cell(row=1, column=15).value == "Live ronde"
    assert ws.cell(row=2, column=15).value == (
        f"{session.code[:4]}-{session.code[4:]} · 2 leden · groepsplan (mediane gewichten)")


def test_sessions_listed_newest_first(store, saved):
    a = _open(store, saved)
    b = _open(store, saved)
    store.live.close(a.code, "voorzitter@provincie.nl")
    assert [s.code for s in store.live.sessions()] == [b.code, a.code]
    assert [s.code for s in store.live.sessions(include_closed=False)] == [b.code]


def _at_once(url: str, n: int, work) -> None:
    """Run `work(store, i)` for i < n in n threads released together, each with its own store
    (its own engine and connections, like another app server); fail on any error."""
    barrier = threading.Barrier(n)
    errors: list[BaseException] = []

    def one(i: int) -> None:
        s = open_store(url)
        try:
            barrier.wait()
            work(s, i)
        except BaseException as err:  # noqa: BLE001 - reported below
            errors.append(err)
        finally:
            s.close()

    threads = [threading.Thread(target=one, args=(i,)) for i in range(n)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert not errors


def test_thirty_members_at_once_all_counted_none_overwritten(db_url, saved):  # noqa: F811
    session = open_store(db_url).live.open(saved.id, "voorzitter")
    n = 30
    _at_once(db_url, n, lambda s, i: s.live.submit(
        session.code, f"lid-{i}",
        {"energy": i + 1, "circularity": 1, "economy": 1, "cooperation": 1}, name=f"Lid {i}"))
    with open_store(db_url) as s:
        got = s.live.inputs(session.code)
        assert len(got.inputs) == n and not got.skipped
        for i in range(n):  # each member's own weights, nobody else's
            m = s.live.my_input(session.code, f"lid-{i}")
            assert m is not None and m.version == 1
            assert m.weights["energy"] == pytest.approx((i + 1) / (i + 4))


def test_one_member_from_many_devices_at_once_keeps_one_row(db_url, saved):  # noqa: F811
    session = open_store(db_url).live.open(saved.id, "voorzitter")
    n = 12
    _at_once(db_url, n, lambda s, i: s.live.submit(
        session.code, "lid-a", {"energy": i, "circularity": 1, "economy": 1, "cooperation": 1}))
    with open_store(db_url) as s:
        [m] = s.live.inputs(session.code).inputs
        assert m.version == n  # every write counted: none was lost to another


def test_migration_from_v4_adds_the_live_tables(tmp_path):
    path = tmp_path / "v4.sqlite"
    with open_store(f"sqlite:///{path}") as s:
        saved = s.save(make_scenario(), summary(), "Basis")
    con = sqlite3.connect(path)
    for table in ("live_attempts", "live_inputs", "live_sessions"):
        con.execute(f"DROP TABLE {table}")
    con.execute("UPDATE schema_version SET version = 4")
    con.commit()
    con.close()
    with open_store(f"sqlite:///{path}") as s:
        assert s.schema_version() == SCHEMA_VERSION == 5
        assert s.get(saved.id).name == "Basis" and not s.audit().problems
        session = s.live.open(saved.id, "voorzitter")
        assert s.live.submit(session.code, "lid-a", W1).version == 1


def test_a_v4_backup_still_restores(tmp_path):
    """Schema v5 only added the live rounds, which backups do not carry: a backup made at v4
    restores; one from another schema is still refused."""
    import json

    from allocation.store.backup import checksum

    with open_store(f"sqlite:///{tmp_path / 'a.sqlite'}") as s:
        saved = s.save(make_scenario(), summary(), "Basis")
        s.log_decision(saved.id, "gekozen")
        s.backup(tmp_path / "b.json")
    body = json.loads((tmp_path / "b.json").read_text())
    for version, ok in ((4, True), (3, False)):
        body["schema_version"] = version
        body["sha256"] = checksum(body)
        path = tmp_path / f"v{version}.json"
        path.write_text(json.dumps(body))
        with open_store(f"sqlite:///{tmp_path / f'restored{version}.sqlite'}") as s:
            if ok:
                assert s.restore_backup(path)["scenarios"] == 1
                assert [d.rationale for d in s.decisions()] == ["gekozen"]
            else:
                with pytest.raises(StoreError, match="schema 4 or 5 only"):
                    s.restore_backup(path)
