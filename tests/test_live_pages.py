"""The live round's pages in AppTest (local mode: this user may do everything): the room
screen opens a round on a saved scenario and shows the members' inputs as they arrive; the
member page takes a code and an input, and refuses input once the round is closed."""

from __future__ import annotations

import pytest

from allocation import solve
from allocation.store import open_store, result_summary
from tests.conftest import make_small_scenario
from tests.test_pages import goto, start, texts, tmp_store  # noqa: F401


@pytest.fixture
def saved(tmp_store):  # noqa: F811
    scenario = make_small_scenario()
    with open_store() as s:
        return s.save(scenario, result_summary(solve(scenario)), "Klein")


def _metric(at, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


def test_room_screen_follows_the_inputs(saved):
    at = goto(start(), "views/presentatie.py")
    at.toggle(key="dk_live_room_on").set_value(True).run()
    at.button[[b.label for b in at.button].index("Open de ronde")].click().run()
    assert not at.exception, [e.value for e in at.exception]
    code = at.session_state["dk_live_room_code"]
    assert _metric(at, "Antwoorden") == "0" and "Nog geen antwoorden" in texts(at)
    with open_store() as s:
        s.live.submit(code, "a", {"energy": 6, "circularity": 2, "economy": 1, "cooperation": 1})
        s.live.submit(code, "b", {"energy": 2, "circularity": 6, "economy": 1, "cooperation": 1})
        s.live.submit(code, "c", {"energy": 4, "circularity": 4, "economy": 1, "cooperation": 1})
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert _metric(at, "Antwoorden") == "3"
    shown = texts(at)
    # medians: energy 40%, circularity 40%, economy 10%, cooperation 10% (they sum to 100%)
    assert ("Groepsgewichten (mediaan, samen 100%): Energie 40%, Circulariteit 40%, "
            "Economie 10%, Samenwerking 10%") in shown
    assert "De gewichten van 3 leden per doel" in shown  # each chart's text alternative
    assert len([c for c in at.caption if "Het groepsplan behoudt per lid" in c.value]) == 1


def test_member_page_submits_and_closed_round_refuses(saved):
    with open_store() as s:
        session = s.live.open(saved.id, "voorzitter")
    at = goto(start(), "views/live.py")
    at.text_input(key="dk_live_code_typed").set_value("nee")  # a form: sent with its button
    at.button[0].click().run()
    assert "geen geldige code" in texts(at)
    at.text_input(key="dk_live_code_typed").set_value(session.code.lower())
    at.button[0].click().run()
    assert not at.exception, [e.value for e in at.exception]
    at.slider(key="dk_live_w_energy").set_value(80)
    [send] = [b for b in at.button if b.label == "Verstuur mijn inbreng"]
    send.click().run()
    assert "Uw inbreng is ontvangen (keer 1)" in texts(at)
    with open_store() as s:
        [mine] = s.live.inputs(session.code).inputs
        assert mine.weights["energy"] == pytest.approx(80 / (80 + 20 + 25 + 25))
        s.live.close(session.code, "voorzitter")
    [send] = [b for b in at.button if b.label == "Verstuur mijn inbreng"]
    send.click().run()
    assert "Deze ronde is gesloten" in texts(at)
    at.run()
    assert not [b for b in at.button if b.label == "Verstuur mijn inbreng"]
    assert "Deze ronde is gesloten" in texts(at)


def test_room_screen_shows_the_groups_year_split(saved):
    with open_store() as s:
        session = s.live.open(saved.id, "voorzitter", allow_years=True)
        w = {"energy": 1, "circularity": 1, "economy": 1, "cooperation": 1}
        s.live.submit(session.code, "a", w, years={2026: 2, 2027: 1, 2028: 1})
        s.live.submit(session.code, "b", w, years={2026: 1, 2027: 1, 2028: 2})
        s.live.submit(session.code, "c", w)  # gave no split: not counted for the years
    at = start()
    at.session_state["dk_live_room_code"] = session.code
    at = goto(at, "views/presentatie.py")
    assert _metric(at, "Antwoorden") == "3"
    # medians of (.5, .25), (.25, .25), (.25, .5) = .375, .25, .375 -> scaled by 1/1
    assert ("Verdeling van het budget over de jaren (mediaan, samen 100%): 2026 37,5%, "
            "2027 25%, 2028 37,5%") in texts(at)
