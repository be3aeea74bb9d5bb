! expect: 2:1: Fortran syntax error
@@@ ### $$$
