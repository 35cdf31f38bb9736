# com2.comp - the management console on the second serial port.
system com2
memory 16M
kmem 1M
console com2

component echo
	binary comptest.elf
	args role=echo
	memory 1M
	kmem 128K
	priority 110
	provides echo
