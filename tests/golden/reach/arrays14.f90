module arrays14
  implicit none
  integer(8) :: tp_status(8)
contains

  subroutine grid(x, tp_res0, x_n1)
    integer(8), intent(in) :: x_n1
    real(8), intent(in) :: x(0:x_n1 - 1)
    real(8), intent(out), allocatable :: tp_res0(:, :)
    integer(8) :: n
    real(8), allocatable :: z(:, :, :)
    integer(8) :: tp_bc
    integer(8) :: tp_bc_
    logical(4) :: tp_bc__
    real(8), allocatable :: tp_bca(:, :)
    integer(8) :: tp_bc___
    integer(8) :: tp_bc____
    logical(4) :: tp_bc_____
    real(8), allocatable :: tp_bca_(:, :)
    real(8), allocatable :: np_tmp0(:, :)
    integer(8) :: np_tmp1
    integer(4) :: tp_alloc_stat

    n = x_n1
    if (allocated(z)) deallocate(z)
    allocate(z(0:1, 0:n - 1, 0:n - 1), stat=tp_alloc_stat)
    if (tp_alloc_stat /= 0) then
      !$omp critical (tp_status)
      if (tp_status(1) == 0) then
        tp_status(2) = n
        tp_status(3) = n
        tp_status(4) = 2
        tp_status(1) = 1
      end if
      !$omp end critical (tp_status)
      return
    end if
    z = 0.0d0
    tp_bc = x_n1
    tp_bc_ = size(z, 2, kind=8)
    if (tp_bc /= size(z, 3, kind=8) .and. tp_bc /= 1 .or. tp_bc_ /= size(z, 2, kind=8) .and. &
        tp_bc_ /= 1) then
      !$omp critical (tp_status)
      if (tp_status(1) == 0) then
        tp_status(2) = tp_bc
        tp_status(3) = tp_bc_
        tp_status(4) = size(z, 3, kind=8)
        tp_status(5) = size(z, 2, kind=8)
        tp_status(1) = 2
      end if
      !$omp end critical (tp_status)
      return
    end if
    tp_bc = size(z, 3, kind=8)
    tp_bc_ = size(z, 2, kind=8)
    tp_bc__ = x_n1 /= tp_bc .or. size(z, 2, kind=8) /= tp_bc_
    if (tp_bc__) then
      if (allocated(tp_bca)) deallocate(tp_bca)
      allocate(tp_bca(0:tp_bc_ - 1, 0:tp_bc - 1), stat=tp_alloc_stat)
      if (tp_alloc_stat /= 0) then
        !$omp critical (tp_status)
        if (tp_status(1) == 0) then
          tp_status(2) = tp_bc
          tp_status(3) = tp_bc_
          tp_status(1) = 3
        end if
        !$omp end critical (tp_status)
        return
      end if
      call tp_nparr_bcast_2c_f8(spread(x, 1_8, size(z, 2, kind=8)), tp_bca, size(spread(x, 1_8, &
          size(z, 2, kind=8)), 1, kind=8), size(spread(x, 1_8, size(z, 2, kind=8)), 2, kind=8), &
          size(tp_bca, 1, kind=8), size(tp_bca, 2, kind=8))
      z(0, :, :) = tp_bca
    else
      z(0, :, :) = spread(x, 1_8, size(z, 2, kind=8))
    end if
    tp_bc___ = size(z, 3, kind=8)
    tp_bc____ = x_n1
    if (tp_bc___ /= size(z, 3, kind=8) .and. tp_bc___ /= 1 .or. tp_bc____ /= size(z, 2, kind=8) &
        .and. tp_bc____ /= 1) then
      !$omp critical (tp_status)
      if (tp_status(1) == 0) then
        tp_status(2) = tp_bc___
        tp_status(3) = tp_bc____
        tp_status(4) = size(z, 3, kind=8)
        tp_status(5) = size(z, 2, kind=8)
        tp_status(1) = 4
      end if
      !$omp end critical (tp_status)
      return
    end if
    tp_bc___ = size(z, 3, kind=8)
    tp_bc____ = size(z, 2, kind=8)
    tp_bc_____ = size(z, 3, kind=8) /= tp_bc___ .or. x_n1 /= tp_bc____
    if (tp_bc_____) then
      if (allocated(tp_bca_)) deallocate(tp_bca_)
      allocate(tp_bca_(0:tp_bc____ - 1, 0:tp_bc___ - 1), stat=tp_alloc_stat)
      if (tp_alloc_stat /= 0) then
        !$omp critical (tp_status)
        if (tp_status(1) == 0) then
          tp_status(2) = tp_bc___
          tp_status(3) = tp_bc____
          tp_status(1) = 5
        end if
        !$omp end critical (tp_status)
        return
      end if
      call tp_nparr_bcast_2c_f8(spread(x, 2_8, size(z, 3, kind=8)), tp_bca_, size(spread(x, 2_8, &
          size(z, 3, kind=8)), 1, kind=8), size(spread(x, 2_8, size(z, 3, kind=8)), 2, kind=8), &
          size(tp_bca_, 1, kind=8), size(tp_bca_, 2, kind=8))
      z(1, :, :) = tp_bca_
    else
      z(1, :, :) = spread(x, 2_8, size(z, 3, kind=8))
    end if
    if (allocated(tp_res0)) deallocate(tp_res0)
    allocate(tp_res0(0:2 - 1, 0:n * n - 1), stat=tp_alloc_stat)
    if (tp_alloc_stat /= 0) then
      !$omp critical (tp_status)
      if (tp_status(1) == 0) then
        tp_status(2) = n * n
        tp_status(3) = 2
        tp_status(1) = 6
      end if
      !$omp end critical (tp_status)
      return
    end if
    if (n * n /= size(tp_res0, 2, kind=8) .or. 2 /= size(tp_res0, 1, kind=8)) then
      !$omp critical (tp_status)
      if (tp_status(1) == 0) then
        tp_status(2) = n * n
        tp_status(3) = 2
        tp_status(4) = size(tp_res0, 2, kind=8)
        tp_status(5) = size(tp_res0, 1, kind=8)
        tp_status(1) = 7
      end if
      !$omp end critical (tp_status)
      return
    end if
    np_tmp1 = n * n
    if (np_tmp1 < 0) then
      !$omp critical (tp_status)
      if (tp_status(1) == 0) then
        tp_status(2) = size(z, kind=8)
        tp_status(3) = np_tmp1
        tp_status(4) = 2
        tp_status(1) = 8
      end if
      !$omp end critical (tp_status)
      return
    end if
    if (1 * np_tmp1 * 2 /= size(z, kind=8)) then
      !$omp critical (tp_status)
      if (tp_status(1) == 0) then
        tp_status(2) = size(z, kind=8)
        tp_status(3) = np_tmp1
        tp_status(4) = 2
        tp_status(1) = 9
      end if
      !$omp end critical (tp_status)
      return
    end if
    if (allocated(np_tmp0)) deallocate(np_tmp0)
    allocate(np_tmp0(0:2 - 1, 0:np_tmp1 - 1), stat=tp_alloc_stat)
    if (tp_alloc_stat /= 0) then
      !$omp critical (tp_status)
      if (tp_status(1) == 0) then
        tp_status(2) = np_tmp1
        tp_status(3) = 2
        tp_status(1) = 10
      end if
      !$omp end critical (tp_status)
      return
    end if
    call tp_nparr_reshape_3c_2_f8(z, np_tmp0, size(z, 1, kind=8), size(z, 2, kind=8), size(z, 3, &
        kind=8), size(np_tmp0, 1, kind=8), size(np_tmp0, 2, kind=8))
    tp_res0(:, :) = np_tmp0
  end subroutine grid

  subroutine scores(a, v, u, idx, res0, res1, res2, res3, res4, a_n1, a_n2, v_n1, u_n1, idx_n1)
    integer(8), intent(in) :: a_n1
    integer(8), intent(in) :: a_n2
    integer(8), intent(in) :: v_n1
    integer(8), intent(in) :: u_n1
    integer(8), intent(in) :: idx_n1
    real(8), intent(in) :: a(0:a_n1 - 1, 0:a_n2 - 1)
    real(8), intent(in) :: v(0:v_n1 - 1)
    real(8), intent(in) :: u(0:u_n1 - 1)
    integer(8), intent(in) :: idx(0:idx_n1 - 1)
    real(8), intent(out), allocatable :: res0(:, :)
    real(8), intent(out), allocatable :: res1(:, :)
    integer(8), intent(out), allocatable :: res2(:)
    real(8), intent(out), allocatable :: res3(:)
    real(8), intent(out), allocatable :: res4(:)
    real(8), allocatable :: centred(:, :)
    real(8), allocatable :: outer(:, :)
    real(8), allocatable :: d(:, :)
    real(8), allocatable :: tp_ret0(:)
    integer(8) :: tp_bc
    integer(8) :: tp_bc_
    integer(8) :: tp_bc__
    integer(8) :: tp_bc___
    logical(4) :: tp_bc____
    real(8), allocatable :: tp_bca(:, :)
    real(8), allocatable :: tp_bca_(:, :)
    integer(8) :: tp_bc_____
    integer(8) :: tp_bc______
    integer(8) :: tp_bc_______
    logical(4) :: tp_bc________
    real(8), allocatable :: tp_bca__(:, :)
    real(8), allocatable :: tp_bca___(:, :)
    real(8), allocatable :: np_tmp0(:)
    integer(8), allocatable :: np_tmp1(:)
    real(8), allocatable :: np_tmp2(:)
    real(8), allocatable :: np_tmp3(:)
    integer(8) :: np_tmp4
    integer(4) :: tp_alloc_stat

    if (allocated(centred)) deallocate(centred)
    allocate(centred(0:a_n1 - 1, 0:a_n2 - 1), stat=tp_alloc_stat)
    if (tp_alloc_stat /= 0) then
      !$omp critical (tp_status)
      if (tp_status(1) == 0) then
        tp_status(2) = a_n2
        tp_status(3) = a_n1
        tp_status(1) = 11
      end if
      !$omp end critical (tp_status)
      return
    end if
    if (allocated(np_tmp0)) deallocate(np_tmp0)
    allocate(np_tmp0(0:a_n1 - 1), stat=tp_alloc_stat)
    if (tp_alloc_stat /= 0) then
      !$omp critical (tp_status)
      if (tp_status(1) == 0) then
        tp_status(2) = a_n1
        tp_status(1) = 12
      end if
      !$omp end critical (tp_status)
      return
    end if
    call tp_numpy_mean_a0c_f8(a, np_tmp0, a_n1, a_n2, size(np_tmp0, 1, kind=8))
    centred(:, :) = a - spread(np_tmp0, 2_8, a_n2)
    if (allocated(outer)) deallocate(outer)
    allocate(outer(0:v_n1 - 1, 0:u_n1 - 1), stat=tp_alloc_stat)
    if (tp_alloc_stat /= 0) then
      !$omp critical (tp_status)
      if (tp_status(1) == 0) then
        tp_status(2) = u_n1
        tp_status(3) = v_n1
        tp_status(1) = 13
      end if
      !$omp end critical (tp_status)
      return
    end if
    outer(:, :) = spread(u, 1_8, v_n1) * spread(v, 2_8, u_n1)
    if (a_n2 /= size(outer, 2, kind=8) .and. a_n2 /= 1 .and. size(outer, 2, kind=8) /= 1 .or. &
        a_n1 /= size(outer, 1, kind=8) .and. a_n1 /= 1 .and. size(outer, 1, kind=8) /= 1) then
      !$omp critical (tp_status)
      if (tp_status(1) == 0) then
        tp_status(2) = a_n2
        tp_status(3) = a_n1
        tp_status(4) = size(outer, 2, kind=8)
        tp_status(5) = size(outer, 1, kind=8)
        tp_status(1) = 14
      end if
      !$omp end critical (tp_status)
      return
    end if
    tp_bc = a_n2
    if (tp_bc == 1) then
      tp_bc = size(outer, 2, kind=8)
    end if
    tp_bc_ = a_n1
    if (tp_bc_ == 1) then
      tp_bc_ = size(outer, 1, kind=8)
    end if
    tp_bc__ = tp_bc
    tp_bc___ = tp_bc_
    tp_bc____ = a_n2 /= tp_bc__ .or. a_n1 /= tp_bc___ .or. size(outer, 2, kind=8) /= tp_bc__ .or. &
        size(outer, 1, kind=8) /= tp_bc___
    if (allocated(d)) deallocate(d)
    allocate(d(0:tp_bc___ - 1, 0:tp_bc__ - 1), stat=tp_alloc_stat)
    if (tp_alloc_stat /= 0) then
      !$omp critical (tp_status)
      if (tp_status(1) == 0) then
        tp_status(2) = tp_bc__
        tp_status(3) = tp_bc___
        tp_status(1) = 15
      end if
      !$omp end critical (tp_status)
      return
    end if
    if (tp_bc____) then
      if (allocated(tp_bca)) deallocate(tp_bca)
      allocate(tp_bca(0:tp_bc___ - 1, 0:tp_bc__ - 1), stat=tp_alloc_stat)
      if (tp_alloc_stat /= 0) then
        !$omp critical (tp_status)
        if (tp_status(1) == 0) then
          tp_status(2) = tp_bc__
          tp_status(3) = tp_bc___
          tp_status(1) = 16
        end if
        !$omp end critical (tp_status)
        return
      end if
      call tp_nparr_bcast_2c_f8(a, tp_bca, a_n1, a_n2, size(tp_bca, 1, kind=8), size(tp_bca, 2, &
          kind=8))
      if (allocated(tp_bca_)) deallocate(tp_bca_)
      allocate(tp_bca_(0:tp_bc___ - 1, 0:tp_bc__ - 1), stat=tp_alloc_stat)
      if (tp_alloc_stat /= 0) then
        !$omp critical (tp_status)
        if (tp_status(1) == 0) then
          tp_status(2) = tp_bc__
          tp_status(3) = tp_bc___
          tp_status(1) = 17
        end if
        !$omp end critical (tp_status)
        return
      end if
      call tp_nparr_bcast_2c_f8(outer, tp_bca_, size(outer, 1, kind=8), size(outer, 2, kind=8), &
          size(tp_bca_, 1, kind=8), size(tp_bca_, 2, kind=8))
      d(:, :) = tp_bca + tp_bca_
    else
      d(:, :) = a + outer
    end if
    if (allocated(res0)) deallocate(res0)
    allocate(res0(0:merge(v_n1, size(centred, 1, kind=8), size(centred, 1, kind=8) == 1) - 1, &
        0:size(centred, 2, kind=8) - 1), stat=tp_alloc_stat)
    if (tp_alloc_stat /= 0) then
      !$omp critical (tp_status)
      if (tp_status(1) == 0) then
        tp_status(2) = size(centred, 2, kind=8)
        tp_status(3) = merge(v_n1, size(centred, 1, kind=8), size(centred, 1, kind=8) == 1)
        tp_status(1) = 18
      end if
      !$omp end critical (tp_status)
      return
    end if
    if (size(centred, 1, kind=8) /= v_n1 .and. size(centred, 1, kind=8) /= 1 .and. v_n1 /= 1) then
      !$omp critical (tp_status)
      if (tp_status(1) == 0) then
        tp_status(2) = size(centred, 2, kind=8)
        tp_status(3) = size(centred, 1, kind=8)
        tp_status(4) = v_n1
        tp_status(1) = 19
      end if
      !$omp end critical (tp_status)
      return
    end if
    tp_bc_____ = size(centred, 1, kind=8)
    if (tp_bc_____ == 1) then
      tp_bc_____ = v_n1
    end if
    tp_bc______ = size(centred, 2, kind=8)
    tp_bc_______ = tp_bc_____
    if (tp_bc______ /= size(res0, 2, kind=8) .and. tp_bc______ /= 1 .or. tp_bc_______ /= &
        size(res0, 1, kind=8) .and. tp_bc_______ /= 1) then
      !$omp critical (tp_status)
      if (tp_status(1) == 0) then
        tp_status(2) = tp_bc______
        tp_status(3) = tp_bc_______
        tp_status(4) = size(res0, 2, kind=8)
        tp_status(5) = size(res0, 1, kind=8)
        tp_status(1) = 20
      end if
      !$omp end critical (tp_status)
      return
    end if
    tp_bc______ = size(res0, 2, kind=8)
    tp_bc_______ = size(res0, 1, kind=8)
    tp_bc________ = size(centred, 2, kind=8) /= tp_bc______ .or. size(centred, 1, kind=8) /= &
        tp_bc_______ .or. size(centred, 2, kind=8) /= tp_bc______ .or. v_n1 /= tp_bc_______
    if (tp_bc________) then
      if (allocated(tp_bca__)) deallocate(tp_bca__)
      allocate(tp_bca__(0:tp_bc_______ - 1, 0:tp_bc______ - 1), stat=tp_alloc_stat)
      if (tp_alloc_stat /= 0) then
        !$omp critical (tp_status)
        if (tp_status(1) == 0) then
          tp_status(2) = tp_bc______
          tp_status(3) = tp_bc_______
          tp_status(1) = 21
        end if
        !$omp end critical (tp_status)
        return
      end if
      call tp_nparr_bcast_2c_f8(centred, tp_bca__, size(centred, 1, kind=8), size(centred, 2, &
          kind=8), size(tp_bca__, 1, kind=8), size(tp_bca__, 2, kind=8))
      if (allocated(tp_bca___)) deallocate(tp_bca___)
      allocate(tp_bca___(0:tp_bc_______ - 1, 0:tp_bc______ - 1), stat=tp_alloc_stat)
      if (tp_alloc_stat /= 0) then
        !$omp critical (tp_status)
        if (tp_status(1) == 0) then
          tp_status(2) = tp_bc______
          tp_status(3) = tp_bc_______
          tp_status(1) = 22
        end if
        !$omp end critical (tp_status)
        return
      end if
      call tp_nparr_bcast_2c_f8(spread(v, 2_8, size(centred, 2, kind=8)), tp_bca___, &
          size(spread(v, 2_8, size(centred, 2, kind=8)), 1, kind=8), size(spread(v, 2_8, &
          size(centred, 2, kind=8)), 2, kind=8), size(tp_bca___, 1, kind=8), size(tp_bca___, 2, &
          kind=8))
      res0(:, :) = tp_bca__ + tp_bca___
    else
      res0(:, :) = centred + spread(v, 2_8, size(centred, 2, kind=8))
    end if
    if (allocated(res2)) deallocate(res2)
    allocate(res2(0:a_n2 - 1), stat=tp_alloc_stat)
    if (tp_alloc_stat /= 0) then
      !$omp critical (tp_status)
      if (tp_status(1) == 0) then
        tp_status(2) = a_n2
        tp_status(1) = 23
      end if
      !$omp end critical (tp_status)
      return
    end if
    if (a_n2 /= size(res2, 1, kind=8)) then
      !$omp critical (tp_status)
      if (tp_status(1) == 0) then
        tp_status(2) = a_n2
        tp_status(3) = size(res2, 1, kind=8)
        tp_status(1) = 24
      end if
      !$omp end critical (tp_status)
      return
    end if
    if (allocated(np_tmp1)) deallocate(np_tmp1)
    allocate(np_tmp1(0:a_n2 - 1), stat=tp_alloc_stat)
    if (tp_alloc_stat /= 0) then
      !$omp critical (tp_status)
      if (tp_status(1) == 0) then
        tp_status(2) = a_n2
        tp_status(1) = 25
      end if
      !$omp end critical (tp_status)
      return
    end if
    call tp_nparr_argmax_a1c_f8(a, np_tmp1, a_n1, a_n2, size(np_tmp1, 1, kind=8))
    if (tp_status(1) /= 0) then
      return
    end if
    res2(:) = np_tmp1
    if (allocated(res3)) deallocate(res3)
    allocate(res3(0:idx_n1 + 1 - 1), stat=tp_alloc_stat)
    if (tp_alloc_stat /= 0) then
      !$omp critical (tp_status)
      if (tp_status(1) == 0) then
        tp_status(2) = idx_n1 + 1
        tp_status(1) = 26
      end if
      !$omp end critical (tp_status)
      return
    end if
    if (idx_n1 + 1 /= size(res3, 1, kind=8)) then
      !$omp critical (tp_status)
      if (tp_status(1) == 0) then
        tp_status(2) = idx_n1 + 1
        tp_status(3) = size(res3, 1, kind=8)
        tp_status(1) = 27
      end if
      !$omp end critical (tp_status)
      return
    end if
    if (allocated(np_tmp2)) deallocate(np_tmp2)
    allocate(np_tmp2(0:idx_n1 - 1), stat=tp_alloc_stat)
    if (tp_alloc_stat /= 0) then
      !$omp critical (tp_status)
      if (tp_status(1) == 0) then
        tp_status(2) = idx_n1
        tp_status(1) = 28
      end if
      !$omp end critical (tp_status)
      return
    end if
    call tp_nparr_take_1c_f8(v, idx, np_tmp2, v_n1, idx_n1, size(np_tmp2, 1, kind=8))
    if (tp_status(1) /= 0) then
      return
    end if
    if (allocated(np_tmp3)) deallocate(np_tmp3)
    allocate(np_tmp3(0:0 + size(np_tmp2, 1, kind=8) + 1 - 1), stat=tp_alloc_stat)
    if (tp_alloc_stat /= 0) then
      !$omp critical (tp_status)
      if (tp_status(1) == 0) then
        tp_status(2) = 0 + size(np_tmp2, 1, kind=8) + 1
        tp_status(1) = 29
      end if
      !$omp end critical (tp_status)
      return
    end if
    np_tmp4 = 0
    call tp_nparr_put_f8(np_tmp2, np_tmp4, np_tmp3, size(np_tmp2, 1, kind=8), size(np_tmp3, 1, &
        kind=8))
    np_tmp4 = np_tmp4 + size(np_tmp2, 1, kind=8)
    np_tmp3(np_tmp4) = 1.0d0
    np_tmp4 = np_tmp4 + 1
    res3(:) = np_tmp3
    if (allocated(tp_ret0)) deallocate(tp_ret0)
    allocate(tp_ret0(0:max(u_n1 - 1, 0_8) - 1), stat=tp_alloc_stat)
    if (tp_alloc_stat /= 0) then
      !$omp critical (tp_status)
      if (tp_status(1) == 0) then
        tp_status(2) = max(u_n1 - 1, 0_8)
        tp_status(1) = 30
      end if
      !$omp end critical (tp_status)
      return
    end if
    call tp_nparr_diff_f8(u, tp_ret0, u_n1, size(tp_ret0, 1, kind=8))
    call move_alloc(d, res1)
    call move_alloc(tp_ret0, res4)
  end subroutine scores

  subroutine tp_nparr_argmax_a1c_f8(x, out, x_n1, x_n2, out_n1)
    integer(8), intent(in) :: x_n1
    integer(8), intent(in) :: x_n2
    integer(8), intent(in) :: out_n1
    real(8), intent(in) :: x(0:x_n1 - 1, 0:x_n2 - 1)
    integer(8), intent(inout) :: out(0:out_n1 - 1)
    integer(8) :: j
    real(8) :: best
    integer(8) :: where_1
    integer(8) :: r
    real(8) :: v

    if (x_n1 == 0) then
      !$omp critical (tp_status)
      if (tp_status(1) == 0) then
        tp_status(1) = 31
      end if
      !$omp end critical (tp_status)
      return
    end if
    do j = 0, x_n2 - 1
      best = x(0, j)
      where_1 = 0
      if (best /= best) then
        out(j) = 0
        cycle
      end if
      do r = 1, x_n1 - 1
        v = x(r, j)
        if (v /= v) then
          where_1 = r
          exit
        end if
        if (v > best) then
          best = v
          where_1 = r
        end if
      end do
      out(j) = where_1
    end do
  end subroutine tp_nparr_argmax_a1c_f8

  subroutine tp_nparr_bcast_2c_f8(x, out, x_n1, x_n2, out_n1, out_n2)
    integer(8), intent(in) :: x_n1
    integer(8), intent(in) :: x_n2
    integer(8), intent(in) :: out_n1
    integer(8), intent(in) :: out_n2
    real(8), intent(in) :: x(0:x_n1 - 1, 0:x_n2 - 1)
    real(8), intent(inout) :: out(0:out_n1 - 1, 0:out_n2 - 1)
    integer(8) :: s0
    integer(8) :: s1
    integer(8) :: i
    integer(8) :: j

    s0 = merge(0_8, 1_8, x_n2 == 1)
    s1 = merge(0_8, 1_8, x_n1 == 1)
    do i = 0, out_n2 - 1
      do j = 0, out_n1 - 1
        out(j, i) = x(j * s1, i * s0)
      end do
    end do
  end subroutine tp_nparr_bcast_2c_f8

  subroutine tp_nparr_diff_f8(x, out, x_n1, out_n1)
    integer(8), intent(in) :: x_n1
    integer(8), intent(in) :: out_n1
    real(8), intent(in) :: x(0:x_n1 - 1)
    real(8), intent(inout) :: out(0:out_n1 - 1)
    integer(8) :: i

    do i = 0, x_n1 - 2
      out(i) = x(i + 1) - x(i)
    end do
  end subroutine tp_nparr_diff_f8

  subroutine tp_nparr_put_f8(x, offset, out, x_n1, out_n1)
    integer(8), intent(in) :: offset
    integer(8), intent(in) :: x_n1
    integer(8), intent(in) :: out_n1
    real(8), intent(in) :: x(0:x_n1 - 1)
    real(8), intent(inout) :: out(0:out_n1 - 1)
    integer(8) :: i

    do i = 0, x_n1 - 1
      out(offset + i) = x(i)
    end do
  end subroutine tp_nparr_put_f8

  subroutine tp_nparr_reshape_3c_2_f8(x, out, x_n1, x_n2, x_n3, out_n1, out_n2)
    integer(8), intent(in) :: x_n1
    integer(8), intent(in) :: x_n2
    integer(8), intent(in) :: x_n3
    integer(8), intent(in) :: out_n1
    integer(8), intent(in) :: out_n2
    real(8), intent(in) :: x(0:x_n1 - 1, 0:x_n2 - 1, 0:x_n3 - 1)
    real(8), intent(inout) :: out(0:out_n1 - 1, 0:out_n2 - 1)
    integer(8) :: i

    do i = 0, size(x, kind=8) - 1
      out(mod(i, out_n1), i / out_n1) = x(mod(i, x_n1), mod(i / x_n1, x_n2), i / (x_n2 * x_n1))
    end do
  end subroutine tp_nparr_reshape_3c_2_f8

  subroutine tp_nparr_take_1c_f8(x, idx, out, x_n1, idx_n1, out_n1)
    integer(8), intent(in) :: x_n1
    integer(8), intent(in) :: idx_n1
    integer(8), intent(in) :: out_n1
    real(8), intent(in) :: x(0:x_n1 - 1)
    integer(8), intent(in) :: idx(0:idx_n1 - 1)
    real(8), intent(inout) :: out(0:out_n1 - 1)
    integer(8) :: n
    integer(8) :: i
    integer(8) :: j

    n = x_n1
    do i = 0, idx_n1 - 1
      j = idx(i)
      if (j < -n .or. j >= n) then
        !$omp critical (tp_status)
        if (tp_status(1) == 0) then
          tp_status(2) = j
          tp_status(3) = n
          tp_status(1) = 32
        end if
        !$omp end critical (tp_status)
        return
      end if
      if (j < 0) then
        j = j + n
      end if
      out(i) = x(j)
    end do
  end subroutine tp_nparr_take_1c_f8

  subroutine tp_numpy_mean_a0c_f8(x, out, x_n1, x_n2, out_n1)
    integer(8), intent(in) :: x_n1
    integer(8), intent(in) :: x_n2
    integer(8), intent(in) :: out_n1
    real(8), intent(in) :: x(0:x_n1 - 1, 0:x_n2 - 1)
    real(8), intent(inout) :: out(0:out_n1 - 1)
    integer(8) :: j

    call tp_numpy_sum_a0c_f8(x, out, x_n1, x_n2, out_n1)
    do j = 0, x_n1 - 1
      out(j) = out(j) / real(x_n2, 8)
    end do
  end subroutine tp_numpy_mean_a0c_f8

  subroutine tp_numpy_sum_a0c_f8(x, out, x_n1, x_n2, out_n1)
    integer(8), intent(in) :: x_n1
    integer(8), intent(in) :: x_n2
    integer(8), intent(in) :: out_n1
    real(8), intent(in) :: x(0:x_n1 - 1, 0:x_n2 - 1)
    real(8), intent(inout) :: out(0:out_n1 - 1)
    integer(8) :: j
    integer(8) :: i

    if (x_n1 == 1) then
      out(0) = 0.0d0 + tp_numpy_pw_2c_f8(x, 0_8, x_n2, x_n1, x_n2)
      return
    end if
    do j = 0, x_n1 - 1
      out(j) = 0.0d0
    end do
    do i = 0, x_n2 - 1
      do j = 0, x_n1 - 1
        out(j) = out(j) + x(j, i)
      end do
    end do
  end subroutine tp_numpy_sum_a0c_f8

  recursive function tp_numpy_pw_2c_f8(x, lo, n, x_n1, x_n2) result(tp_numpy_pw_2c_f8_res)
    integer(8), intent(in) :: lo
    integer(8), intent(in) :: n
    integer(8), intent(in) :: x_n1
    integer(8), intent(in) :: x_n2
    real(8), intent(in) :: x(0:x_n1 - 1, 0:x_n2 - 1)
    real(8) :: tp_numpy_pw_2c_f8_res
    real(8) :: res
    integer(8) :: i
    real(8) :: r0
    real(8) :: r1
    real(8) :: r2
    real(8) :: r3
    real(8) :: r4
    real(8) :: r5
    real(8) :: r6
    real(8) :: r7
    integer(8) :: stop
    integer(8) :: n2

    if (n < 8) then
      res = 0.0d0
      do i = lo, lo + n - 1
        res = res + x(mod(i, x_n1), i / x_n1)
      end do
      tp_numpy_pw_2c_f8_res = res
      return
    end if
    if (n <= 128) then
      r0 = x(mod(lo + 0, x_n1), (lo + 0) / x_n1)
      r1 = x(mod(lo + 1, x_n1), (lo + 1) / x_n1)
      r2 = x(mod(lo + 2, x_n1), (lo + 2) / x_n1)
      r3 = x(mod(lo + 3, x_n1), (lo + 3) / x_n1)
      r4 = x(mod(lo + 4, x_n1), (lo + 4) / x_n1)
      r5 = x(mod(lo + 5, x_n1), (lo + 5) / x_n1)
      r6 = x(mod(lo + 6, x_n1), (lo + 6) / x_n1)
      r7 = x(mod(lo + 7, x_n1), (lo + 7) / x_n1)
      i = lo + 8
      stop = lo + n - mod(n, 8_8)
      do while (i < stop)
        r0 = r0 + x(mod(i + 0, x_n1), (i + 0) / x_n1)
        r1 = r1 + x(mod(i + 1, x_n1), (i + 1) / x_n1)
        r2 = r2 + x(mod(i + 2, x_n1), (i + 2) / x_n1)
        r3 = r3 + x(mod(i + 3, x_n1), (i + 3) / x_n1)
        r4 = r4 + x(mod(i + 4, x_n1), (i + 4) / x_n1)
        r5 = r5 + x(mod(i + 5, x_n1), (i + 5) / x_n1)
        r6 = r6 + x(mod(i + 6, x_n1), (i + 6) / x_n1)
        r7 = r7 + x(mod(i + 7, x_n1), (i + 7) / x_n1)
        i = i + 8
      end do
      res = r0 + r1 + (r2 + r3) + (r4 + r5 + (r6 + r7))
      do while (i < lo + n)
        res = res + x(mod(i, x_n1), i / x_n1)
        i = i + 1
      end do
      tp_numpy_pw_2c_f8_res = res
      return
    end if
    n2 = n / 2
    n2 = n2 - mod(n2, 8_8)
    tp_numpy_pw_2c_f8_res = tp_numpy_pw_2c_f8(x, lo, n2, x_n1, x_n2) + tp_numpy_pw_2c_f8(x, lo + &
        n2, n - n2, x_n1, x_n2)
  end function tp_numpy_pw_2c_f8

end module arrays14
