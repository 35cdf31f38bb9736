# files.comp - boot-image files (`file`, composer.file): `files` maps
# hello.elf read-only; `nofile` is granted a file the image does not hold
# and must not start.
system files
memory 16M
kmem 1M
console com1

component files
	binary comptest.elf
	args role=files
	memory 1M
	kmem 128K
	priority 100
	console com1
	file hello.elf
	restart on-failure
	backoff 10ms 10ms
	restart-limit 1

component nofile
	binary comptest.elf
	args role=exit code=0
	memory 1M
	kmem 128K
	priority 100
	file hello.elf nosuch.bin
