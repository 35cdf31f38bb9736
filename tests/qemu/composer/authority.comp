# authority.comp - least authority: the client reaches exactly its route.
system authority
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
	console com1
	restart always
	backoff 10ms 100ms
	restart-limit 3

component client
	binary comptest.elf
	args role=client
	memory 2M
	kmem 160K
	priority 100
	uses echo = echo.echo
	console com1
