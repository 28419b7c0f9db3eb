"""Every session-state key of the app, in one place (docs/contracts/STYLE.md, example 8).

The app holds ONE active `Scenario` (what every page shows and solves) and the workbook original
it came from (for "reset"). Widgets never own data: they take their default from the active
scenario and write back through `apply_edit`, so switching pages never loses an edit.

Widget keys carry a *generation* number (`wkey`). When the scenario is replaced from outside a
widget (upload, reset, opening a saved scenario) the generation goes up, so every widget is
rebuilt from the new scenario instead of showing a stale value.

All functions take an optional mapping `ss` (default: `st.session_state`) so they can be unit
tested with a plain dict.
"""

from __future__ import annotations

from collections.abc import Callable, MutableMapping
from dataclasses import dataclass
from typing import Any, cast

from pydantic import ValidationError

from allocation.domain import BudgetYear, InputIssue, Monitoring, Scenario
from ui.text import LANG_KEY, LANGS, TEXT

# -- the keys --------------------------------------------------------------------------------
SCENARIO = "dk_scenario"  # the active Scenario
ORIGINAL = "dk_original"  # the Scenario as loaded (workbook, demo or store): target of "reset"
SOURCE = "dk_source"  # DataSource: where the active data came from
WARNINGS = "dk_warnings"  # list[InputIssue]: warnings of the loaded workbook
REJECTED = "dk_rejected"  # Rejected | None: the last upload that was refused, with its problems
LAST_UPLOAD = "dk_last_upload"  # file id of the upload already processed (no re-read on rerun)
LANG = LANG_KEY  # "nl" | "en" (the key is the text catalogue's: ui.text reads it)
GENERATION = "dk_generation"  # int, see module docstring
EDIT_MESSAGE = "dk_edit_message"  # (nl, en) | None: why the last edit was refused
FLASH = "dk_flash"  # (kind, nl, en) | None: one-off notice shown after a rerun
SELECTED_PARK = "dk_selected_park"
COMPARE_IDS = "dk_compare_ids"
MONITORING = "dk_monitoring"  # Monitoring | None: the loaded workbook's monitoring sheets
PROVENANCE = "dk_provenance"  # Provenance | None: who supplied which value (request rounds)
REQUEST_ROUND = "dk_request_round"  # RequestRound | None: the request workbooks made last
REQUEST_REPORT = "dk_request_report"  # (token, MergeReport) | None: the returns checked last
REQUEST_UPLOADS = "dk_request_uploads"  # int: generation of the returns uploader (cleared)



@dataclass(frozen=True)
class DataSource:
    name: str  # file name, "demo" or a saved scenario name
    kind: str  # "demo" | "upload" | "store"
    store_id: int | None = None  # the saved version that was opened (kind "store")


@dataclass(frozen=True)
class Rejected:
    name: str
    issues: list[InputIssue]
    warnings: list[InputIssue]


def _ss(ss: MutableMapping[str, Any] | None) -> MutableMapping[str, Any]:
    if ss is not None:
        return ss
    import streamlit as st

    # SessionStateProxy behaves as a mapping but does not declare it.
    return cast(MutableMapping[str, Any], st.session_state)


# -- initialisation --------------------------------------------------------------------------
def is_initialised(ss: MutableMapping[str, Any] | None = None) -> bool:
    return SCENARIO in _ss(ss)


def initialise(
    scenario: Scenario,
    source: DataSource,
    warnings: list[InputIssue] | None = None,
    ss: MutableMapping[str, Any] | None = None,
    monitoring: Monitoring | None = None,
) -> None:
    """First run of a session: make `scenario` active (normally the demo)."""
    s = _ss(ss)
    s.setdefault(LANG, "nl")
    s.setdefault(GENERATION, 0)
    replace_scenario(scenario, source, warnings, ss=s, monitoring=monitoring)


# -- language --------------------------------------------------------------------------------
def lang(ss: MutableMapping[str, Any] | None = None) -> str:
    try:
        value = _ss(ss).get(LANG, "nl")
    except Exception:  # noqa: BLE001 - outside a Streamlit run there is no session: default
        return "nl"
    return value if value in LANGS else "nl"


def set_lang(value: str, ss: MutableMapping[str, Any] | None = None) -> None:
    if value not in LANGS:
        raise ValueError(f"unknown language {value!r}")
    _ss(ss)[LANG] = value


# -- the active scenario ---------------------------------------------------------------------
def scenario(ss: MutableMapping[str, Any] | None = None) -> Scenario:
    return _ss(ss)[SCENARIO]


def original(ss: MutableMapping[str, Any] | None = None) -> Scenario:
    return _ss(ss)[ORIGINAL]


def source(ss: MutableMapping[str, Any] | None = None) -> DataSource:
    return _ss(ss).get(SOURCE, DataSource("demo", "demo"))


def warnings(ss: MutableMapping[str, Any] | None = None) -> list[InputIssue]:
    return list(_ss(ss).get(WARNINGS, []))


def is_modified(ss: MutableMapping[str, Any] | None = None) -> bool:
    from ui.cache import content_hash

    s = _ss(ss)
    return content_hash(s[SCENARIO]) != content_hash(s[ORIGINAL])


def generation(ss: MutableMapping[str, Any] | None = None) -> int:
    return int(_ss(ss).get(GENERATION, 0))


def wkey(name: str, ss: MutableMapping[str, Any] | None = None) -> str:
    """Widget key that changes whenever the scenario is replaced from outside the widget."""
    # The language is part of the key: Streamlit keeps a keyed widget's formatted option
    # labels, so a language switch must make new widgets (their values come from the scenario).
    return f"{name}@{generation(ss)}.{lang(ss)}"


def bump_generation(ss: MutableMapping[str, Any] | None = None) -> None:
    s = _ss(ss)
    s[GENERATION] = int(s.get(GENERATION, 0)) + 1


def replace_scenario(
    new: Scenario,
    src: DataSource,
    warnings: list[InputIssue] | None = None,
    ss: MutableMapping[str, Any] | None = None,
    monitoring: Monitoring | None = None,
) -> None:
    """A new data set (upload, demo, saved scenario): it becomes active AND the reset target,
    with its monitoring data (None: none, e.g. a saved scenario, which holds no monitoring)."""
    s = _ss(ss)
    s[SCENARIO] = new
    s[MONITORING] = monitoring
    s[PROVENANCE] = None
    s[REQUEST_REPORT] = None
    s[REQUEST_ROUND] = None  # made from the data that are now replaced
    s[ORIGINAL] = new
    s[SOURCE] = src
    s[WARNINGS] = list(warnings or [])
    s[REJECTED] = None
    s[EDIT_MESSAGE] = None
    s.pop(SELECTED_PARK, None)
    bump_generation(s)


def monitoring(ss: MutableMapping[str, Any] | None = None) -> Monitoring | None:
    return _ss(ss).get(MONITORING)


def provenance(ss: MutableMapping[str, Any] | None = None) -> Any:
    """The Provenance of the active data (allocation.request.provenance), empty when none."""
    from allocation.request.provenance import Provenance

    return _ss(ss).get(PROVENANCE) or Provenance()


def set_provenance(value: Any, ss: MutableMapping[str, Any] | None = None) -> None:
    _ss(ss)[PROVENANCE] = value


def accept_merge(merged: Any, ss: MutableMapping[str, Any] | None = None) -> None:
    """A merged request round (allocation.request.merge.Merged) becomes the active data, with
    its provenance; "reset" still goes back to the data as loaded."""
    s = _ss(ss)
    s[SCENARIO] = merged.scenario
    s[MONITORING] = merged.monitoring
    s[PROVENANCE] = merged.provenance
    s[REQUEST_REPORT] = None
    s[REQUEST_UPLOADS] = int(s.get(REQUEST_UPLOADS, 0)) + 1
    s[EDIT_MESSAGE] = None
    bump_generation(s)


def reject_upload(
    name: str,
    issues: list[InputIssue],
    warnings: list[InputIssue] | None = None,
    ss: MutableMapping[str, Any] | None = None,
) -> None:
    """A bad upload: remember its problems; the active scenario is left exactly as it was."""
    _ss(ss)[REJECTED] = Rejected(name, list(issues), list(warnings or []))


def rejected(ss: MutableMapping[str, Any] | None = None) -> Rejected | None:
    return _ss(ss).get(REJECTED)


def reset_to_original(ss: MutableMapping[str, Any] | None = None) -> None:
    s = _ss(ss)
    s[SCENARIO] = s[ORIGINAL]
    s[EDIT_MESSAGE] = None
    if s.get(PROVENANCE) is not None:  # the merged values are gone with the reset
        s[PROVENANCE] = s[PROVENANCE].matching(s[ORIGINAL])
    bump_generation(s)


# -- edits -----------------------------------------------------------------------------------
_SETTING_TEXT = {
    "draagvlak_effect": "ass_draagvlak", "capacity_growth": "ass_growth",
    "strategic_floor_eur": "ass_floor", "max_municipality_share": "ass_muni",
    "discount_rate": "ass_discount", "organisation_category": "ass_orgcat",
    "carry_over": "ass_carry", "budget_eur": "col_budget_eur",
}
_SECTIONS = {"parks": ("terreinen", "parks"), "categories": ("categorieën", "categories"),
             "budget": ("budget", "budget"), "returns": ("rendement", "returns"),
             "settings": ("aannames", "assumptions")}


def _place(part: object, lang: str) -> str:
    """One step of a pydantic error location in the user's words: 'terreinen › rij 2 ›
    Draagvlak (%)' instead of 'parks › 1 › draagvlak'."""
    from allocation.domain import GOAL_LABELS_EN, GOAL_LABELS_NL

    en = lang == "en"
    if isinstance(part, int):
        return f"{'row' if en else 'rij'} {part + 1}"
    name = str(part)
    if name in _SECTIONS:
        return _SECTIONS[name][1 if en else 0]
    if name.startswith("weight_") and name[7:] in GOAL_LABELS_NL:
        return (GOAL_LABELS_EN if en else GOAL_LABELS_NL)[name[7:]]
    if name.startswith("capacity_level_"):
        return f"{'absorption capacity level' if en else 'absorptiecapaciteit niveau'} {name[-1]}"
    key = _SETTING_TEXT.get(name, f"col_{name}")
    return TEXT[key][1 if en else 0] if key in TEXT else name


def describe_validation_error(err: Exception, lang: str = "nl") -> str:
    """A pydantic error as one readable line per problem (never a traceback)."""
    if not isinstance(err, ValidationError):
        return str(err)
    from allocation.domain import validation_problems

    lines = []
    for loc_parts, text in validation_problems(err, lang)[:8]:
        loc = " › ".join(_place(p, lang) for p in loc_parts)
        lines.append(f"{loc}: {text}" if loc else text)
    more = len(err.errors()) - 8
    if more > 0:
        lines.append(f"(+{more} {'meer' if lang == 'nl' else 'more'})")
    return "; ".join(lines)


def apply_edit(
    change: Callable[[Scenario], Scenario], ss: MutableMapping[str, Any] | None = None
) -> bool:
    """Apply `change` to the active scenario; refuse it (scenario unchanged) when invalid.

    Returns True when the edit was applied. The reason for a refusal is kept under
    EDIT_MESSAGE as (nl, en) for the page to show.
    """
    s = _ss(ss)
    try:
        new = change(s[SCENARIO])
    except (ValidationError, ValueError, KeyError, TypeError) as err:
        s[EDIT_MESSAGE] = (
            describe_validation_error(err, "nl"),
            describe_validation_error(err, "en"),
        )
        return False
    s[SCENARIO] = new
    s[EDIT_MESSAGE] = None
    return True


def refuse_edit(nl: str, en: str, ss: MutableMapping[str, Any] | None = None) -> None:
    """Keep the scenario as it is and say why (a value that could not even be read)."""
    _ss(ss)[EDIT_MESSAGE] = (nl, en)


def edit_message(ss: MutableMapping[str, Any] | None = None) -> tuple[str, str] | None:
    return _ss(ss).get(EDIT_MESSAGE)


def update_settings(ss: MutableMapping[str, Any] | None = None, **changes: Any) -> bool:
    return apply_edit(lambda sc: sc.with_settings(**changes), ss)


def update_budget(amounts: dict[int, float], ss: MutableMapping[str, Any] | None = None) -> bool:
    """Set the budget of existing years (years not named keep their amount)."""

    def change(sc: Scenario) -> Scenario:
        unknown = sorted(set(amounts) - set(sc.years))
        if unknown:
            raise ValueError(f"unknown budget year(s) {unknown}")
        rows = [
            BudgetYear(year=b.year, budget_eur=float(amounts.get(b.year, b.budget_eur)))
            for b in sc.budget
        ]
        return sc.with_changes(budget=[r.model_dump() for r in rows])

    return apply_edit(change, ss)


def scale_budget(total: float, ss: MutableMapping[str, Any] | None = None) -> bool:
    """Set the total budget, keeping the original's split over the years (presentation page)."""

    def change(sc: Scenario) -> Scenario:
        base = original(ss).budgets
        base_total = sum(base.values())
        years = sc.years
        if base_total > 0 and list(base) == years:
            amounts = {y: total * base[y] / base_total for y in years}
        else:
            amounts = {y: total / len(years) for y in years}
        rows = [{"year": y, "budget_eur": float(amounts[y])} for y in years]
        return sc.with_changes(budget=rows)

    return apply_edit(change, ss)


def set_flash(kind: str, nl: str, en: str, ss: MutableMapping[str, Any] | None = None) -> None:
    _ss(ss)[FLASH] = (kind, nl, en)


def pop_flash(ss: MutableMapping[str, Any] | None = None) -> tuple[str, str, str] | None:
    return _ss(ss).pop(FLASH, None)
