"""Analyses derived from the same model (docs/contracts/MODEL.md, "Analyses"): the questions a committee asks
after it has seen one allocation.

Each analysis is one module here, with the same shape:
    compute(scenario, ..., progress=None) -> a typed result (dataclass)
    frames(result) -> dict[sheet name, DataFrame]      the sheets of the export (Dutch headers)
    HELP_NL: str                                        one line for `--help`
    add_arguments(parser) -> None                       its own CLI options
    run_cli(scenario, args) -> AnalysisOutcome          what `python -m allocation analyse` prints

Every re-solve goes through `allocation.run.WarmModel` on the model `allocation.model.build_model`
builds, so every point is the model `solve` would solve, with the change stated. `progress` is
an optional callable(done: int, total: int) for progress bars.

`ANALYSES` lists the modules `python -m allocation analyse FILE NAME` offers, in menu order.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal, Protocol

from allocation.result import Diagnosis

ANALYSES: tuple[str, ...] = ("frontier", "leverage", "choice", "baselines", "robustness",
                            "weights")

# "input_error": the analysis's own options do not fit the scenario (e.g. an unknown park id)
OutcomeStatus = Literal["optimal", "infeasible", "time_limit", "error", "input_error"]


class Progress(Protocol):
    def __call__(self, done: int, total: int) -> None: ...


@dataclass
class AnalysisOutcome:
    """What the CLI prints for one analysis: the JSON object (with "status" first), Dutch text
    lines for people, and the diagnosis when a choice made the scenario infeasible."""

    status: OutcomeStatus
    json: dict[str, Any]
    lines_nl: list[str] = field(default_factory=list)
    diagnosis: Diagnosis | None = None
    # the time limit came before the plan (or the allocation with a choice) was found: the CLI
    # exits 4 with JSON status "time_limit"
    no_plan: bool = False
