"""The app's pages, in the order of the menu: the one list app.py's navigation and the Start
page's steps are made from (issue 29: it was written twice)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PageSpec:
    path: str  # the script in views/
    nav_key: str  # its name in the menu (ui/text.py)
    step_key: str | None  # its line on the Start page; None for Start itself and the member page
    icon: str
    url_path: str | None  # None: the default page at "/"


PAGES: tuple[PageSpec, ...] = (
    PageSpec("views/start.py", "nav_start", None, ":material/home:", None),
    PageSpec("views/gegevens.py", "nav_data", "step_data", ":material/table_view:", "gegevens"),
    PageSpec("views/aannames.py", "nav_assumptions", "step_assumptions", ":material/tune:",
             "aannames"),
    PageSpec("views/verdeling.py", "nav_allocation", "step_allocation", ":material/pie_chart:",
             "verdeling"),
    PageSpec("views/draagvlak.py", "nav_quadrant", "step_quadrant", ":material/handshake:",
             "draagvlak"),
    PageSpec("views/presentatie.py", "nav_presentation", "step_presentation",
             ":material/slideshow:", "presentatie"),
    PageSpec("views/live.py", "live_nav", None, ":material/how_to_vote:", "live"),
    PageSpec("views/analyse.py", "nav_analyse", "step_analyse", ":material/insights:",
             "analyse"),
    PageSpec("views/monitoring.py", "mon_nav", "step_monitoring", ":material/monitoring:",
             "monitoring"),
    PageSpec("views/regio.py", "reg_nav", "step_regio", ":material/groups:", "regio"),
    PageSpec("views/scenarios.py", "nav_scenarios", "step_scenarios", ":material/save:",
             "scenarios"),
    PageSpec("views/vergelijken.py", "nav_compare", "step_compare", ":material/compare_arrows:",
             "vergelijken"),
)
