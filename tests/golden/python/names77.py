"""names77: migrated by transpyle."""

from types import SimpleNamespace

import numpy as np

from transpyle.runtime import fortran_io as fio

# COMMON /global/
common_global = SimpleNamespace(
    lambda_=np.zeros(3, dtype=np.float64),
)


# Names Python reserves: keywords and builtins as Fortran variables.
def main() -> None:
    in_ = 2
    is_ = 3
    len_ = in_ + is_
    max_ = max(in_, is_, len_)
    sum_ = 0.0
    for i in range(1, 4):
        common_global.lambda_[i - 1] = float(i) * 0.5
        sum_ = sum_ + common_global.lambda_[i - 1]
    range_ = print_(sum_)
    fio.write_fmt('*', '(4I3, 2F8.3)', in_, is_, len_, max_, sum_, range_)


def print_(x: float) -> float:
    result = x * 2.0 + common_global.lambda_[2]
    return result


if __name__ == "__main__":
    main()
