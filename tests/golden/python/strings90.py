"""strings90: migrated by transpyle."""

from transpyle.runtime import fortran_io as fio


# Character variables: substring assignment, LEN and LEN_TRIM, a substring per loop trip.
def main() -> None:
    s = 'abcdefgh'
    s = s[:1] + 'XY'.ljust(3)[:3] + s[4:]
    fio.write('*', s)
    s = s[:5] + 'Z'.ljust(1)[:1] + s[6:]
    fio.write('*', s, len(s), len(s.rstrip(' ')))
    for i in range(1, 4):
        s = s[:i - 1] + '-'.ljust(1)[:1] + s[i:]
    fio.write('*', s)


if __name__ == "__main__":
    main()
