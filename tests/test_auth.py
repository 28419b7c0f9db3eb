"""Roles and identity (ui/auth.py): rules, matching, permissions, addresses, local mode gate."""

from __future__ import annotations

from pathlib import Path

import pytest

from allocation.compare import person_label
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


V = {"email_verified": True}  # what a provider sends for an address it has checked


@pytest.mark.parametrize("claims,role", [
    ({"email": "beheer@provincie.nl", **V}, "admin"),  # addresses match case-insensitively
    ({"email": "ana@provincie.nl", **V}, "editor"),  # by domain
    ({"email": "x@elders.nl", "groups": ["commissie"], **V}, "viewer"),
    ({"email": "x@elders.nl", "groups": ["commissie", "analisten"], **V}, "editor"),  # strongest
    ({"email": "gast@elders.nl", **V}, "viewer"),
    ({"email": "iemand@elders.nl", **V}, None),  # no rule: no access
    ({"sub": "abc"}, None),
    ({"email": "beheer@provincie.nl", "email_verified": False}, None),  # unverified address
    ({"email": "beheer@provincie.nl", "email_verified": False, "groups": ["analisten"]},
     "editor"),
    ({"email": "ana@provincie.nl.evil.com", **V}, None),  # a domain is the whole domain
])
def test_role_for_claims(claims, role):
    assert role_for(claims, RULES) == role


# -- issue 27, finding 4: claims checked strictly ---------------------------------------------


@pytest.mark.parametrize("verified", ["false", "true", "True", 1, None, [True], {"x": 1}])
def test_only_the_boolean_true_verifies_an_address(verified):
    claims = {"sub": "s", "email": "beheer@provincie.nl", "email_verified": verified}
    assert role_for(claims, RULES) is None
    who = auth.identity_from_claims(claims, RULES)
    assert who.role is None and who.refusal == "unverified" and not who.can("view")


def test_a_token_without_email_verified_gets_nothing():
    claims = {"sub": "s", "email": "beheer@provincie.nl", "name": "Bea"}
    assert role_for(claims, RULES) is None
    assert auth.identity_from_claims(claims, RULES).refusal == "unverified"
    # with the claim, the same token is the admin
    good = auth.identity_from_claims({**claims, **V}, RULES)
    assert (good.id, good.role, good.refusal) == ("beheer@provincie.nl", "admin", "")


def test_no_fallback_from_a_missing_email_to_another_claim():
    claims = {"sub": "s", "preferred_username": "beheer@provincie.nl", "email_verified": True,
              "groups": ["analisten"]}
    who = auth.identity_from_claims(claims, RULES)
    assert who.role is None and who.refusal == "no_identity" and who.id == ""
    # ... unless the roles file says which claim names the person (Entra ID: "upn")
    rules = parse_rules({"identity_claim": "preferred_username",
                         "roles": {"editor": ["group:analisten"]}})
    who = auth.identity_from_claims(claims, rules)
    assert (who.id, who.role) == ("beheer@provincie.nl", "editor")
    assert role_for(claims, rules) == "editor"  # groups match; the name is not an address


def test_the_verified_claim_can_be_named():
    rules = parse_rules({"email_verified_claim": "xms_edov",
                         "roles": {"admin": ["beheer@provincie.nl"]}})
    claims = {"sub": "s", "email": "beheer@provincie.nl"}
    assert role_for({**claims, "email_verified": True}, rules) is None
    assert role_for({**claims, "xms_edov": True}, rules) == "admin"
    with pytest.raises(RolesError):
        parse_rules({"identity_claim": ""})
    with pytest.raises(RolesError):
        parse_rules({"email_verified_claim": 3})


def test_default_role_and_group_claim_name():
    rules = parse_rules({"default": "viewer", "groups_claim": "roles",
                         "roles": {"admin": ["group:Draagkracht.Admin"]}})
    assert role_for({"email": "wie@dan.ook", **V}, rules) == "viewer"
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


# -- issue 27, finding 1: role changes take effect while the server runs ----------------------


def test_roles_are_read_afresh_within_the_same_second(tmp_path, monkeypatch):
    """The same file, rewritten within one clock tick (same size, same mtime) still changes the
    role at the next check: nothing keeps an old parse."""
    import os

    path = tmp_path / "roles.toml"
    monkeypatch.setenv(auth.ENV_ROLES_FILE, str(path))
    claims = {"sub": "s", "email": "beheer@provincie.nl", **V}
    path.write_text('[roles]\nadmin = ["beheer@provincie.nl"]\n', encoding="utf-8")
    stamp = path.stat()
    assert auth.identity_from_claims(claims, auth.load_rules()).role == "admin"
    path.write_text('[roles]\nviewer = ["beheer@provincie.nl"]\n', encoding="utf-8")
    os.utime(path, ns=(stamp.st_atime_ns, stamp.st_mtime_ns))  # the same modification time
    assert auth.identity_from_claims(claims, auth.load_rules()).role == "viewer"
    path.write_text("[roles\n", encoding="utf-8")  # broken: everyone refused, in words
    with pytest.raises(RolesError) as err:
        auth.load_rules()
    assert "kan niet worden gelezen" in err.value.message_nl and str(path) in err.value.message_nl


def test_the_app_keeps_no_cached_parse_of_the_roles_file():
    """The cache that hid role changes (st.cache_resource with an underscore argument, which
    Streamlit does not hash) is gone, and nothing in ui/auth.py caches the rules again."""
    source = Path(auth.__file__).read_text(encoding="utf-8")
    assert "cache_resource" not in source and "cache_data" not in source
    assert "lru_cache" not in source


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
    """A fresh database, no open-without-login switch, and the server address restored after."""
    from streamlit import config

    monkeypatch.setenv("DRAAGKRACHT_DATABASE_URL", f"sqlite:///{tmp_path / 's.sqlite'}")
    monkeypatch.delenv(auth.ENV_ALLOW_OPEN, raising=False)
    old = config.get_option("server.address")
    yield
    config.set_option("server.address", old)


def _run(address: str, page: str | None = None):
    """The app as a server on `address` would run it (AppTest), optionally on `page`."""
    from streamlit import config
    from streamlit.testing.v1 import AppTest

    config.set_option("server.address", address)
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    if page:
        at.switch_page(page)
        at.run()
    assert not at.exception, [e.value for e in at.exception]
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
    from ui.text import md_escape

    at = _run("127.0.0.1", "views/scenarios.py")
    at.text_input(key="dk_save_name").set_value("=HYPERLINK(\"x\")")
    next(b for b in at.button if b.label == "Opslaan").click().run()
    assert not at.exception
    who = auth.local_identity().id
    trail = at.dataframe[-1].value
    assert list(trail["Wie"]) == [person_label(who)] and list(trail["Handeling"]) == ["opgeslagen"]
    assert any(md_escape(who) in str(c.value) for c in at.caption)  # "saved in the name of"


# -- the scenario page with a broken or damaged store (issue 14, findings 4 and 5) -------------

SECRET = "S3cretPw"


def _scenarios_page(monkeypatch, url: str):
    monkeypatch.setenv("DRAAGKRACHT_DATABASE_URL", url)
    return _run("127.0.0.1", "views/scenarios.py")


def _page_text(at) -> str:
    return "\n".join(str(e.value) for kind in ("error", "warning", "markdown", "caption", "info")
                     for e in getattr(at, kind))


@pytest.mark.parametrize("url", [
    f"postgresql//admin:{SECRET}@db.provincie.nl/draagkracht",
    f"postgresql://admin:{SECRET}@db.provincie.nl:abc/draagkracht",
    f"postgresql+psycopg://admin:{SECRET}@127.0.0.1:1/draagkracht",
])
def test_a_bad_database_url_never_shows_the_password(app_env, monkeypatch, url):
    at = _scenarios_page(monkeypatch, url)
    shown = _page_text(at)
    assert "Scenario-opslag" in shown
    assert SECRET not in shown


def test_a_damaged_row_is_named_and_the_rest_still_listed(app_env, monkeypatch, tmp_path):
    import sqlite3

    from allocation.store import open_store
    from tests.test_store import make_scenario, summary

    path = tmp_path / "rows.sqlite"
    with open_store(f"sqlite:///{path}") as s:
        s.save(make_scenario(), summary(), "Goed")
        bad = s.save(make_scenario(), summary(), "Kapot")
    con = sqlite3.connect(path)
    con.execute("UPDATE scenarios SET created_at = 'gisteren' WHERE id = ?", (bad.id,))
    con.commit()
    con.close()
    at = _scenarios_page(monkeypatch, f"sqlite:///{path}")
    assert list(at.dataframe[0].value["Naam"]) == ["Goed"]
    assert any("Kapot" in str(w.value) and "overgeslagen" in str(w.value) for w in at.warning)


def test_the_example_files_are_valid():
    import tomllib

    root = Path(APP).parent / ".streamlit"
    rules = auth.load_rules(root / "roles.toml.example")
    assert set(rules.users.values()) | set(rules.domains.values()) | set(
        rules.groups.values()) == {"viewer", "editor", "admin"}
    secrets_example = tomllib.loads((root / "secrets.toml.example").read_text())
    assert {"redirect_uri", "cookie_secret", "client_id", "client_secret",
            "server_metadata_url"} <= set(secrets_example["auth"])
    assert secrets_example["auth"]["redirect_uri"].endswith("/oauth2callback")
