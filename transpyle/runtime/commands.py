"""`transpyle cache info | clear`: look into and empty the build cache."""

from __future__ import annotations

import argparse
import datetime
from pathlib import Path

from transpyle.runtime.cache import cache_root, clear, entries


def _size(n: float) -> str:
    for unit in ("B", "KiB", "MiB", "GiB"):
        if n < 1024 or unit == "GiB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024
    raise AssertionError("unreachable")


def _cmd_info(args: argparse.Namespace) -> int:
    root = cache_root(args.cache_dir)
    found = entries(root)
    total = sum(e.size for e in found)
    print(f"cache directory: {root}")
    print(f"entries: {len(found)}, {_size(total)}")
    for e in found:
        when = datetime.datetime.fromtimestamp(e.created).strftime("%Y-%m-%d %H:%M")
        state = "" if e.complete else "  (incomplete: a failed or running build)"
        print(f"  {e.key}  {e.extension:<32} {_size(e.size):>10}  {when}{state}")
    return 0


def _cmd_clear(args: argparse.Namespace) -> int:
    root = cache_root(args.cache_dir)
    n = clear(root)
    print(f"removed {n} entr{'y' if n == 1 else 'ies'} from {root}")
    return 0


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    cache = sub.add_parser("cache", help="inspect or empty the build cache")
    actions = cache.add_subparsers(dest="action", required=True)
    for name, run, text in (("info", _cmd_info, "list the cached builds"),
                            ("clear", _cmd_clear, "remove the cached builds: only what "
                             "transpyle recognises, in a directory it tagged as its cache")):
        p = actions.add_parser(name, help=text)
        p.add_argument("--cache-dir", type=Path, default=None,
                       help="cache directory (default: $TRANSPYLE_CACHE_DIR or the user cache)")
        p.set_defaults(run=run)
