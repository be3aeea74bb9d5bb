"""The checked-operations pass lives in the `checked` subpackage; this name stays for callers."""

from transpyle.passes.checked import OVERFLOW_MODES, checked_ops

__all__ = ["OVERFLOW_MODES", "checked_ops"]
