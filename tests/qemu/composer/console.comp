# console.comp - the management console, with one component hung at full
# speed and one serving.
system console
memory 32M
kmem 2M
console com1

component spinner
	binary comptest.elf
	args role=spin
	memory 1M
	kmem 128K
	priority 50

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
	restart-limit 5
