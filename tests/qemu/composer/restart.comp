# restart.comp - supervision: a crashing component is restarted with
# exponential back-off up to its limit, then stays down; others go on.
system restart
memory 32M
kmem 2M
console com1

component crasher
	binary comptest.elf
	args role=crash delay=5
	memory 1M
	kmem 128K
	priority 100
	console com1
	restart on-failure
	backoff 20ms 80ms
	restart-limit 3

component finisher
	binary comptest.elf
	args role=exit code=0
	memory 1M
	kmem 128K
	priority 100
	restart on-failure

component failer
	binary comptest.elf
	args role=exit code=7
	memory 1M
	kmem 128K
	priority 100
	restart never
