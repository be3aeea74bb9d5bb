"""sidefx77: migrated by transpyle."""

from transpyle.runtime import fortran_io as fio


# A function that changes its arguments: the call is hoisted, the changes kept.
def main() -> None:
    ierr = 0
    n = 3
    getv_value1, n, ierr = getv(n, ierr)
    y = getv_value1 * 2.0
    fio.write('*', y, n, ierr)
    getv_value2, n, ierr = getv(n, ierr)
    if getv_value2 > 10.0:
        fio.write('*', 'BIG', n, ierr)


def getv(k: int, ierr: int) -> tuple[float, int, int]:
    k = k + 1
    ierr = k * 10
    result = fio.ipow(float(k), 2)
    return result, k, ierr


if __name__ == "__main__":
    main()
