"""The audit trail's chain: every line carries an HMAC over the previous line's check sum and
all its own fields, and one end-point row (`audit_head`, itself under an HMAC) names the last
line. Reading checks the whole chain and says, in the user's words, which lines were changed,
replaced or added (their HMAC fails), where lines are missing (a link fails) and whether the
end was cut off or the trail emptied (the end point names a later line).

Writers append under a lock on the end-point row (PostgreSQL: SELECT ... FOR UPDATE; SQLite
writes already hold the file's write lock), so the chain never forks.

Imports `records`, `keys` and `schema` of the store package.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from allocation.store.keys import key_check, mac, same
from allocation.store.records import RowProblem, StoreError, dumps_json, now
from allocation.store.schema import audit_head_table, audit_table


def line_mac(key: bytes, row: Any) -> str:
    """The chained check sum of one audit line (`row` has the audit_log columns)."""
    return mac(key, ["audit", str(row.prev_hash or ""), int(row.id), str(row.at),
                     str(row.actor or ""), str(row.action),
                     None if row.scenario_id is None else int(row.scenario_id),
                     str(row.scenario_name or ""),
                     None if row.scenario_version is None else int(row.scenario_version),
                     str(row.detail_json), str(row.row_ids or "[]")])


def head_mac(key: bytes, last_id: int, last_hash: str, check: str) -> str:
    return mac(key, ["audit-head", int(last_id), str(last_hash), str(check)])


def head_values(key: bytes, last_id: int, last_hash: str) -> dict[str, Any]:
    check = key_check(key)
    return dict(id=1, last_id=int(last_id), last_hash=last_hash, key_check=check,
                mac=head_mac(key, last_id, last_hash, check))


def _head_ok(key: bytes, head: Any) -> bool:
    try:
        return same(head.mac, head_mac(key, head.last_id, head.last_hash, head.key_check))
    except (TypeError, ValueError):
        return False


def wrong_key(where: str) -> StoreError:
    return StoreError(
        f"De sleutel voor de controlegetallen past niet bij de database {where} (of het "
        "controlepunt van het logboek is buiten de app om gewijzigd). Gebruik dezelfde "
        "DRAAGKRACHT_AUDIT_KEY (of hetzelfde audit.key-bestand) als waarmee de database is "
        "gemaakt; er is niets gewijzigd.",
        f"The key for the check sums does not fit the database {where} (or the audit trail's "
        "end point was changed outside the app). Use the same DRAAGKRACHT_AUDIT_KEY (or the "
        "same audit.key file) the database was made with; nothing was changed.",
    )


def check_key(conn: Connection, key: bytes, where: str) -> None:
    """Refuse a key that is not the database's (a missing end point is left to `verify`)."""
    head = conn.execute(sa.select(audit_head_table).where(audit_head_table.c.id == 1)).first()
    if head is not None and head.key_check != key_check(key):
        raise wrong_key(where)


def _rewritten(where: str) -> StoreError:
    return StoreError(
        f"Het logboek van {where} is buiten de app om gewijzigd (het controlepunt ontbreekt "
        "of klopt niet); er is niets weggeschreven. Zet een reservekopie terug "
        "(scenarios restore-backup in een nieuwe database) en laat de beheerder nagaan wat er "
        "is gebeurd.",
        f"The audit trail of {where} was changed outside the app (its end point is missing or "
        "does not match); nothing was written. Restore a backup (scenarios restore-backup into "
        "a new database) and have the administrator find out what happened.",
    )


def append(conn: Connection, key: bytes, where: str, actor: str, action: str,
           scenario_id: int | None, name: str, version: int | None,
           row_ids: Iterable[int] = (), detail: dict[str, Any] | None = None,
           at: str | None = None, detail_json: str | None = None) -> int:
    """Add one line at the end of the chain, in `conn`'s transaction; returns its id."""
    h = audit_head_table
    query = sa.select(h).where(h.c.id == 1)
    if conn.dialect.name == "postgresql":
        query = query.with_for_update()
    head = conn.execute(query).first()
    if head is None or not _head_ok(key, head):
        if head is not None and head.key_check != key_check(key):
            raise wrong_key(where)
        raise _rewritten(where)
    top = conn.execute(sa.select(sa.func.max(audit_table.c.id))).scalar()
    new_id = max(int(head.last_id), int(top or 0)) + 1
    line = dict(id=new_id, at=at or now(), actor=actor, action=action,
                scenario_id=scenario_id, scenario_name=name, scenario_version=version,
                detail_json=detail_json if detail_json is not None else dumps_json(detail or {}),
                row_ids=json.dumps(sorted(int(i) for i in row_ids)),
                prev_hash=str(head.last_hash))
    chain = line_mac(key, _Row({**line, "chain_hash": ""}))
    conn.execute(audit_table.insert().values(**line, chain_hash=chain))
    conn.execute(h.update().where(h.c.id == 1).values(
        **{k: v for k, v in head_values(key, new_id, chain).items() if k != "id"}))
    return new_id


class _Row:
    def __init__(self, data: dict[str, Any]) -> None:
        self.__dict__.update(data)


def _problem(line_id: int | None, nl: str, en: str) -> RowProblem:
    return RowProblem(line_id, "", nl, en)


def verify(key: bytes, rows: Sequence[Any], head: Any | None
           ) -> tuple[list[Any], list[RowProblem]]:
    """The lines (in id order) whose check sums hold, and every sign of rewriting."""
    good: list[Any] = []
    problems: list[RowProblem] = []
    expected_prev: str | None = ""  # the first line follows the empty start
    for r in rows:
        try:
            authentic = same(r.chain_hash, line_mac(key, r))
        except (TypeError, ValueError, OverflowError):
            authentic = False
        if not authentic:
            problems.append(_problem(
                r.id,
                f"Logregel {r.id} is buiten de app om gewijzigd, vervangen of toegevoegd (het "
                "controlegetal klopt niet); de regel wordt niet getoond.",
                f"Audit line {r.id} was changed, replaced or added outside the app (its check "
                "sum does not match); the line is not shown."))
            expected_prev = None  # the next link cannot be judged against a forged line
            continue
        if expected_prev is not None and r.prev_hash != expected_prev:
            problems.append(_problem(
                r.id,
                f"Vóór logregel {r.id} ontbreken regels: ze zijn buiten de app om verwijderd.",
                f"Lines are missing before audit line {r.id}: they were removed outside the "
                "app."))
        good.append(r)
        expected_prev = r.chain_hash
    if head is None:
        problems.append(_problem(
            None, "Het controlepunt van het logboek ontbreekt: het is buiten de app om "
            "verwijderd, dus of er aan het eind regels zijn weggehaald is niet vast te stellen.",
            "The audit trail's end point is missing: it was removed outside the app, so "
            "whether lines were cut from the end cannot be told."))
    elif not _head_ok(key, head):
        problems.append(_problem(
            None, "Het controlepunt van het logboek is buiten de app om gewijzigd.",
            "The audit trail's end point was changed outside the app."))
    else:
        last_id = int(head.last_id)
        present = {int(r.id): r for r in rows}
        end = present.get(last_id)
        if last_id and not rows:
            problems.append(_problem(
                None, f"Het logboek is buiten de app om leeggemaakt: alle {last_id} regels "
                "ontbreken.",
                f"The audit trail was emptied outside the app: all {last_id} lines are "
                "missing."))
        elif last_id and (end is None or end.chain_hash != head.last_hash):
            kept = max((i for i in present if i < last_id), default=0)
            problems.append(_problem(
                None, f"De laatste logregels (na regel {kept}, tot en met regel {last_id}) "
                "zijn buiten de app om verwijderd of vervangen.",
                f"The last audit lines (after line {kept}, up to line {last_id}) were removed "
                "or replaced outside the app."))
        for extra in sorted(i for i in present if i > last_id):
            problems.append(_problem(
                extra, f"Logregel {extra} staat na het controlepunt: buiten de app om "
                "toegevoegd.",
                f"Audit line {extra} comes after the end point: added outside the app."))
    return good, problems


def read(conn: Connection, key: bytes) -> tuple[list[Any], list[RowProblem]]:
    rows = conn.execute(sa.select(audit_table).order_by(audit_table.c.id)).all()
    head = conn.execute(sa.select(audit_head_table).where(audit_head_table.c.id == 1)).first()
    return verify(key, rows, head)


def row_ids_of(row: Any) -> list[int]:
    try:
        value = json.loads(row.row_ids or "[]")
        return [int(i) for i in value] if isinstance(value, list) else []
    except (TypeError, ValueError):
        return []


def trail_state(conn: Connection) -> tuple[dict[int, int], dict[int, tuple[str, Any]],
                                           set[int]]:
    """From the trail as stored: per scenario id the last line that changed it, the name and
    version each saved id was saved under, and the decision ids the trail records."""
    a = audit_table
    last: dict[int, int] = {}
    saved: dict[int, tuple[str, Any]] = {}
    decided: set[int] = set()
    for r in conn.execute(sa.select(a.c.id, a.c.action, a.c.scenario_id, a.c.scenario_name,
                                    a.c.scenario_version, a.c.row_ids, a.c.detail_json)
                          .order_by(a.c.id)).all():
        for sid in row_ids_of(r):
            last[sid] = int(r.id)
        if r.action == "save" and r.scenario_id is not None:
            saved[int(r.scenario_id)] = (str(r.scenario_name or ""), r.scenario_version)
        elif r.action == "decide":
            try:
                decided.add(int(json.loads(r.detail_json or "{}").get("decision_id")))
            except (TypeError, ValueError, AttributeError):
                pass
    return last, saved, decided
