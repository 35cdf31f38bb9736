/* SPDX-License-Identifier: BSD-2-Clause */
/* Code written into a page runs once the page is executable; running a
 * page without PROT_EXEC faults (SEGV_ACCERR at the page). */
#include "t.h"
#include <sys/mman.h>

#define PAGE 4096

static const unsigned char ret42[] = { 0xb8, 0x2a, 0x00, 0x00, 0x00, 0xc3 };  /* mov $42,%eax; ret */

int main(void)
{
	unsigned char *p = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	int (*fn)(void);
	volatile int r = 0;

	if (p == MAP_FAILED)
		t_die("mmap");
	memcpy(p, ret42, sizeof ret42);
	fn = (int (*)(void))(void *)p;
	T_TRY(SIGSEGV, r = fn());
	printf("call into a read-write page: faulted %s %s addr==page %s\n", t_faulted ? "yes" : "no",
	       t_sicode(SIGSEGV, t_si.si_code), t_si.si_addr == p ? "yes" : "no");
	T_CHECK(mprotect(p, PAGE, PROT_READ | PROT_EXEC));
	T_TRY(SIGSEGV, r = fn());
	printf("after PROT_EXEC: faulted %s returned %d\n", t_faulted ? "yes" : "no", r);
	T_TRY(SIGSEGV, p[0] = 0xc3);
	printf("write to the code page: faulted %s\n", t_faulted ? "yes" : "no");
	T_CHECK(mprotect(p, PAGE, PROT_READ | PROT_WRITE | PROT_EXEC));
	p[1] = 7;
	r = fn();
	printf("patched and called: %d\n", r);
	return 0;
}
