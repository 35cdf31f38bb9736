/* SPDX-License-Identifier: BSD-2-Clause */
/* hello.c - the test module: data, bss, rodata, a table of function
 * pointers, a switch, two personalities, and calls back into the ABI.
 * Built against ABI 1.0 (its personalities' init functions are of that
 * time: they return numbers, not driver ops), so it checks that 1.0
 * modules still load. */
#define IOKIT_BUILD_ABI_MINOR 0
#include <iokit/glue.h>

IOKIT_MODULE(
	.name = "hello",
	.version = "1.0.0",
	.personalities = {
		{
			.driver_class = "HelloDriver",
			.provider_class = "IOPlatformDevice",
			.match = "name=hello compatible=darbat,hello",
			.init = "hello_class_init",
			.probe_score = 1000,
		},
		{
			.driver_class = "HelloSerial",
			.provider_class = "IOPCIDevice",
			.match = "vendor=0x1af4 device=0x1003",
			.category = "serial",
			.init = "hello_serial_init",
			.probe_score = 200,
		},
	},
);

static const char greeting[] = "hello: started";
static int counter;
static int bias = 40;

static int twice(int x)
{
	return 2 * x;
}

static int plus_one(int x)
{
	return x + 1;
}

static int (*const ops[])(int) = { twice, plus_one };

int module_start(void)
{
	iokit_log(greeting);
	counter = 1;
	return 0;
}

void module_stop(void)
{
	iokit_log("hello: stopped");
}

int hello_class_init(void)
{
	return 7;
}

int hello_serial_init(void)
{
	return 8;
}

/* 57 for x = 1 on the first call after module_start; counter goes up by one a call. */
int hello_compute(int x)
{
	int *p = iokit_malloc(4 * sizeof(int));
	if (!p)
		return -1;
	for (int i = 0; i < 4; i++)
		p[i] = ops[i & 1](x + i);
	int sum = bias + counter;
	for (int i = 0; i < 4; i++)
		sum += p[i];
	iokit_free(p);
	counter++;
	return sum;
}

/* PC-relative references the large model never emits, written by hand:
 * hello_pcrel returns &hello_text (R_X86_64_PC32), hello_call returns
 * hello_class_init() + 1 (R_X86_64_PLT32). */
const char hello_text[] = "pc-relative";
__asm__(".text\n"
	".globl hello_pcrel\n"
	"hello_pcrel:\n"
	"\tleaq hello_text(%rip), %rax\n"
	"\tret\n"
	".globl hello_call\n"
	"hello_call:\n"
	"\tsubq $8, %rsp\n"
	"\tcall hello_class_init\n"
	"\taddq $8, %rsp\n"
	"\taddl $1, %eax\n"
	"\tret\n");

int hello_switch(int k)
{
	switch (k) {
	case 0: return 11;
	case 1: return 23;
	case 2: return 37;
	case 3: return 41;
	case 4: return 59;
	case 5: return 61;
	case 6: return 73;
	default: return (int)strlen(greeting);
	}
}
