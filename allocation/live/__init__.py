"""Live rounds: committee members give their own goal weights from their own device, and the
room screen shows the group's view (issue 25).

    session    join codes, the round's settings, one member's validated input
    aggregate  median weights, the plan under them, funded shares per park, kept shares

The rounds and inputs are kept in the shared store (allocation.store.live); this package is
pure and imports neither the store nor Streamlit.
"""

from allocation.live.aggregate import (
    CLASSES,
    LiveAggregate,
    aggregate,
    classify,
    kept_share,
    median_weights,
    median_years,
    with_weights,
)
from allocation.live.session import (
    CODE_ALPHABET,
    CODE_LENGTH,
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

__all__ = [
    "CLASSES", "CODE_ALPHABET", "CODE_LENGTH", "CODE_LIFETIME", "MAX_ATTEMPTS", "LiveAggregate",
    "LiveError", "LiveSession", "MemberInput", "aggregate", "classify", "clean_code",
    "clean_member_name", "kept_share", "median_weights", "median_years", "new_code",
    "normalise_weights", "normalise_years", "shown_code", "with_weights",
]
