# control.comp - console commands for components (ioreg, kextstat,
# kextload, kextunload, tell): `ctl` prints what it receives; `spinner`
# never says it takes commands; `deaf` says so but never waits: busy.
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

# says it takes commands in generation 0 only, and never waits for one;
# above spinner, so it starts (and says so) without waiting for its slices
component deaf
	binary comptest.elf
	args role=deaf
	memory 1M
	kmem 128K
	priority 60
	console com1
	restart on-failure
	backoff 10ms 10ms
	restart-limit 1
