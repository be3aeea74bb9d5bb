module blas
  implicit none
  integer(8) :: tp_status(8)
contains

  subroutine axpy(a, x, y, x_n1, y_n1)
    real(8), intent(in) :: a
    integer(8), intent(in) :: x_n1
    integer(8), intent(in) :: y_n1
    real(8), intent(in) :: x(0:x_n1 - 1)
    real(8), intent(inout) :: y(0:y_n1 - 1)

    ! whole-array update: the caller sees y change
    if (x_n1 /= y_n1) then
      !$omp critical (tp_status)
      if (tp_status(1) == 0) then
        tp_status(2) = x_n1
        tp_status(3) = y_n1
        tp_status(1) = 1
      end if
      !$omp end critical (tp_status)
      return
    end if
    y(:) = a * x + y
  end subroutine axpy

  subroutine scaled(x, a, x_n1)
    real(8), intent(in) :: a
    integer(8), intent(in) :: x_n1
    real(8), intent(inout) :: x(0:x_n1 - 1)

    x(:) = a * x
  end subroutine scaled

  function dot(x, y, x_n1, y_n1) result(res)
    integer(8), intent(in) :: x_n1
    integer(8), intent(in) :: y_n1
    real(8), intent(in) :: x(0:x_n1 - 1)
    real(8), intent(in) :: y(0:y_n1 - 1)
    real(8) :: res
    real(8) :: s
    integer(8) :: i

    s = 0.0d0
    do i = 0, x_n1 - 1
      s = s + x(i) * y(i)
    end do
    res = s
  end function dot

  subroutine matmul(a, b, c, a_n1, a_n2, b_n1, b_n2, c_n1, c_n2)
    integer(8), intent(in) :: a_n1
    integer(8), intent(in) :: a_n2
    integer(8), intent(in) :: b_n1
    integer(8), intent(in) :: b_n2
    integer(8), intent(in) :: c_n1
    integer(8), intent(in) :: c_n2
    real(8), intent(in) :: a(0:a_n1 - 1, 0:a_n2 - 1)
    real(8), intent(in) :: b(0:b_n1 - 1, 0:b_n2 - 1)
    real(8), intent(inout) :: c(0:c_n1 - 1, 0:c_n2 - 1)
    integer(8) :: n
    integer(8) :: k
    integer(8) :: m
    integer(8) :: i
    integer(8) :: j
    real(8) :: s
    integer(8) :: p
    integer(4) :: p_4

    n = a_n2
    k = a_n1
    m = b_n1
    if (k - 1 >= -1073741824 .and. k - 1 <= 1073741824) then
      do i = 0, n - 1
        do j = 0, m - 1
          s = 0.0d0
          do p_4 = 0, int(k - 1, 4)
            p = int(p_4, 8)
            s = s + a(p, i) * b(j, p)
          end do
          p = int(p_4, 8)
          c(j, i) = s
        end do
      end do
    else
      do i = 0, n - 1
        do j = 0, m - 1
          s = 0.0d0
          do p = 0, k - 1
            s = s + a(p, i) * b(j, p)
          end do
          c(j, i) = s
        end do
      end do
    end if
  end subroutine matmul

  subroutine matmul_f(a, b, c, a_n1, a_n2, b_n1, b_n2, c_n1, c_n2)
    integer(8), intent(in) :: a_n1
    integer(8), intent(in) :: a_n2
    integer(8), intent(in) :: b_n1
    integer(8), intent(in) :: b_n2
    integer(8), intent(in) :: c_n1
    integer(8), intent(in) :: c_n2
    real(8), intent(in) :: a(0:a_n1 - 1, 0:a_n2 - 1)
    real(8), intent(in) :: b(0:b_n1 - 1, 0:b_n2 - 1)
    real(8), intent(inout) :: c(0:c_n1 - 1, 0:c_n2 - 1)
    integer(8) :: n
    integer(8) :: k
    integer(8) :: m
    integer(8) :: j
    integer(8) :: i
    integer(8) :: p
    integer(4) :: i_4

    n = a_n1
    k = a_n2
    m = b_n2
    if (n - 1 >= -1073741824 .and. n - 1 <= 1073741824) then
      do j = 0, m - 1
        do i_4 = 0, int(n - 1, 4)
          i = int(i_4, 8)
          c(i, j) = 0.0d0
        end do
        i = int(i_4, 8)
        do p = 0, k - 1
          do i_4 = 0, int(n - 1, 4)
            i = int(i_4, 8)
            c(i, j) = c(i, j) + a(i, p) * b(p, j)
          end do
          i = int(i_4, 8)
        end do
      end do
    else
      do j = 0, m - 1
        do i = 0, n - 1
          c(i, j) = 0.0d0
        end do
        do p = 0, k - 1
          do i = 0, n - 1
            c(i, j) = c(i, j) + a(i, p) * b(p, j)
          end do
        end do
      end do
    end if
  end subroutine matmul_f

end module blas
