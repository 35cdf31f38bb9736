# CRLF line ends, tabs, comments, no newline at the end
system crlf  
	memory 0x100000	# 1M in hex

   # a comment alone
component only
	binary only.elf
	memory 256K
	kmem 4K
	priority 0