"""Compare two ``symact export`` documents: every key and value of the first must be in
the second; prints each dropped key, changed value and added key, then the count.

    python scripts/compare_exports.py before.json after.json
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any


def differences(before: Any, after: Any, path: str = "") -> list[str]:
    """Each way ``after`` differs from ``before``, as ``path: what``."""
    if isinstance(before, dict) and isinstance(after, dict):
        found = [f"{path}.{k}: key dropped" for k in before if k not in after]
        found += [f"{path}.{k}: key added" for k in after if k not in before]
        for key in before.keys() & after.keys():
            found += differences(before[key], after[key], f"{path}.{key}")
        return sorted(found)
    if isinstance(before, list) and isinstance(after, list) and len(before) == len(after):
        return [
            d
            for i, pair in enumerate(zip(before, after, strict=True))
            for d in differences(*pair, f"{path}[{i}]")
        ]
    return [] if before == after else [f"{path}: {before!r:.80} -> {after!r:.80}"]


def main(before_path: str, after_path: str) -> int:
    before, after = (
        json.loads(Path(p).read_text(encoding="utf-8")) for p in (before_path, after_path)
    )
    named = [{e["name"]: e for e in doc["activations"]} for doc in (before, after)]
    found = [f"{name}: activation dropped" for name in named[0] if name not in named[1]]
    for name in named[0].keys() & named[1].keys():
        found += differences(named[0][name], named[1][name], name)
    print("\n".join(sorted(found)) or "identical")
    print(len(found), "differences")
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))
