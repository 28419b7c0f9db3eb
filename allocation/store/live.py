"""Live rounds in the shared store: sessions, one input per member per round, wrong-code
attempts, and the decision a closed round ends in.

Every state is in the database, none in an app server's memory, so a member may close the
browser and come back, and several app servers can serve one round. Concurrency:
- one row per member per round (unique key on code and member); a change is an upsert: an
  insert, or an update that names the version it read (optimistic), retried when another
  writer came first, so that no input overwrites another;
- a write transaction on SQLite holds the file's write lock (BEGIN IMMEDIATE); on PostgreSQL
  a submit holds a share lock on its round's row and closing takes that row for update, so an
  input either lands before the round closes, or is refused.
Integrity: a round and an input carry a keyed check sum (HMAC, the store's key) over every
field; an input that fails it is left out and reported, a round that fails it is refused.
A member is stored as a keyed hash of the key the app gives them (their login, or a random
token in local mode), never as that key itself; in an anonymous round the name stays empty.

Rights (who may open, close and record) are the caller's to check (`ui.auth`): the store
records who did it. A closed round accepts nothing; a code expires `CODE_LIFETIME` after
opening; a browser session that tried `MAX_ATTEMPTS` wrong codes within `ATTEMPT_WINDOW`
waits.

Imports `records`, `integrity`, `keys` and `schema` of the store package, and allocation.live.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from allocation.live.session import (
    ATTEMPT_WINDOW,
    CODE_LIFETIME,
    MAX_ATTEMPTS,
    LiveError,
    LiveSession,
    MemberInput,
    clean_code,
    clean_member_name,
    new_code,
    normalise_weights,
    normalise_years,
    shown_code,
)
from allocation.store.integrity import AttrRow, decision_mac, row_problem
from allocation.store.keys import mac, same
from allocation.store.records import (
    MAX_AUTHOR,
    MAX_TEXT,
    Decision,
    RowProblem,
    StoreError,
    as_id,
    clean_text,
    dumps_json,
    now,
    parse_time,
    unknown_id,
)
from allocation.store.schema import (
    META_COLS,
    decisions_table,
    live_attempts_table,
    live_inputs_table,
    live_sessions_table,
    scenarios_table,
)

if TYPE_CHECKING:
    from allocation.store.api import ScenarioStore

_CONFLICT_RETRIES = 20


class _Conflict(Exception):
    """Another writer changed the member's row between reading and writing it."""


@dataclass
class LiveInputs:
    """The inputs of one round that passed their check, oldest first; `skipped` names the rows
    that did not (changed outside the app)."""

    inputs: list[MemberInput] = field(default_factory=list)
    skipped: list[RowProblem] = field(default_factory=list)


def session_mac(key: bytes, row: Any) -> str:
    return mac(key, ["live-session", str(row.code), str(row.facilitator), str(row.title or ""),
                     int(row.scenario_id), str(row.scenario_name), int(row.scenario_version),
                     int(row.anonymous), int(row.allow_years), str(row.state),
                     str(row.opened_at), str(row.expires_at),
                     None if row.closed_at is None else str(row.closed_at),
                     None if row.decision_id is None else int(row.decision_id)])


def input_mac(key: bytes, row: Any) -> str:
    return mac(key, ["live-input", str(row.code), str(row.member), str(row.name or ""),
                     str(row.weights_json), str(row.years_json), int(row.version),
                     str(row.created_at), str(row.updated_at)])


def _time(text: str) -> datetime:
    value = parse_time(text)
    if value is None:
        raise ValueError("no time")
    return value


def _unknown(code: str) -> LiveError:
    return LiveError(
        f"Er is geen live ronde met de code {shown_code(code)}. Controleer de code op het "
        "scherm van de voorzitter.",
        f"There is no live round with the code {shown_code(code)}. Check the code on the "
        "facilitator's screen.")


def closed_error() -> LiveError:
    return LiveError(
        "Deze ronde is gesloten: uw invoer wordt niet meer aangenomen. Vraag de voorzitter "
        "om een nieuwe code als er nog een ronde komt.",
        "This round is closed: your input is no longer accepted. Ask the facilitator for a "
        "new code if there is another round.")


def expired_error() -> LiveError:
    return LiveError(
        "Deze code is verlopen: de ronde neemt geen invoer meer aan. Vraag de voorzitter om "
        "een nieuwe code.",
        "This code has expired: the round no longer accepts input. Ask the facilitator for a "
        "new code.")


class LiveStore:
    """The live rounds of one `ScenarioStore` (same database, same key, same trail)."""

    def __init__(self, store: ScenarioStore) -> None:
        self._store = store
        self._key = store._key

    # -- rows -------------------------------------------------------------------------------
    def _session_from(self, row: Any) -> LiveSession:
        try:
            ok = same(row.record_hash, session_mac(self._key, row))
            session = LiveSession(
                code=str(row.code), facilitator=str(row.facilitator),
                scenario_id=int(row.scenario_id), scenario_name=str(row.scenario_name),
                scenario_version=int(row.scenario_version), anonymous=bool(row.anonymous),
                allow_years=bool(row.allow_years), state=str(row.state),
                opened_at=_time(row.opened_at), expires_at=_time(row.expires_at),
                closed_at=parse_time(row.closed_at), title=str(row.title or ""),
                decision_id=None if row.decision_id is None else int(row.decision_id))
        except (TypeError, ValueError, OverflowError):
            ok = False
        if not ok:
            raise StoreError(
                f"De live ronde {shown_code(str(row.code))} is buiten de app om gewijzigd (het "
                "controlegetal klopt niet); de ronde wordt niet gebruikt.",
                f"The live round {shown_code(str(row.code))} was changed outside the app (its "
                "check sum does not match); the round is not used.")
        return session

    def _session_row(self, conn: Connection, code: str, lock: str | None = None) -> Any:
        query = sa.select(live_sessions_table).where(live_sessions_table.c.code == code)
        if lock and conn.dialect.name == "postgresql":
            query = query.with_for_update(read=lock == "share")
        row = conn.execute(query).first()
        if row is None:
            raise _unknown(code)
        return row

    def member_hash(self, code: str, member_key: str) -> str:
        """What the store keeps of a member: a keyed hash of their key within this round."""
        key = str(member_key or "").strip()
        if not key or len(key) > MAX_AUTHOR:
            raise LiveError("De app kan u niet herkennen; laad de pagina opnieuw.",
                            "The app cannot recognise you; reload the page.")
        return mac(self._key, ["live-member", code, key])

    # -- the facilitator --------------------------------------------------------------------
    def open(self, scenario_id: int, facilitator: str, anonymous: bool = True,
             allow_years: bool = False, title: str = "",
             lifetime: timedelta = CODE_LIFETIME) -> LiveSession:
        """Open a round on a saved scenario; returns it with its fresh code."""
        sid = as_id(scenario_id)
        who = clean_text(facilitator, "De voorzitter", "facilitator", MAX_AUTHOR, required=True)
        heading = clean_text(title, "De titel", "title", 200)
        opened = datetime.now(UTC)

        def work(conn: Connection) -> str:
            row = conn.execute(sa.select(*META_COLS).where(scenarios_table.c.id == sid)).first()
            if row is None:
                raise unknown_id(sid)
            if row.deleted_at is not None:
                raise StoreError(f"Scenario {sid} ('{row.name}') is verwijderd.",
                                 f"Scenario {sid} ('{row.name}') is deleted.")
            code = new_code()
            while conn.execute(sa.select(live_sessions_table.c.code)
                               .where(live_sessions_table.c.code == code)).first():
                code = new_code()  # 2^40 codes: practically never
            values = dict(
                code=code, facilitator=who, title=heading, scenario_id=sid,
                scenario_name=str(row.name), scenario_version=int(row.version),
                anonymous=int(bool(anonymous)), allow_years=int(bool(allow_years)),
                state="open", opened_at=opened.isoformat(timespec="microseconds"),
                expires_at=(opened + lifetime).isoformat(timespec="microseconds"),
                closed_at=None, decision_id=None)
            conn.execute(live_sessions_table.insert().values(
                **values, record_hash=session_mac(self._key, AttrRow(values))))
            self._store._audit(conn, who, "live-open", sid, str(row.name), int(row.version),
                               live_code=code, anonymous=bool(anonymous),
                               allow_years=bool(allow_years))
            return code

        return self.session(self._store._write(work))

    def close(self, code: str, actor: str) -> LiveSession:
        """Close a round: from now on it accepts nothing (closing twice changes nothing)."""
        code = clean_code(code)
        who = clean_text(actor, "De voorzitter", "facilitator", MAX_AUTHOR, required=True)

        def work(conn: Connection) -> None:
            row = self._session_row(conn, code, lock="update")
            session = self._session_from(row)
            if not session.is_open:
                return
            values = dict(row._mapping, state="closed", closed_at=now())
            conn.execute(live_sessions_table.update().where(
                live_sessions_table.c.code == code).values(
                state="closed", closed_at=values["closed_at"],
                record_hash=session_mac(self._key, AttrRow(values))))
            count = conn.execute(sa.select(sa.func.count()).select_from(live_inputs_table)
                                 .where(live_inputs_table.c.code == code)).scalar()
            self._store._audit(conn, who, "live-close", session.scenario_id,
                               session.scenario_name, session.scenario_version,
                               live_code=code, inputs=int(count or 0))

        self._store._write(work)
        return self.session(code)

    def record(self, code: str, actor: str, rationale: str, chosen_summary: Mapping[str, Any],
               live_detail: Mapping[str, Any]) -> Decision:
        """Write the closed round into the decision log: `chosen_summary` (the chosen plan's
        result summary) as the decision's figures, with `live_detail` (the inputs, anonymised
        when the round is, the group result and the chosen allocation) under "live"."""
        code = clean_code(code)
        who = clean_text(actor, "De voorzitter", "facilitator", MAX_AUTHOR, required=True)
        text = clean_text(rationale, "De motivering", "rationale", MAX_TEXT, required=True)
        try:
            kpis_json = dumps_json({**dict(chosen_summary), "live": dict(live_detail)})
        except (TypeError, ValueError) as err:
            raise StoreError(f"De uitkomst van de ronde kan niet worden opgeslagen: {err}",
                             f"The round's outcome cannot be stored: {err}") from err

        def work(conn: Connection) -> int:
            row = self._session_row(conn, code, lock="update")
            session = self._session_from(row)
            if session.is_open:
                raise LiveError("Sluit de ronde eerst; daarna wordt zij vastgelegd.",
                                "Close the round first; then it is recorded.")
            if session.decision_id is not None:
                raise LiveError(
                    f"Deze ronde is al vastgelegd (besluit {session.decision_id}).",
                    f"This round has already been recorded (decision {session.decision_id}).")
            scen = conn.execute(sa.select(*META_COLS).where(
                scenarios_table.c.id == session.scenario_id)).first()
            if scen is None:
                raise unknown_id(session.scenario_id)
            problem = row_problem(scen, self._key, opening=True)
            if problem is not None:
                raise StoreError(problem.message_nl, problem.message_en)
            line = dict(created_at=now(), scenario_id=int(scen.id), scenario_name=scen.name,
                        scenario_version=int(scen.version), content_hash=scen.content_hash,
                        rationale=text, author=who, kpis_json=kpis_json)
            new_id = int(conn.execute(
                decisions_table.insert().values(**line, record_hash="")
                .returning(decisions_table.c.id)).scalar_one())
            conn.execute(decisions_table.update().where(decisions_table.c.id == new_id).values(
                record_hash=decision_mac(self._key, AttrRow(dict(line, id=new_id)))))
            self._store._audit(conn, who, "decide", int(scen.id), str(scen.name),
                               int(scen.version), decision_id=new_id, rationale=text,
                               live_code=code)
            values = dict(row._mapping, decision_id=new_id)
            conn.execute(live_sessions_table.update().where(
                live_sessions_table.c.code == code).values(
                decision_id=new_id, record_hash=session_mac(self._key, AttrRow(values))))
            return new_id

        new_id = self._store._write(work)
        return next(d for d in self._store.decisions() if d.id == new_id)

    def sessions(self, include_closed: bool = True, limit: int = 20) -> list[LiveSession]:
        """The latest rounds, newest first (rounds that fail their check are left out)."""
        t = live_sessions_table
        query = sa.select(t).order_by(t.c.opened_at.desc()).limit(limit)
        if not include_closed:
            query = query.where(t.c.state == "open")
        with self._store._read() as conn:
            rows = conn.execute(query).all()
        out = []
        for r in rows:
            try:
                out.append(self._session_from(r))
            except StoreError:
                continue
        return out

    # -- everyone ---------------------------------------------------------------------------
    def session(self, code: str) -> LiveSession:
        """The round with this code; `LiveError` when there is none."""
        code = clean_code(code)
        with self._store._read() as conn:
            row = self._session_row(conn, code)
        return self._session_from(row)

    def join(self, code: str, who: str) -> LiveSession:
        """The round a member asks for with `code`, counting wrong codes per browser session
        `who`; `LiveError` for a wrong, closed or expired code or too many attempts."""
        attempt = mac(self._key, ["live-attempt", str(who or "")])
        since = (datetime.now(UTC) - ATTEMPT_WINDOW).isoformat(timespec="microseconds")
        a = live_attempts_table
        with self._store._read() as conn:
            tried = int(conn.execute(sa.select(sa.func.count()).select_from(a).where(
                a.c.who == attempt, a.c.at >= since)).scalar() or 0)
        if tried >= MAX_ATTEMPTS:
            minutes = int(ATTEMPT_WINDOW.total_seconds() // 60)
            raise LiveError(
                f"Te veel onjuiste codes geprobeerd. Wacht {minutes} minuten en probeer het "
                "dan opnieuw.",
                f"Too many wrong codes tried. Wait {minutes} minutes and try again.")
        try:
            session = self.session(code)
        except LiveError:
            def work(conn: Connection) -> None:
                conn.execute(a.delete().where(a.c.at < since))
                conn.execute(a.insert().values(who=attempt, at=now()))

            self._store._write(work)
            raise
        if not session.is_open:
            raise closed_error()
        if session.expired():
            raise expired_error()
        return session

    def submit(self, code: str, member_key: str, weights: Mapping[str, Any],
               years: Mapping[Any, Any] | None = None, name: str = "") -> MemberInput:
        """Store (or replace) this member's input for the round; `LiveError` when the round is
        closed or expired or the input is not valid. Never overwrites another member's row."""
        code = clean_code(code)
        member = self.member_hash(code, member_key)
        w = normalise_weights(weights)
        shown = clean_member_name(name)
        session = self.session(code)  # fail fast; checked again under the lock
        if not session.is_open:
            raise closed_error()
        year_split = None
        if years:
            if not session.allow_years:
                raise LiveError("In deze ronde geeft u alleen de doelgewichten.",
                                "In this round you give the goal weights only.")
            year_split = normalise_years(years, self._store.get(session.scenario_id)
                                         .scenario.years)
        for _ in range(_CONFLICT_RETRIES):
            try:
                self._store._write(lambda conn: self._upsert(conn, code, member, w, year_split,
                                                              shown))
                break
            except _Conflict:
                continue
        else:
            raise StoreError("Uw invoer kon niet worden opgeslagen: het is te druk. Probeer "
                             "het opnieuw.", "Your input could not be stored: too busy. Try "
                             "again.")
        found = self.my_input(code, member_key)
        assert found is not None
        return found

    def _upsert(self, conn: Connection, code: str, member: str, weights: dict[str, float],
                year_split: dict[int, float] | None, name: str) -> None:
        session = self._session_from(self._session_row(conn, code, lock="share"))
        if not session.is_open:
            raise closed_error()
        if session.expired():
            raise expired_error()
        t = live_inputs_table
        at = now()
        values: dict[str, Any] = dict(
            code=code, member=member, name="" if session.anonymous else name,
            weights_json=dumps_json(weights),
            years_json=dumps_json({str(y): v for y, v in year_split.items()})
            if year_split else "null",
            updated_at=at)
        old = conn.execute(sa.select(t).where(t.c.code == code, t.c.member == member)).first()
        if old is None:
            values.update(version=1, created_at=at)
            values["record_hash"] = input_mac(self._key, AttrRow(values))
            conn.execute(t.insert().values(**values))  # a twin insert fails on the unique key
            return
        values.update(version=int(old.version) + 1, created_at=old.created_at)
        values["record_hash"] = input_mac(self._key, AttrRow(values))
        done = conn.execute(t.update().where(t.c.id == old.id, t.c.version == old.version)
                            .values(**values))
        if done.rowcount != 1:
            raise _Conflict

    def inputs(self, code: str) -> LiveInputs:
        """Every member's latest input, in the order they first answered."""
        code = clean_code(code)
        t = live_inputs_table
        with self._store._read() as conn:
            rows = conn.execute(sa.select(t).where(t.c.code == code)
                                .order_by(t.c.created_at, t.c.id)).all()
        out = LiveInputs()
        for r in rows:
            member = self._input_from(r)
            if member is None:
                out.skipped.append(RowProblem(
                    int(r.id), "",
                    f"Een invoer in ronde {shown_code(code)} is buiten de app om gewijzigd en "
                    "telt niet mee.",
                    f"An input in round {shown_code(code)} was changed outside the app and "
                    "does not count."))
            else:
                out.inputs.append(member)
        return out

    def my_input(self, code: str, member_key: str) -> MemberInput | None:
        code = clean_code(code)
        member = self.member_hash(code, member_key)
        t = live_inputs_table
        with self._store._read() as conn:
            row = conn.execute(sa.select(t).where(t.c.code == code, t.c.member == member)
                               ).first()
        return None if row is None else self._input_from(row)

    def _input_from(self, row: Any) -> MemberInput | None:
        try:
            if not same(row.record_hash, input_mac(self._key, row)):
                return None
            weights = {str(k): float(v) for k, v in json.loads(row.weights_json).items()}
            raw_years = json.loads(row.years_json or "null")
            years = ({int(k): float(v) for k, v in raw_years.items()}
                     if isinstance(raw_years, dict) else None)
            return MemberInput(member=str(row.member), weights=normalise_weights(weights),
                               years=years, name=str(row.name or ""),
                               version=int(row.version), updated_at=parse_time(row.updated_at))
        except (TypeError, ValueError, AttributeError, LiveError):
            return None


def anonymised(inputs: Sequence[MemberInput], anonymous: bool) -> list[dict[str, Any]]:
    """The inputs as the decision log keeps them: numbered, with names only in a named round."""
    out = []
    for no, m in enumerate(inputs, start=1):
        line: dict[str, Any] = {"member_no": no, "weights": dict(m.weights)}
        if m.years:
            line["years"] = {str(y): v for y, v in m.years.items()}
        if not anonymous and m.name:
            line["name"] = m.name
        out.append(line)
    return out
