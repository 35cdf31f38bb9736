# at most 32 components
system test
memory 16M

component c0
	binary c0.elf
	memory 4K
	kmem 4K
	priority 100

component c1
	binary c1.elf
	memory 4K
	kmem 4K
	priority 100

component c2
	binary c2.elf
	memory 4K
	kmem 4K
	priority 100

component c3
	binary c3.elf
	memory 4K
	kmem 4K
	priority 100

component c4
	binary c4.elf
	memory 4K
	kmem 4K
	priority 100

component c5
	binary c5.elf
	memory 4K
	kmem 4K
	priority 100

component c6
	binary c6.elf
	memory 4K
	kmem 4K
	priority 100

component c7
	binary c7.elf
	memory 4K
	kmem 4K
	priority 100

component c8
	binary c8.elf
	memory 4K
	kmem 4K
	priority 100

component c9
	binary c9.elf
	memory 4K
	kmem 4K
	priority 100

component c10
	binary c10.elf
	memory 4K
	kmem 4K
	priority 100

component c11
	binary c11.elf
	memory 4K
	kmem 4K
	priority 100

component c12
	binary c12.elf
	memory 4K
	kmem 4K
	priority 100

component c13
	binary c13.elf
	memory 4K
	kmem 4K
	priority 100

component c14
	binary c14.elf
	memory 4K
	kmem 4K
	priority 100

component c15
	binary c15.elf
	memory 4K
	kmem 4K
	priority 100

component c16
	binary c16.elf
	memory 4K
	kmem 4K
	priority 100

component c17
	binary c17.elf
	memory 4K
	kmem 4K
	priority 100

component c18
	binary c18.elf
	memory 4K
	kmem 4K
	priority 100

component c19
	binary c19.elf
	memory 4K
	kmem 4K
	priority 100

component c20
	binary c20.elf
	memory 4K
	kmem 4K
	priority 100

component c21
	binary c21.elf
	memory 4K
	kmem 4K
	priority 100

component c22
	binary c22.elf
	memory 4K
	kmem 4K
	priority 100

component c23
	binary c23.elf
	memory 4K
	kmem 4K
	priority 100

component c24
	binary c24.elf
	memory 4K
	kmem 4K
	priority 100

component c25
	binary c25.elf
	memory 4K
	kmem 4K
	priority 100

component c26
	binary c26.elf
	memory 4K
	kmem 4K
	priority 100

component c27
	binary c27.elf
	memory 4K
	kmem 4K
	priority 100

component c28
	binary c28.elf
	memory 4K
	kmem 4K
	priority 100

component c29
	binary c29.elf
	memory 4K
	kmem 4K
	priority 100

component c30
	binary c30.elf
	memory 4K
	kmem 4K
	priority 100

component c31
	binary c31.elf
	memory 4K
	kmem 4K
	priority 100

component c32
	binary c32.elf
	memory 4K
	kmem 4K
	priority 100
