real function area_c(r)
  real, intent(in) :: r
  area_c = 3.0 * r * r
end function
real function area_r(w, h)
  real, intent(in) :: w, h
  area_r = w * h
end function
program p
  implicit none
  interface area
    real function area_c(r)
      real, intent(in) :: r
    end function
    real function area_r(w, h)
      real, intent(in) :: w, h
    end function
  end interface
  print *, area({a}.5), area({b}.0, 3.5), area(h=1.5, w={a}.25)
end program
