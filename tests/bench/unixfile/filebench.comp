# filebench.comp - the file-read benchmark (tests/bench/unixfile/unixfile.mk):
# a driver framework instance serving the benchmark's virtio disk, and unixd
# whose root is that disk's ext2 partition (root=vda1), running the
# benchmark as process 1 on /big, which nothing has read yet.
system filebench
memory 200M
kmem 20M

component iokit1
	binary iokitd.elf
	args block=disk:disk0
	memory 16M
	kmem 1M
	priority 120
	console com1
	pci 1af4:1042
	provides disk

component unixd
	binary unixd.elf
	args root=vda1 init=/filebench -- unix /big
	memory 160M
	kmem 16M
	slots 4096
	heap-exec yes
	priority 110
	console com1
	uses disk = iokit1.disk
