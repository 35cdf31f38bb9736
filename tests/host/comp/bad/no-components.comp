# a system with nothing in it
system test
memory 16M
