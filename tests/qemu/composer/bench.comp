# bench.comp - `make bench`: how long from a component's fault to it serving
# again, and how long a component takes to start (tools in tests/qemu/composer).
system bench
memory 32M
kmem 2M
console com1

component echo
	binary comptest.elf
	args role=echo
	memory 1M
	kmem 128K
	priority 110
	provides echo
	restart always
	backoff 0ms 1s
	restart-limit 1000

component client
	binary comptest.elf
	args role=benchclient
	memory 1M
	kmem 128K
	priority 100
	uses echo = echo.echo
	console com1
