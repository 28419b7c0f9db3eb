"""Write data/demo.xlsx, the demo workbook of the fictitious province Middenwaard.

    .venv/bin/python data/make_demo.py [OUT.xlsx]

The data come from `allocation.demo.make_demo_scenario` (deterministic for its seed); this
script only writes them, so the committed workbook can always be regenerated.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from allocation.demo import write_demo


def main(argv: list[str]) -> int:
    out = Path(argv[0]) if argv else Path(__file__).resolve().parent / "demo.xlsx"
    write_demo(out)
    print(f"Demowerkboek geschreven: {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
