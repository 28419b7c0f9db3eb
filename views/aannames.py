"""Aannames: the policy choices, each with one line saying what it means."""

from __future__ import annotations

import streamlit as st

from allocation import format as fmt
from allocation.domain import GOAL_LABELS_EN, GOAL_LABELS_NL, GOALS
from ui import state, widgets
from ui.render import edit_message, infeasible_sentence, kpi_tiles, page_start, solve_active
from ui.text import md_escape, t

scenario = page_start("ass_title", "ass_intro")
if scenario is None:
    st.stop()
lang = state.lang()
edit_message()
# the totals only (no reasons per park), cached: they answer within the solve's time, and
# say at once when these assumptions allow no allocation
outcome = solve_active(reasons=False)
if outcome.status == "infeasible":
    st.warning(md_escape(infeasible_sentence(outcome)), icon=":material/block:")
elif outcome.has_allocation:
    with st.sidebar:  # in view while the choices below are changed (issue 19, finding 8)
        st.markdown(f"**{t('ass_kpis')}**")
        kpi_tiles(outcome, columns=2)
widgets.reset_button()

# -- budget ------------------------------------------------------------------------------------
st.subheader(t("ass_budget"))
widgets.year_budget_inputs()
st.caption(t("ass_budget_caption", total=fmt.eur(sum(state.scenario().budgets.values()))))
carry = widgets.setting_toggle("carry_over", t("ass_carry"), t("ass_carry_help"))
st.caption(t("ass_carry_caption", state=t("on") if carry else t("off")))

# -- goal weights ------------------------------------------------------------------------------
st.subheader(t("ass_weights"))
labels = GOAL_LABELS_EN if lang == "en" else GOAL_LABELS_NL
cols = st.columns(len(GOALS))
for col, goal in zip(cols, GOALS, strict=True):
    with col:
        widgets.setting_slider(f"weight_{goal}", labels[goal], t("ass_weight_help"), 0.0, 1.0,
                               0.05, "num2")
shares = state.scenario().settings.normalised_weights()
st.caption(t("ass_weights_caption",
             shares=", ".join(f"{labels[g]} {fmt.pct(shares[g], 0)}" for g in GOALS)))

# -- draagvlak, fasering, floors -----------------------------------------------------------------
left, right = st.columns(2)
with left:
    st.subheader(t("ass_section_phasing"))
    alpha = widgets.setting_slider("draagvlak_effect", t("ass_draagvlak"),
                                   t("ass_draagvlak_help"), 0.0, 1.0, 0.05, "num2")
    st.caption(t("ass_draagvlak_caption", value=fmt.num(alpha, 2),
                 eff=fmt.pct((1 - alpha) + alpha * 0.4, 0)))

    growth = widgets.setting_slider("capacity_growth", t("ass_growth"), t("ass_growth_help"),
                                    0.0, 3.0, 0.1, "num1")
    st.caption(t("ass_growth_caption", value=fmt.num(growth, 1), extra=fmt.eur(10_000 * growth)))

    cats = [c.category for c in state.scenario().categories]
    cat_labels = {c.category: c.label or c.category for c in state.scenario().categories}
    orgcat = widgets.setting_select("organisation_category", t("ass_orgcat"), t("ass_orgcat_help"),
                                    cats, lambda c: cat_labels.get(c, c))
    st.caption(t("ass_orgcat_caption", label=md_escape(cat_labels.get(orgcat, orgcat))))

with right:
    st.subheader(t("ass_section_limits"))
    floor = widgets.setting_number("strategic_floor_eur", t("ass_floor"), t("ass_floor_help"))
    n_strategic = sum(1 for p in state.scenario().parks if p.strategic)
    st.caption(t("ass_floor_caption", value=fmt.eur(floor), n=n_strategic))

    share = widgets.setting_slider("max_municipality_share", t("ass_muni"), t("ass_muni_help"),
                                   0.05, 1.0, 0.05, "pct")
    total = sum(state.scenario().budgets.values())
    st.caption(t("ass_muni_caption", value=fmt.pct(share, 0), amount=fmt.eur(share * total)))

    rate = widgets.setting_slider("discount_rate", t("ass_discount"), t("ass_discount_help"),
                                  0.0, 0.15, 0.005, "pct1")
    st.caption(t("ass_discount_caption", value=fmt.pct(rate, 1), w=fmt.pct((1 + rate) ** -4, 0)))

# -- capacity per organisation level ---------------------------------------------------------------
st.subheader(t("ass_capacity"))
st.caption(t("ass_capacity_caption"))
cols = st.columns(5)
for level, col in enumerate(cols):
    with col:
        widgets.setting_number(f"capacity_level_{level}",
                               t("ass_level", level=level, name=t(f"level_{level}")),
                               t("help_organisation_level"))

# -- co-financing per category --------------------------------------------------------------------
st.subheader(t("ass_private"))
cols = st.columns(max(1, min(3, len(state.scenario().categories))))
for i, cat in enumerate(state.scenario().categories):
    with cols[i % len(cols)]:
        value = widgets.private_share_slider(cat.category, md_escape(cat.label or cat.category))
        st.caption(t("ass_private_caption", value=fmt.pct(value, 0),
                     ratio=fmt.eur(value / (1 - value), 2)))

# -- returns ---------------------------------------------------------------------------------------
st.subheader(t("ass_returns"))
widgets.returns_editor(state.scenario())
