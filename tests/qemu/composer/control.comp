# control.comp - console commands for components (ioreg, kextstat,
# kextload, kextunload, tell): `ctl` prints what it receives; `spinner`
# never waits for a command, so it is busy.
system control
memory 16M
kmem 1M
console com1

component ctl
	binary comptest.elf
	args role=control
	memory 1M
	kmem 128K
	priority 110
	console com1

component spinner
	binary comptest.elf
	args role=spin
	memory 1M
	kmem 128K
	priority 50
