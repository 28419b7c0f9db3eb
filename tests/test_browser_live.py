"""Browser test of a live round, in login mode: one facilitator (editor) and five committee
members (viewers), each in their own browser context logged in through the test OIDC provider,
on one app server with a temporary database.

Checks: every member's input appears on the room screen within 5 s; a member who changes their
input moves the group's median weights; a closed round refuses input with a clear message; the
round is in the decision log. Screenshots: the member page at 390×844 and the room screen at
1920×1080 (/tmp/live_member.png, /tmp/live_room.png).
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import statistics
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from allocation import solve
from allocation.demo import make_demo_scenario
from allocation.domain import GOALS
from allocation.format import pct
from allocation.store import open_store, result_summary
from tests.conftest import wait_text
from tests.oidc_provider import OIDCProvider, OIDCUser
from tests.test_browser import (
    CHROMIUM,
    _free_port,
    chromium,
    no_traceback,
    running_app,
    settle,
)
from tests.test_store import PG_URL, _reset_pg

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="/usr/bin/chromium is missing"),
]

EDITOR = "voorzitter@provincie.nl"
MEMBERS = [f"lid{i}@commissie.nl" for i in range(1, 6)]
DEFAULT = {"energy": 30, "circularity": 20, "economy": 25, "cooperation": 25}  # the demo's
GOAL_NL = {"energy": "Energie", "circularity": "Circulariteit", "economy": "Economie",
           "cooperation": "Samenwerking"}


@contextlib.contextmanager
def audit_key(key: str) -> Iterator[None]:
    """This process uses the servers' audit key (to seed and read their store)."""
    before = os.environ.get("DRAAGKRACHT_AUDIT_KEY")
    os.environ["DRAAGKRACHT_AUDIT_KEY"] = key
    try:
        yield
    finally:
        if before is None:
            os.environ.pop("DRAAGKRACHT_AUDIT_KEY", None)
        else:
            os.environ["DRAAGKRACHT_AUDIT_KEY"] = before


def seed(db: str, key: str) -> None:
    """The demo scenario saved as "Demo" (a round works on a saved scenario)."""
    scenario = make_demo_scenario()
    with audit_key(key), open_store(db) as s:
        s.save(scenario, result_summary(solve(scenario)), "Demo", author=EDITOR)


@pytest.fixture(scope="module")
def provider():
    users = [OIDCUser(EDITOR, "Vera Voorzitter")] + [
        OIDCUser(m, f"Lid {i}", ["commissie"]) for i, m in enumerate(MEMBERS, start=1)]
    with OIDCProvider(users, "draagkracht-test", secrets.token_urlsafe(16)) as p:
        yield p


@pytest.fixture(scope="module")
def server(tmp_path_factory, provider):
    port = _free_port()
    folder = tmp_path_factory.mktemp("live")
    db = f"sqlite:///{folder / 'scenarios.sqlite'}"
    key = secrets.token_hex(32)
    seed(db, key)
    (folder / "secrets.toml").write_text(
        "[auth]\n"
        f'redirect_uri = "http://127.0.0.1:{port}/oauth2callback"\n'
        f'cookie_secret = "{secrets.token_hex(32)}"\n'
        f'client_id = "{provider.client_id}"\n'
        f'client_secret = "{provider.client_secret}"\n'
        f'server_metadata_url = "{provider.metadata_url}"\n', encoding="utf-8")
    (folder / "roles.toml").write_text(
        "[roles]\n"
        'editor = ["@provincie.nl"]\n'
        'viewer = ["group:commissie"]\n', encoding="utf-8")
    env = {**os.environ, "DRAAGKRACHT_DATABASE_URL": db, "DRAAGKRACHT_AUDIT_KEY": key,
           "DRAAGKRACHT_ROLES_FILE": str(folder / "roles.toml")}
    env.pop("DRAAGKRACHT_ALLOW_OPEN_WITHOUT_LOGIN", None)
    with running_app(port, env, folder / "streamlit.log",
                     "--secrets.files", str(folder / "secrets.toml")) as url, audit_key(key):
        yield url, db


@pytest.fixture(scope="module")
def browser():
    with chromium() as b:
        yield b


def login(browser, url: str, email: str, path: str, width: int = 1400, height: int = 1600):
    """A fresh browser context logged in as `email`, on `path`."""
    context = browser.new_context(viewport={"width": width, "height": height}, locale="nl-NL")
    pg = context.new_page()
    pg.set_default_timeout(60_000)
    pg.goto(f"{url}/{path}")
    pg.wait_for_selector("text=Log in met uw account")
    pg.get_by_role("button", name="Inloggen").click()
    pg.wait_for_url("**/authorize**")
    pg.get_by_role("button", name=f"Log in as {email}").click()
    pg.wait_for_url(f"{url}/**")
    pg.wait_for_selector("text=Ingelogd als")
    settle(pg)
    if not pg.url.endswith(path):  # the provider may bring the user back to the start page
        pg.goto(f"{url}/{path}")
        pg.wait_for_selector("text=Ingelogd als")
        settle(pg)
    no_traceback(pg)
    return context, pg


def room_count(pg) -> int:
    metric = pg.locator("[data-testid=stMetric]").filter(has_text="Antwoorden")
    if not metric.count():
        return 0
    value = metric.first.locator("[data-testid=stMetricValue]").inner_text()
    return int(value.strip() or 0)


def wait_until(check, timeout_s: float) -> float:
    """Seconds until `check()` holds; fails after `timeout_s`."""
    start = time.monotonic()
    while time.monotonic() - start < timeout_s:
        if check():
            return time.monotonic() - start
        time.sleep(0.2)
    raise AssertionError(f"not within {timeout_s} s")


def set_slider(pg, label: str, steps: int, key: str = "ArrowRight") -> None:
    thumb = pg.locator("[data-testid=stSlider]").filter(has_text=label).get_by_role("slider")
    thumb.focus()
    for _ in range(steps):
        thumb.press(key)


def group_text(weights: list[dict[str, float]]) -> str:
    """The room screen's line of group weights for members' slider values `weights`."""
    normal = [{g: w[g] / sum(w.values()) for g in GOALS} for w in weights]
    med = {g: statistics.median(n[g] for n in normal) for g in GOALS}
    total = sum(med.values())
    return ", ".join(f"{GOAL_NL[g]} {pct(med[g] / total)}" for g in GOALS)


def test_live_round(server, browser):
    url, db = server
    fctx, room = login(browser, url, EDITOR, "presentatie", 1920, 1080)
    room.get_by_text("Live ronde met de stuurgroep").click()
    room.get_by_role("button", name="Open de ronde").click()
    room.wait_for_selector("[data-testid=live-code]")
    code = room.locator("[data-testid=live-code]").inner_text().strip()
    assert re.fullmatch(r"[A-Z2-9]{4}-[A-Z2-9]{4}", code), code
    assert f"/live?code={code.replace('-', '')}" in room.inner_text("body")
    wait_text(room, "Nog geen antwoorden")

    members = []
    given: list[dict[str, float]] = []
    for i, email in enumerate(MEMBERS):
        size = (390, 844) if i == 0 else (1000, 1400)
        ctx, pg = login(browser, url, email, f"live?code={code.replace('-', '')}", *size)
        wait_text(pg, "Hoe zwaar weegt elk doel voor u?")
        set_slider(pg, "Energie", i)  # member i: energy 30 + 5·i, the rest as the scenario
        pg.get_by_role("button", name="Verstuur mijn inbreng").click()
        wait_text(pg, "Uw inbreng is ontvangen")
        no_traceback(pg)
        given.append({**DEFAULT, "energy": DEFAULT["energy"] + 5 * i})
        members.append((ctx, pg))
        waited = wait_until(lambda n=i + 1: room_count(room) == n, 5.0)
        assert waited <= 5.0
    expected = group_text(given)
    wait_until(lambda: expected in room.inner_text("body"), 5.0)
    no_traceback(room)
    assert "Gewichten per doel" in room.inner_text("body")
    # what a member sees of their own input
    first = members[0][1]
    assert "30%" in first.inner_text("body")
    first.screenshot(path="/tmp/live_member.png", full_page=True)
    first.get_by_text("Uw inbreng", exact=True).scroll_into_view_if_needed()
    first.screenshot(path="/tmp/live_member_sent.png")
    room.wait_for_timeout(1500)
    room.screenshot(path="/tmp/live_room.png")

    # member 1 puts circularity first: the group's median weights follow
    ctx, pg = members[0]
    set_slider(pg, "Circulariteit", 1, key="End")
    pg.get_by_role("button", name="Verstuur mijn inbreng").click()
    wait_text(pg, "(keer 2)")
    given[0] = {**given[0], "circularity": 100}
    changed = group_text(given)
    assert changed != expected
    wait_until(lambda: changed in room.inner_text("body"), 8.0)
    assert room_count(room) == 5  # a change, not a sixth member

    # a viewer has no room screen
    viewer = members[4][1]
    viewer.goto(f"{url}/presentatie")
    settle(viewer)
    assert "Live ronde met de stuurgroep" not in viewer.inner_text("body")
    no_traceback(viewer)

    # the facilitator saves the group's weights as a new scenario
    room.get_by_text("Ronde afsluiten en vastleggen").click()
    room.get_by_role("button", name="Groepsgewichten opslaan als nieuw scenario").click()
    wait_text(room, "De groepsgewichten zijn opgeslagen als scenario")
    normal = [{g: w[g] / sum(w.values()) for g in GOALS} for w in given]
    med = {g: statistics.median(n[g] for n in normal) for g in GOALS}
    with open_store(db) as s:
        [adopted] = [m for m in s.list() if m.name == f"Demo – groep {code}"]
        weights = s.get(adopted.id).scenario.settings.normalised_weights()
        assert weights == pytest.approx({g: med[g] / sum(med.values()) for g in GOALS})
        assert adopted.author == EDITOR

    # close and record
    if not room.get_by_role("button", name="Sluit de ronde en leg vast").is_visible():
        room.get_by_text("Ronde afsluiten en vastleggen").click()
    room.get_by_role("button", name="Sluit de ronde en leg vast").click()
    wait_text(room, "De ronde is gesloten en vastgelegd als besluit")
    no_traceback(room)

    # a member who still has the form open is refused, in words
    ctx, pg = members[1]
    set_slider(pg, "Economie", 2)
    pg.get_by_role("button", name="Verstuur mijn inbreng").click()
    wait_text(pg, "Deze ronde is gesloten")
    no_traceback(pg)
    pg.reload()
    settle(pg)
    wait_text(pg, "Deze ronde is gesloten")
    assert pg.get_by_role("button", name="Verstuur mijn inbreng").count() == 0

    # the round is in the decision log: in the store, with the inputs (anonymous) and the
    # chosen plan, and on the compare page's list of decisions
    with open_store(db) as s:
        [decision] = s.decisions()
        assert decision.rationale.startswith(f"Live ronde {code}: 5 leden")
        live = decision.kpis["live"]
        assert live["count"] == 5 and live["chosen"] == "group"
        assert [sorted(i) for i in live["inputs"]] == [["member_no", "weights"]] * 5
        assert live["inputs"][0]["weights"]["circularity"] == pytest.approx(100 / 180)
        assert sum(r["public_eur"] for r in live["allocation"]) == pytest.approx(
            decision.kpis["allocated_public_eur"], rel=1e-9)
    room.goto(f"{url}/vergelijken")
    settle(room)
    room.wait_for_function(
        "t => [...document.querySelectorAll('[data-testid=stDataFrame]')]"
        ".some(e => e.textContent.includes(t))", arg=f"Live ronde {code}", timeout=30_000)
    no_traceback(room)
    for ctx, _ in members:
        ctx.close()
    fctx.close()


def test_two_servers_share_a_round(tmp_path, browser):
    """Local mode, two app servers on one database (PostgreSQL when DRAAGKRACHT_TEST_PG_URL is
    set, else one SQLite file): members on one server, the room screen on the other."""
    if PG_URL:
        _reset_pg(PG_URL)
        db = PG_URL
    else:
        db = f"sqlite:///{tmp_path / 'shared.sqlite'}"
    key = secrets.token_hex(32)
    seed(db, key)
    env = {**os.environ, "DRAAGKRACHT_DATABASE_URL": db, "DRAAGKRACHT_AUDIT_KEY": key}
    with contextlib.ExitStack() as stack:
        members_url, room_url = [
            stack.enter_context(running_app(_free_port(), env, tmp_path / f"s{i}.log"))
            for i in range(2)]
        room = browser.new_context(viewport={"width": 1920, "height": 1080}).new_page()
        room.set_default_timeout(60_000)
        room.goto(f"{room_url}/presentatie")
        settle(room)
        room.get_by_text("Live ronde met de stuurgroep").click()
        room.get_by_role("button", name="Open de ronde").click()
        room.wait_for_selector("[data-testid=live-code]")
        code = room.locator("[data-testid=live-code]").inner_text().strip().replace("-", "")
        pages = []
        for i in range(2):
            pg = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
            pg.set_default_timeout(60_000)
            pg.goto(f"{members_url}/live?code={code}")
            wait_text(pg, "Hoe zwaar weegt elk doel voor u?")
            set_slider(pg, "Samenwerking", 2 + i)
            pg.get_by_role("button", name="Verstuur mijn inbreng").click()
            wait_text(pg, "Uw inbreng is ontvangen")
            wait_until(lambda n=i + 1: room_count(room) == n, 5.0)
            pages.append(pg)
        room.get_by_text("Ronde afsluiten en vastleggen").click()
        room.get_by_role("button", name="Sluit de ronde en leg vast").click()
        wait_text(room, "De ronde is gesloten en vastgelegd als besluit")
        pages[0].get_by_role("button", name="Verstuur mijn inbreng").click()
        wait_text(pages[0], "Deze ronde is gesloten")
        for pg in pages + [room]:
            no_traceback(pg)
    with audit_key(key), open_store(db) as s:
        [decision] = s.decisions()
        assert decision.kpis["live"]["count"] == 2
        weights = [i["weights"]["cooperation"] for i in decision.kpis["live"]["inputs"]]
        assert weights == pytest.approx([35 / 110, 40 / 115])
