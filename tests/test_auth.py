"""Roles and identity (ui/auth.py): rules, matching, permissions, addresses, local mode gate."""

from __future__ import annotations

from pathlib import Path

import pytest

from ui import auth
from ui.auth import Identity, RolesError, parse_rules, role_for

APP = str(Path(__file__).resolve().parents[1] / "app.py")

RULES = parse_rules({
    "groups_claim": "groups",
    "roles": {
        "admin": ["Beheer@Provincie.nl"],
        "editor": ["@provincie.nl", "group:analisten"],
        "viewer": ["group:commissie", "gast@elders.nl"],
    },
})


@pytest.mark.parametrize("claims,role", [
    ({"email": "beheer@provincie.nl"}, "admin"),  # addresses match case-insensitively
    ({"email": "ana@provincie.nl"}, "editor"),  # by domain
    ({"email": "x@elders.nl", "groups": ["commissie"]}, "viewer"),
    ({"email": "x@elders.nl", "groups": ["commissie", "analisten"]}, "editor"),  # strongest
    ({"email": "gast@elders.nl"}, "viewer"),
    ({"email": "iemand@elders.nl"}, None),  # no rule: no access
    ({"sub": "abc"}, None),
    ({"email": "beheer@provincie.nl", "email_verified": False}, None),  # unverified address
    ({"email": "beheer@provincie.nl", "email_verified": False, "groups": ["analisten"]},
     "editor"),
    ({"email": "ana@provincie.nl.evil.com"}, None),  # a domain is the whole domain
])
def test_role_for_claims(claims, role):
    assert role_for(claims, RULES) == role


def test_default_role_and_group_claim_name():
    rules = parse_rules({"default": "viewer", "groups_claim": "roles",
                         "roles": {"admin": ["group:Draagkracht.Admin"]}})
    assert role_for({"email": "wie@dan.ook"}, rules) == "viewer"
    assert role_for({"sub": "x", "roles": ["Draagkracht.Admin"]}, rules) == "admin"
    assert role_for({"sub": "x", "groups": ["Draagkracht.Admin"]}, rules) == "viewer"


@pytest.mark.parametrize("data", [
    {"roles": {"baas": ["a@b.nl"]}},
    {"roles": {"admin": "a@b.nl"}},
    {"roles": {"admin": ["zomaar"]}},
    {"default": "eigenaar"},
    {"roles": []},
])
def test_bad_rules_are_refused_in_words(data):
    with pytest.raises(RolesError) as err:
        parse_rules(data)
    assert err.value.message_nl and err.value.message_en


def test_load_rules_from_file(tmp_path, monkeypatch):
    path = tmp_path / "roles.toml"
    path.write_text('[roles]\nadmin = ["a@b.nl"]\n', encoding="utf-8")
    monkeypatch.setenv(auth.ENV_ROLES_FILE, str(path))
    assert auth.load_rules().users == {"a@b.nl": "admin"}
    path.write_text("[roles\n", encoding="utf-8")
    with pytest.raises(RolesError):
        auth.load_rules()
    with pytest.raises(RolesError) as err:
        auth.load_rules(tmp_path / "weg.toml")
    assert "niemand" in err.value.message_nl


def test_permissions_follow_the_issue():
    viewer, editor, admin = (Identity("x", "x", r) for r in ("viewer", "editor", "admin"))
    assert viewer.can("compare") and not viewer.can("save") and not viewer.can("decide")
    assert editor.can("save") and editor.can("decide") and editor.can("upload")
    assert not editor.can("delete") and not editor.can("restore")
    assert admin.can("delete") and admin.can("restore") and admin.can("save")
    assert not Identity("x", "x", None).can("view")
    assert auth.local_identity().can("delete") and auth.local_identity().id.startswith("lokaal:")


@pytest.mark.parametrize("address,loopback", [
    ("127.0.0.1", True), ("127.0.0.2", True), ("::1", True), ("[::1]", True),
    ("localhost", True), ("", False), (None, False), ("0.0.0.0", False), ("::", False),
    ("192.168.1.10", False), ("draagkracht.provincie.nl", False),
])
def test_loopback_addresses(address, loopback):
    assert auth.is_loopback(address) is loopback


def test_open_without_login_needs_an_explicit_yes():
    assert not auth.open_without_login_allowed({})
    assert not auth.open_without_login_allowed({auth.ENV_ALLOW_OPEN: "0"})
    assert auth.open_without_login_allowed({auth.ENV_ALLOW_OPEN: "1"})


# -- the gate in the app (AppTest: no [auth] in secrets, so local mode) ------------------------


@pytest.fixture
def app_env(tmp_path, monkeypatch):
    monkeypatch.setenv("DRAAGKRACHT_DATABASE_URL", f"sqlite:///{tmp_path / 's.sqlite'}")
    monkeypatch.delenv(auth.ENV_ALLOW_OPEN, raising=False)


def _run(address: str):
    from streamlit import config
    from streamlit.testing.v1 import AppTest

    old = config.get_option("server.address")
    config.set_option("server.address", address)
    try:
        at = AppTest.from_file(APP, default_timeout=120)
        at.run()
    finally:
        config.set_option("server.address", old)
    assert not at.exception
    return at


@pytest.mark.parametrize("address", ["", "0.0.0.0", "192.168.1.10"])
def test_local_mode_refuses_other_addresses(app_env, address):
    at = _run(address)
    assert any("zonder login" in str(e.value) for e in at.error)
    assert not at.dataframe and not at.button  # nothing of the app is served


def test_local_mode_on_loopback_says_so_and_can_be_opened_deliberately(app_env, monkeypatch):
    at = _run("127.0.0.1")
    assert not at.error
    assert any("Lokale modus" in str(c.value) for c in at.sidebar.caption)
    monkeypatch.setenv(auth.ENV_ALLOW_OPEN, "1")
    at = _run("0.0.0.0")
    assert not at.error


def test_scenario_page_records_the_identity_and_shows_the_trail(app_env):
    from streamlit import config

    old = config.get_option("server.address")
    config.set_option("server.address", "127.0.0.1")
    try:
        from streamlit.testing.v1 import AppTest

        at = AppTest.from_file(APP, default_timeout=120)
        at.run()
        at.switch_page("views/scenarios.py")
        at.run()
        at.text_input(key="dk_save_name").set_value("=HYPERLINK(\"x\")")
        next(b for b in at.button if b.label == "Opslaan").click().run()
        assert not at.exception
    finally:
        config.set_option("server.address", old)
    who = auth.local_identity().id
    trail = at.dataframe[-1].value
    assert list(trail["Wie"]) == [who] and list(trail["Handeling"]) == ["opgeslagen"]
    from ui.text import md_escape

    assert any(md_escape(who) in str(c.value) for c in at.caption)  # "saved in the name of"
