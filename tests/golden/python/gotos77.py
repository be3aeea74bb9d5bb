"""gotos77: migrated by transpyle."""

import math
from types import SimpleNamespace

from transpyle.runtime import fortran_io as fio

# COMMON /acc/
common_acc = SimpleNamespace(
    isum=0,
    x=0.0,
)

# SAVE variables of bump
bump_saved = SimpleNamespace(
    ncalls=0,
)


# GOTO-heavy F77: an irreducible jump into a loop-like region,
# computed GOTO with fall-through, arithmetic IF, assigned counts.
def main() -> None:
    common_acc.isum = 0
    common_acc.x = 0.5
    n = 7
    i = 0
    # two entries into the same cycle: irreducible control flow
    # GOTO state machine: label_ is the statement label to run next
    label_ = 0
    while True:
        if label_ == 0:
            if n > 5:
                label_ = 20
                continue
            label_ = 10
        if label_ == 10:
            i = i + 2
            common_acc.isum = common_acc.isum + i
            label_ = 20
        if label_ == 20:
            i = i + 1
            common_acc.isum = common_acc.isum + 3 * i
            if i < n:
                label_ = 10
                continue
        break
    fio.write('*', 'CYCLE', i, common_acc.isum)
    for k in range(1, 5):
        if k == 1:
            fio.write('*', 'ONE')
            fio.write('*', 'TWO OR AFTER ONE')
        elif k == 2:
            fio.write('*', 'TWO OR AFTER ONE')
        elif k == 3:
            fio.write('*', 'THREE')
        else:
            fio.write('*', 'DEFAULT', k)
    k = 5  # the value Fortran leaves after the loop
    fio.write('*', 'AFTER LOOP K =', k)
    for j in range(-3, 4):
        y = float(j) * common_acc.x
        if y < 0.0:
            bump(-1)
        elif y == 0.0:
            bump(0)
        else:
            bump(1)
    fio.write_fmt('*', "(' ISUM=', I6, ' X=', F10.5)", common_acc.isum, common_acc.x)
    fio.write('*', 3, -3, -1, 1, 1024)
    n, k = steps(n, k)
    fio.write('*', 'STEPS', n, k)


def bump(idir: int) -> None:
    bump_saved.ncalls = bump_saved.ncalls + 1
    common_acc.isum = common_acc.isum + idir * bump_saved.ncalls
    common_acc.x = common_acc.x * 1.5
    fio.write_fmt('*', '(A, I3, A, I4, 1X, E14.6)', 'BUMP', idir, ' CALL', bump_saved.ncalls,
                  common_acc.x)


def steps(n: int, k: int) -> tuple[int, int]:
    # collatz steps of N, counted into K
    k = 0
    while True:
        if n == 1:
            return n, k
        if int(math.fmod(n, 2)) == 0:
            n = int(n / 2)
        else:
            n = 3 * n + 1
        k = k + 1
    return n, k


if __name__ == "__main__":
    main()
