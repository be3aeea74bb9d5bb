"""store90: migrated by transpyle."""

import numpy as np

from transpyle.runtime import fortran_io as fio

buf = None
tags = np.full(3, '    ', dtype=object)


# Character arrays and an allocatable array in COMMON-free module state.
def main() -> None:
    global buf
    buf = np.empty(5, dtype=np.float64)
    for i in range(5):
        buf[i] = fio.ipow(float(i), 2)
    tags[0] = 'ab  '
    tags[2] = 'wxyz'
    fio.write('*', '[', tags[0], '|', tags[2], ']', fio.total(buf))


if __name__ == "__main__":
    main()
