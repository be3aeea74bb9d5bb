"""A Jacobi stencil on a 2-D domain decomposition (1x1, 1x2, 2x2 ranks) with halo exchange:
contiguous halos through array elements (the storage from them on), strided ones through an
MPI_TYPE_VECTOR or a packed buffer one way (alternate iterations) and through array sections
(copied in and out) the other, neighbours MPI_PROC_NULL at the edges; original (mpif90) vs
migrated, fresh random sizes and data."""

from __future__ import annotations

import random
from pathlib import Path

from tests.mpi.harness import assert_same_mpi_run

HALO = """\
program halo
  use mpi
  implicit none
  integer, parameter :: nx = {nx}, ny = {ny}, iters = {iters}, seed = {seed}
  integer :: ierr, rank, nprocs, px, py, ix, iy, mx, my, west, east, south, north, i, j, it, p
  integer :: status(MPI_STATUS_SIZE), rowtype, rsize
  double precision, allocatable :: u(:, :), unew(:, :), sbuf(:), rbuf(:)
  double precision :: local, total, change, biggest
  call MPI_Init(ierr)
  call MPI_Comm_rank(MPI_COMM_WORLD, rank, ierr)
  call MPI_Comm_size(MPI_COMM_WORLD, nprocs, ierr)
  px = 1
  do p = 1, nprocs
    if (mod(nprocs, p) == 0 .and. p * p <= nprocs) px = p
  end do
  py = nprocs / px
  ix = mod(rank, px)
  iy = rank / px
  mx = nx / px
  my = ny / py
  west = MPI_PROC_NULL
  east = MPI_PROC_NULL
  south = MPI_PROC_NULL
  north = MPI_PROC_NULL
  if (ix > 0) west = rank - 1
  if (ix < px - 1) east = rank + 1
  if (iy > 0) south = rank - px
  if (iy < py - 1) north = rank + px
  allocate(u(0:mx + 1, 0:my + 1), unew(mx, my), sbuf(my), rbuf(my))
  call MPI_Type_vector(my, 1, mx + 2, MPI_DOUBLE_PRECISION, rowtype, ierr)
  call MPI_Type_commit(rowtype, ierr)
  call MPI_Type_size(rowtype, rsize, ierr)
  do j = 0, my + 1
    do i = 0, mx + 1
      u(i, j) = mod(seed * (ix * mx + i + 3) + 7 * (iy * my + j) ** 2, 1009) / 101.0d0 - 4.5d0
    end do
  end do
  do it = 1, iters
    ! y: rows of the first index are contiguous, passed from their first element
    call MPI_Sendrecv(u(1, my), mx, MPI_DOUBLE_PRECISION, north, 1, u(1, 0), mx, &
                      MPI_DOUBLE_PRECISION, south, 1, MPI_COMM_WORLD, status, ierr)
    call MPI_Sendrecv(u(1, 1), mx, MPI_DOUBLE_PRECISION, south, 2, u(1, my + 1), mx, &
                      MPI_DOUBLE_PRECISION, north, 2, MPI_COMM_WORLD, status, ierr)
    ! x: strided, by a vector datatype or packed by hand one way, as sections the other
    if (mod(it, 2) == 0) then
      call MPI_Sendrecv(u(1, 1), 1, rowtype, west, 3, u(mx + 1, 1), 1, rowtype, east, 3, &
                        MPI_COMM_WORLD, status, ierr)
    else
      sbuf = u(1, 1:my)
      rbuf = u(mx + 1, 1:my)
      call MPI_Sendrecv(sbuf, my, MPI_DOUBLE_PRECISION, west, 3, rbuf, my, &
                        MPI_DOUBLE_PRECISION, east, 3, MPI_COMM_WORLD, status, ierr)
      u(mx + 1, 1:my) = rbuf
    end if
    call MPI_Sendrecv(u(mx, 1:my), my, MPI_DOUBLE_PRECISION, east, 4, u(0, 1:my), my, &
                      MPI_DOUBLE_PRECISION, west, 4, MPI_COMM_WORLD, MPI_STATUS_IGNORE, ierr)
    change = 0
    do j = 1, my
      do i = 1, mx
        unew(i, j) = 0.25d0 * (u(i - 1, j) + u(i + 1, j) + u(i, j - 1) + u(i, j + 1))
        change = max(change, abs(unew(i, j) - u(i, j)))
      end do
    end do
    u(1:mx, 1:my) = unew
    call MPI_Allreduce(change, biggest, 1, MPI_DOUBLE_PRECISION, MPI_MAX, MPI_COMM_WORLD, ierr)
    if (rank == 0 .and. mod(it, 5) == 0) print *, it, biggest
  end do
  local = sum(u(1:mx, 1:my))
  call MPI_Reduce(local, total, 1, MPI_DOUBLE_PRECISION, MPI_SUM, 0, MPI_COMM_WORLD, ierr)
  print *, 'rank', rank, ix, iy, local, u(1, 1), u(mx, my)
  if (rank == 0) print *, 'total', total
  call MPI_Type_free(rowtype, ierr)
  print *, 'type', rsize, rowtype == MPI_DATATYPE_NULL
  call MPI_Finalize(ierr)
end program
"""


def test_halo_exchange_2d(tmp_path: Path) -> None:
    source = HALO.format(nx=4 * random.randint(2, 6), ny=4 * random.randint(2, 6),
                         iters=random.randint(6, 15), seed=random.randint(3, 99991))
    assert_same_mpi_run(tmp_path, source)


CART = """\
program cart
  use mpi
  implicit none
  integer :: ierr, rank, nprocs, comm2d, me, d, src, dest, got, namelen
  integer :: dims(2), coords(2), back(2)
  logical :: periods(2)
  character(len=MPI_MAX_PROCESSOR_NAME) :: host
  double precision :: v, w
  call MPI_Init(ierr)
  call MPI_Comm_size(MPI_COMM_WORLD, nprocs, ierr)
  dims = 0
  call MPI_Dims_create(nprocs, 2, dims, ierr)
  periods(1) = .true.
  periods(2) = .false.
  call MPI_Cart_create(MPI_COMM_WORLD, 2, dims, periods, .false., comm2d, ierr)
  call MPI_Comm_rank(comm2d, me, ierr)
  call MPI_Cart_coords(comm2d, me, 2, coords, ierr)
  call MPI_Cart_rank(comm2d, coords, rank, ierr)
  print *, 'cart', me, dims, coords, rank == me
  v = me * {scale}d0 - 1.5d0
  do d = 0, 1
    call MPI_Cart_shift(comm2d, d, 1, src, dest, ierr)
    w = -99
    call MPI_Sendrecv(v, 1, MPI_DOUBLE_PRECISION, dest, d, w, 1, MPI_DOUBLE_PRECISION, src, &
                      d, comm2d, MPI_STATUS_IGNORE, ierr)
    print *, 'shift', me, d, src, dest, src == MPI_PROC_NULL, w
  end do
  call MPI_Get_processor_name(host, namelen, ierr)
  print *, 'host', len_trim(host) == namelen
  call MPI_Comm_free(comm2d, ierr)
  call MPI_Finalize(ierr)
end program
"""


def test_cartesian_topology(tmp_path: Path) -> None:
    """MPI_DIMS_CREATE, CART_CREATE (one dimension periodic), CART_COORDS, CART_RANK and
    CART_SHIFT (MPI_PROC_NULL past the open edges), GET_PROCESSOR_NAME."""
    assert_same_mpi_run(tmp_path, CART.format(scale=random.randint(2, 999)))
