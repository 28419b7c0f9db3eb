"""A data round with municipalities and park organisations: send, collect, merge, provenance.

`make.make_requests` writes one request workbook ("uitvraag") per party from the current
scenario; `merge.merge_returns` checks every returned workbook on its own with the workbook rules
and builds a merge report (changes, conflicts, parks without a return, implausible jumps);
`merge.apply_merge` turns the accepted part into the new scenario (or monitoring) plus the
provenance of every value (`provenance`).
"""
