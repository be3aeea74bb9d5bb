"""records90: migrated by transpyle."""

from dataclasses import dataclass

from transpyle.runtime import fortran_io as fio


@dataclass
class particle:
    x: float = 0.0
    v: float = 0.0
    id_: int = 0


# Arrays of a derived type: each element its own record.
def main() -> None:
    ps = fio.records(particle, 4)
    for i in range(1, 5):
        ps[i - 1].x = float(i) * 0.5
        ps[i - 1].v = -float(i)
        ps[i - 1].id_ = 10 * i
    for i in range(4):
        ps[i].x = ps[i].x + ps[i].v * 0.1
    fio.write('*', *(ps[i - 1].x for i in range(1, 5)), ps[3].id_)


if __name__ == "__main__":
    main()
