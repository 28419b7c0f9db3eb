"""Input widgets bound to the active scenario (defaults from it, edits back through ui.state).

Every widget key comes from `state.wkey`, so a scenario replaced from elsewhere (upload, reset,
opening a saved scenario) rebuilds the widgets from the new values. Every edit goes through
`state.apply_edit`: an invalid value is refused with a message and the scenario stays unchanged;
the widgets are then rebuilt so they show the values that are really in use.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd
import streamlit as st

from allocation import format as fmt
from allocation.domain import GOALS, Scenario
from ui import cache, editing, state
from ui.render import download, fitted_height
from ui.text import md_escape, t

# -- upload ------------------------------------------------------------------------------------


def process_upload(upload: Any) -> None:
    """Read an uploaded file once (not again on every rerun); good -> active, bad -> listed."""
    token = f"{upload.name}|{upload.size}|{getattr(upload, 'file_id', '')}"
    if st.session_state.get(state.LAST_UPLOAD) == token:
        return
    st.session_state[state.LAST_UPLOAD] = token
    outcome = cache.read_upload(upload.getvalue(), upload.name)
    if outcome.loaded is None:
        state.reject_upload(upload.name, outcome.issues, outcome.warnings)
        st.rerun()  # the sidebar (drawn before this page) names this file, not the previous
    sc = outcome.loaded.scenario
    state.replace_scenario(sc, state.DataSource(upload.name, "upload"), outcome.loaded.warnings,
                           monitoring=outcome.loaded.monitoring)
    from allocation.request.provenance import read_provenance

    try:  # a merged or results workbook says where its values came from (sheet herkomst)
        state.set_provenance(read_provenance(upload.getvalue()).matching(sc))
    except Exception:  # noqa: BLE001 - without a readable herkomst sheet: no provenance
        state.set_provenance(None)
    from ui.text import TEXT, md_escape

    nl, en = TEXT["upload_ok"]
    name = md_escape(upload.name)
    state.set_flash("success", nl.format(name=name, parks=len(sc.parks), years=len(sc.years)),
                    en.format(name=name, parks=len(sc.parks), years=len(sc.years)))
    st.rerun()  # so the sidebar (drawn before this page) shows the new data at once


def demo_button() -> None:
    """'Demo-gegevens laden': back to the demo without re-uploading it."""
    def _load() -> None:
        demo = cache.demo_workbook()
        state.replace_scenario(demo.scenario, state.DataSource("demo", "demo"), demo.warnings)
        from ui.text import TEXT

        state.set_flash("success", *TEXT["demo_loaded"])

    at_demo = state.is_initialised() and state.source().kind == "demo" and not state.is_modified()
    st.button(t("demo_load"), key="dk_demo_load", on_click=_load, disabled=at_demo,
              icon=":material/restart_alt:", help=t("demo_load_help"))


# -- downloads ---------------------------------------------------------------------------------


def download_row() -> None:
    c1, c2, c3 = st.columns(3)
    with c1:
        download("dl_template", cache.template_bytes, "draagkracht_sjabloon.xlsx", "dl_template")
    with c2:
        download("dl_demo", cache.demo_bytes, "draagkracht_demo.xlsx", "dl_demo")
    with c3:
        current = state.scenario()
        download("dl_current", lambda: cache.scenario_bytes(current),
                  "draagkracht_gegevens.xlsx", "dl_current")


# -- table editors -----------------------------------------------------------------------------


def _on_table_edit(key: str, base: pd.DataFrame,
                   change: Callable[[Scenario, pd.DataFrame], Scenario]) -> None:
    frame = editing.apply_delta(base, st.session_state.get(key))
    state.apply_edit(lambda sc: change(sc, frame))
    state.bump_generation()  # rebuild the editors from the scenario actually in use


def _editor(name: str, frame: pd.DataFrame, config: dict[str, Any], disabled: list[str],
            change: Callable[[Scenario, pd.DataFrame], Scenario], height: int | None = None
            ) -> None:
    key = state.wkey(f"edit_{name}")
    kwargs: dict[str, Any] = {}
    if height:  # a cap: a short table is as tall as its rows (no empty rows under 3 parks)
        kwargs["height"] = fitted_height(len(frame), height)
    st.data_editor(
        frame, key=key, column_config=config, disabled=disabled, hide_index=True,
        num_rows="fixed", on_change=_on_table_edit, args=(key, frame, change), width="stretch",
        placeholder="", **kwargs,  # an empty cell reads empty (Streamlit would write "None")
    )


def _num(label_key: str, *, min_value: float | None = None, max_value: float | None = None,
         step: float | None = None, fmt_: str | None = None, help_key: str | None = None,
         ) -> Any:
    return st.column_config.NumberColumn(
        t(label_key), min_value=min_value, max_value=max_value, step=step, format=fmt_,
        help=t(help_key) if help_key else None,
    )


# Streamlit's own number formats follow the browser's language (Dutch browsers: 1.234.567);
# printf formats are used only where no separator appears (whole percentages, counts).
def _eur(label_key: str, help_key: str | None = None, step: float = 100) -> Any:
    return _num(label_key, min_value=0, max_value=1e10, step=step, fmt_="euro",
                help_key=help_key)


def _share(label_key: str, help_key: str | None = None, max_value: float = 100.0) -> Any:
    """A share shown and typed as a percentage 0-100 (see editing.PERCENT_COLUMNS)."""
    return _num(label_key, min_value=0.0, max_value=max_value, step=1, fmt_="%d%%",
                help_key=help_key)


def _decimal(label_key: str, step: float, **kwargs: Any) -> Any:
    """A decimal number; the step sets the precision shown by the "localized" format."""
    return _num(label_key, step=step, fmt_="localized", **kwargs)


def parks_editor(scenario: Scenario) -> None:
    frame = editing.parks_frame(scenario)
    config = {
        "park_id": st.column_config.TextColumn(t("col_park_id"), pinned=True),
        "name": st.column_config.TextColumn(t("col_name"), max_chars=200, required=True),
        "municipality": st.column_config.TextColumn(t("col_municipality"), required=True),
        "region": st.column_config.TextColumn(t("col_region")),
        "latitude": _decimal("col_latitude", 0.0001, min_value=-90, max_value=90),
        "longitude": _decimal("col_longitude", 0.0001, min_value=-180, max_value=180),
        "area_ha": _decimal("col_area_ha", 0.1, min_value=0.01, max_value=10_000),
        "companies": _num("col_companies", min_value=0, max_value=100_000, step=1,
                          fmt_="localized"),
        "jobs": _num("col_jobs", min_value=0, max_value=1_000_000, step=1, fmt_="localized"),
        "strategic": st.column_config.CheckboxColumn(t("col_strategic")),
        "organisation_level": _num("col_organisation_level", min_value=0, max_value=4, step=1,
                                   fmt_="%d", help_key="help_organisation_level"),
        "draagvlak": _share("col_draagvlak", "help_draagvlak"),
        "private_capacity_eur": _eur("col_private_capacity_eur", "help_private_capacity"),
        "municipal_team": st.column_config.CheckboxColumn(t("col_municipal_team")),
        "absorption_capacity_eur": _eur("col_absorption_capacity_eur", "help_absorption"),
        "potential_energy": _share("col_potential_energy"),
        "potential_circularity": _share("col_potential_circularity"),
        "potential_economy": _share("col_potential_economy"),
        "potential_cooperation": _share("col_potential_cooperation"),
    }
    _editor("parks", frame, config, ["park_id"], editing.with_parks, height=420)


def budget_editor(scenario: Scenario) -> None:
    frame = editing.budget_frame(scenario)
    config = {
        "year": _num("col_year", fmt_="%d"),
        "budget_eur": _eur("col_budget_eur", "ass_budget_help", step=1000),
    }
    _editor("budget", frame, config, ["year"], editing.with_budget)
    st.caption(t("ass_budget_caption", total=fmt.eur(sum(scenario.budgets.values()))))
    c1, c2 = st.columns(2)
    c1.button(t("add_year"), key=state.wkey("add_year"), on_click=_structural,
              args=(editing.with_year_added,))
    c2.button(t("remove_year"), key=state.wkey("remove_year"), on_click=_structural,
              args=(editing.with_last_year_removed,), disabled=len(scenario.budget) <= 1)


def _structural(change: Callable[[Scenario], Scenario]) -> None:
    state.apply_edit(change)
    state.bump_generation()


def categories_editor(scenario: Scenario) -> None:
    frame = editing.categories_frame(scenario)
    config = {
        "category": st.column_config.TextColumn(t("col_category"), pinned=True),
        "label": st.column_config.TextColumn(t("col_label")),
        "min_private_share": _share("col_min_private_share", max_value=95.0),
        "min_organisation_level": _num("col_min_organisation_level", min_value=0, max_value=4,
                                       step=1, fmt_="%d", help_key="help_organisation_level"),
        "requires_municipal_team": st.column_config.CheckboxColumn(
            t("col_requires_municipal_team")),
        "min_draagvlak": _share("col_min_draagvlak"),
        "max_per_park_year_eur": _eur("col_max_per_park_year_eur", step=1000),
        "impact_energy": _decimal("col_impact_energy", 0.01, min_value=0),
        "impact_circularity": _decimal("col_impact_circularity", 0.01, min_value=0),
        "impact_economy": _decimal("col_impact_economy", 0.01, min_value=0),
        "impact_cooperation": _decimal("col_impact_cooperation", 0.01, min_value=0),
    }
    _editor("categories", frame, config, ["category"], editing.with_categories)


def returns_editor(scenario: Scenario) -> None:
    frame = editing.returns_frame(scenario)
    config = {
        "up_to_share": _num("col_up_to_share", min_value=0.0, step=1, fmt_="%d%%",
                            help_key="help_up_to_share"),
        "multiplier": _decimal("col_multiplier", 0.01, min_value=0.0),
    }
    _editor("returns", frame, config, [], editing.with_returns)
    st.caption(t("ass_returns_caption"))


# -- setting controls (Aannames) -----------------------------------------------------------------


def _on_setting(name: str, key: str, convert: Callable[[Any], Any]) -> None:
    if not state.update_settings(**{name: convert(st.session_state[key])}):
        state.bump_generation()  # refused: show the value in use again


def _grid(low: float, high: float, step: float, current: float) -> list[float]:
    """Round values from low to high (and the value in use, wherever it lies)."""
    count = int(round((high - low) / step)) + 1
    values = {round(low + i * step, 6) for i in range(count)}
    return sorted(values | {round(current, 9)})


SHOW: dict[str, Callable[[float], str]] = {
    # How a slider shows its value: the app's notation, percentages as 0-100 with "%".
    "pct": lambda v: fmt.pct(v, 0),
    "pct1": lambda v: fmt.pct(v, 1),
    "num1": lambda v: fmt.num(v, 1),
    "num2": lambda v: fmt.num(v, 2),
}


def setting_slider(name: str, label: str, help_text: str, min_value: float, max_value: float,
                   step: float, show: str = "num2") -> float:
    value = float(getattr(state.scenario().settings, name))
    key = state.wkey(f"set_{name}")
    options = _grid(min_value, max(max_value, value), step, value)
    st.select_slider(label, options=options, value=round(value, 9), format_func=SHOW[show],
                     key=key, help=help_text, on_change=_on_setting, args=(name, key, float))
    return float(getattr(state.scenario().settings, name))


def _on_amount_setting(name: str, key: str) -> None:
    text = st.session_state[key]
    value = fmt.parse_amount(text)
    if value is None:
        _refuse_amount(text)
    elif not state.update_settings(None, **{name: value}):
        state.bump_generation()


def _refuse_amount(text: object) -> None:
    from ui.text import TEXT

    nl, en = TEXT["not_an_amount"]
    state.refuse_edit(nl.format(text=md_escape(text)), en.format(text=md_escape(text)))
    state.bump_generation()


def amount_input(label: str, value: float, key: str, on_change: Callable[..., None],
                 args: tuple[Any, ...], help_text: str | None = None) -> None:
    """A euro amount typed and shown the Dutch way (6.000.000), read by format.parse_amount."""
    st.text_input(label, value=fmt.num(value, 0 if float(value).is_integer() else 2), key=key,
                  help=help_text, on_change=on_change, args=args)


def setting_number(name: str, label: str, help_text: str) -> float:
    value = float(getattr(state.scenario().settings, name))
    key = state.wkey(f"set_{name}")
    amount_input(label, value, key, _on_amount_setting, (name, key), help_text)
    return float(getattr(state.scenario().settings, name))


def setting_toggle(name: str, label: str, help_text: str) -> bool:
    value = bool(getattr(state.scenario().settings, name))
    key = state.wkey(f"set_{name}")
    st.toggle(label, value=value, key=key, help=help_text, on_change=_on_setting,
              args=(name, key, bool))
    return bool(getattr(state.scenario().settings, name))


def setting_select(name: str, label: str, help_text: str, options: list[str],
                   format_func: Callable[[str], str]) -> str:
    value = str(getattr(state.scenario().settings, name))
    key = state.wkey(f"set_{name}")
    index = options.index(value) if value in options else 0
    st.selectbox(label, options, index=index, format_func=format_func, key=key, help=help_text,
                 on_change=_on_setting, args=(name, key, str))
    return str(getattr(state.scenario().settings, name))


def _on_year_budget(year: int, key: str) -> None:
    value = fmt.parse_amount(st.session_state[key])
    if value is None:
        _refuse_amount(st.session_state[key])
    elif not state.update_budget({year: value}):
        state.bump_generation()


def year_budget_inputs() -> None:
    sc = state.scenario()
    per_row = 5
    years = list(sc.budget)
    for start in range(0, len(years), per_row):
        cols = st.columns(per_row)
        for col, b in zip(cols, years[start:start + per_row], strict=False):
            key = state.wkey(f"budget_{b.year}")
            with col:
                amount_input(f"{b.year} (€)", b.budget_eur, key, _on_year_budget, (b.year, key),
                             t("ass_budget_help"))


def _on_private_share(category: str, key: str) -> None:
    share = float(st.session_state[key])
    if not state.apply_edit(lambda sc: editing.with_min_private_share(sc, category, share)):
        state.bump_generation()


def private_share_slider(category_id: str, label: str) -> float:
    cat = state.scenario().category(category_id)
    key = state.wkey(f"private_{category_id}")
    value = float(cat.min_private_share)
    st.select_slider(label, options=_grid(0.0, 0.95, 0.05, value), value=round(value, 9),
                     format_func=SHOW["pct"], key=key, help=t("ass_private_help"),
                     on_change=_on_private_share, args=(category_id, key))
    return float(state.scenario().category(category_id).min_private_share)


def reset_button() -> None:
    def _reset() -> None:
        state.reset_to_original()
        from ui.text import TEXT

        nl, en = TEXT["ass_reset_done"]
        state.set_flash("success", nl, en)

    st.button(t("ass_reset"), key=state.wkey("reset"), on_click=_reset,
              icon=":material/restart_alt:", disabled=not state.is_modified())


# -- presentation ----------------------------------------------------------------------------------

# Goal-weight presets for the steering committee (energy, circularity, economy, cooperation).
PRESETS: dict[str, tuple[float, float, float, float]] = {
    "balanced": (0.30, 0.20, 0.25, 0.25),  # the defaults of docs/contracts/MODEL.md
    "energy": (0.55, 0.15, 0.15, 0.15),
    "circularity": (0.15, 0.55, 0.15, 0.15),
    "economy": (0.15, 0.15, 0.55, 0.15),
    "cooperation": (0.15, 0.15, 0.15, 0.55),
}


def current_preset(scenario: Scenario) -> str | None:
    w = scenario.settings.normalised_weights()
    for name, values in PRESETS.items():
        total = sum(values)
        if all(abs(w[g] - v / total) < 1e-6 for g, v in zip(GOALS, values, strict=True)):
            return name
    return None


def _on_preset(key: str) -> None:
    name = st.session_state.get(key)
    if name in PRESETS:
        state.update_settings(None, **{f"weight_{g}": v
                                 for g, v in zip(GOALS, PRESETS[name], strict=True)})
    state.bump_generation()


def preset_control() -> None:
    key = state.wkey("pres_preset")
    st.segmented_control(
        t("pres_preset"), list(PRESETS), default=current_preset(state.scenario()), key=key,
        format_func=lambda p: t(f"preset_{p}"), on_change=_on_preset, args=(key,),
    )
    if current_preset(state.scenario()) is None:
        st.caption(t("pres_preset_custom"))


def _on_total_budget(key: str) -> None:
    if not state.scale_budget(float(st.session_state[key])):
        state.bump_generation()


def budget_options(current: float, base: float) -> list[float]:
    """Round totals from 0 to twice the workbook's total (and always the current total)."""
    top = max(2.0 * base, current, 1_000_000.0)
    step = 250_000.0 if top > 10_000_000 else 100_000.0 if top >= 2_000_000 else 10_000.0
    count = int(top // step) + 1
    return sorted({round(i * step, 2) for i in range(count)} | {round(current, 2)})


def total_budget_slider(caption: bool = True) -> None:
    sc = state.scenario()
    total = float(sum(sc.budgets.values()))
    options = budget_options(total, float(sum(state.original().budgets.values())))
    key = state.wkey("pres_budget")
    st.select_slider(t("pres_budget"), options=options, value=round(total, 2), key=key,
                     format_func=fmt.eur_short, help=t("pres_budget_help"),
                     on_change=_on_total_budget, args=(key,))
    if caption:
        st.caption(t("pres_budget_caption", value=fmt.eur(total), years=len(sc.years)))


def open_saved(scenario_id: int) -> bool:
    """Make a saved version the active scenario; False (with an error shown) on a store error."""
    from allocation.store import StoreError

    try:
        saved = cache.store().get(scenario_id)
    except StoreError as err:
        st.error(t("sc_store_error", message=md_escape(err.message(state.lang()))))
        return False
    state.replace_scenario(saved.scenario, state.DataSource(saved.label, "store", saved.id))
    from allocation.request.provenance import from_summary

    state.set_provenance(from_summary(saved.summary).matching(saved.scenario))
    return True


def _on_pick_saved(key: str) -> None:
    value = st.session_state.get(key)
    if value is None:
        return
    if open_saved(int(value)):
        from ui.text import TEXT

        nl, en = TEXT["pres_opened"]
        label = md_escape(state.source().name)
        state.set_flash("success", nl.format(name=label), en.format(name=label))


def saved_picker(metas: list[Any]) -> None:
    """Scenario picker for the presentation page (only shown once scenarios exist)."""
    ids = [m.id for m in metas]
    labels = {m.id: m.label for m in metas}
    current = state.source().store_id if state.source().kind == "store" else None
    key = state.wkey("pres_saved")
    st.selectbox(t("pres_scenario"), ids, index=ids.index(current) if current in ids else None,
                 format_func=lambda i: labels.get(i, str(i)), key=key,
                 placeholder=t("pres_scenario_none"), on_change=_on_pick_saved, args=(key,))
