! SciPy builds LSODA against LAPACK, which its sdist does not hold: a dense LU with partial
! pivoting of our own, with LAPACK's calling sequence, for the full-Jacobian methods.
subroutine dgetrf(m, n, a, lda, ipiv, info)
  implicit none
  integer, intent(in) :: m, n, lda
  double precision, intent(inout) :: a(lda, n)
  integer, intent(out) :: ipiv(min(m, n)), info
  integer :: i, j, p
  double precision :: swap(n)
  info = 0
  do j = 1, min(m, n)
    p = j
    do i = j + 1, m
      if (abs(a(i, j)) > abs(a(p, j))) p = i
    end do
    ipiv(j) = p
    if (a(p, j) == 0.0d0) then
      if (info == 0) info = j
      cycle
    end if
    if (p /= j) then
      swap = a(j, :)
      a(j, :) = a(p, :)
      a(p, :) = swap
    end if
    a(j+1:m, j) = a(j+1:m, j) / a(j, j)
    do i = j + 1, n
      a(j+1:m, i) = a(j+1:m, i) - a(j+1:m, j) * a(j, i)
    end do
  end do
end subroutine dgetrf

subroutine dgetrs(trans, n, nrhs, a, lda, ipiv, b, ldb, info)
  implicit none
  character, intent(in) :: trans
  integer, intent(in) :: n, nrhs, lda, ldb, ipiv(n)
  double precision, intent(in) :: a(lda, n)
  double precision, intent(inout) :: b(ldb, nrhs)
  integer, intent(out) :: info
  integer :: i, k
  double precision :: swap
  info = 0
  if (trans /= 'N') then
    info = -1
    return
  end if
  do k = 1, nrhs
    do i = 1, n
      if (ipiv(i) /= i) then
        swap = b(i, k)
        b(i, k) = b(ipiv(i), k)
        b(ipiv(i), k) = swap
      end if
    end do
    do i = 2, n
      b(i, k) = b(i, k) - dot_product(a(i, 1:i-1), b(1:i-1, k))
    end do
    do i = n, 1, -1
      b(i, k) = (b(i, k) - dot_product(a(i, i+1:n), b(i+1:n, k))) / a(i, i)
    end do
  end do
end subroutine dgetrs

! The banded methods (jt = 4, 5) are not used here: they stop rather than compute.
subroutine dgbtrf(m, n, kl, ku, ab, ldab, ipiv, info)
  implicit none
  integer, intent(in) :: m, n, kl, ku, ldab
  double precision, intent(inout) :: ab(ldab, n)
  integer, intent(out) :: ipiv(min(m, n)), info
  info = -1
  error stop 'dgbtrf: banded Jacobians are not part of this driver'
end subroutine dgbtrf

subroutine dgbtrs(trans, n, kl, ku, nrhs, ab, ldab, ipiv, b, ldb, info)
  implicit none
  character, intent(in) :: trans
  integer, intent(in) :: n, kl, ku, nrhs, ldab, ldb, ipiv(n)
  double precision, intent(in) :: ab(ldab, n)
  double precision, intent(inout) :: b(ldb, nrhs)
  integer, intent(out) :: info
  info = -1
  error stop 'dgbtrs: banded Jacobians are not part of this driver'
end subroutine dgbtrs
