# a component name must start with a letter
system test
memory 16M

component 1st
	binary 1st.elf
	memory 1M
	kmem 64K
	priority 100
