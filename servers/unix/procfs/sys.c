/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * procfs/sys.c - /proc's system-wide files (procfs.h): meminfo, cpuinfo,
 * uptime, loadavg, stat, version and /proc/sys/kernel/..., in Linux 6.1's
 * formats, with this unixd instance's true figures: its memory is its
 * budget (the heap window the composer gives it: sysinfo's totalram), what
 * is used the frames its processes and files hold; its CPU is the one it
 * runs on (cpuid); time is the kernel clock; the processes are its own.
 * Load averages are not kept (0.00); the CPU time of processes that have
 * been reaped is not counted in /proc/stat.
 */
#include "procfs.h"
#include <urt/x86.h>
#include "exec.h"
#include "timeu.h"
#include "mm/mm.h"
#include "mm/frame.h"
#include "loadavg.h"

#define USER_HZ		100
#define NS		1000000000ull

uint64_t procfs_ticks(uint64_t ns)
{
	return ns / (NS / USER_HZ);
}

uint64_t procfs_btime(void)
{
	return (time_realtime_ns() - unix_now_ns()) / NS;
}

/* ---- meminfo ------------------------------------------------------------------------------ */

static void kb(struct ptext *t, const char *label, uint64_t kib)
{
	pt_printf(t, "%-16s%8lu kB\n", label, (unsigned long)kib);
}

/* /proc/meminfo's lines in Linux's order; what unixd does not have (swap, slabs,
 * huge pages, write-back) is 0 */
enum mem_fig { M_ZERO, M_TOTAL, M_FREE, M_USED, M_ANON, M_FILE, M_COMMIT_LIMIT, M_VMALLOC };
static const struct { const char *label; enum mem_fig fig; } mem_lines[] = {
	{ "MemTotal:", M_TOTAL }, { "MemFree:", M_FREE }, { "MemAvailable:", M_FREE },
	{ "Buffers:", M_ZERO }, { "Cached:", M_FILE }, { "SwapCached:", M_ZERO },
	{ "Active:", M_USED }, { "Inactive:", M_ZERO }, { "Active(anon):", M_ANON },
	{ "Inactive(anon):", M_ZERO }, { "Active(file):", M_FILE }, { "Inactive(file):", M_ZERO },
	{ "Unevictable:", M_ZERO }, { "Mlocked:", M_ZERO }, { "SwapTotal:", M_ZERO },
	{ "SwapFree:", M_ZERO }, { "Zswap:", M_ZERO }, { "Zswapped:", M_ZERO },
	{ "Dirty:", M_ZERO }, { "Writeback:", M_ZERO },
	{ "AnonPages:", M_ANON }, { "Mapped:", M_ANON }, { "Shmem:", M_FILE },
	{ "KReclaimable:", M_ZERO }, { "Slab:", M_ZERO }, { "SReclaimable:", M_ZERO },
	{ "SUnreclaim:", M_ZERO }, { "KernelStack:", M_ZERO }, { "PageTables:", M_ZERO },
	{ "SecPageTables:", M_ZERO }, { "NFS_Unstable:", M_ZERO }, { "Bounce:", M_ZERO },
	{ "WritebackTmp:", M_ZERO }, { "CommitLimit:", M_COMMIT_LIMIT },
	{ "Committed_AS:", M_USED }, { "VmallocTotal:", M_VMALLOC }, { "VmallocUsed:", M_ZERO },
	{ "VmallocChunk:", M_ZERO }, { "Percpu:", M_ZERO }, { "HardwareCorrupted:", M_ZERO },
	{ "AnonHugePages:", M_ZERO }, { "ShmemHugePages:", M_ZERO }, { "ShmemPmdMapped:", M_ZERO },
	{ "FileHugePages:", M_ZERO }, { "FilePmdMapped:", M_ZERO },
};

/* Memory is unixd's budget; used, the frames in use: those the page tables map
 * (anonymous, as near as unixd can tell) and the rest (file data, shared). */
int sys_show_meminfo(struct pnode *n, struct proc *p, struct ptext *t)
{
	uint64_t fig[M_VMALLOC + 1] = { 0 };

	(void)n, (void)p;
	fig[M_TOTAL] = urt_env->heap_max >> 10;
	fig[M_USED] = frame_in_use() * (UNIX_PAGE >> 10);
	fig[M_FREE] = fig[M_TOTAL] > fig[M_USED] ? fig[M_TOTAL] - fig[M_USED] : 0;
	for (struct proc *q = proc_next(NULL); q; q = proc_next(q))
		fig[M_ANON] += q->mm ? q->mm->pmap.pages * (UNIX_PAGE >> 10) : 0;
	fig[M_ANON] = fig[M_ANON] < fig[M_USED] ? fig[M_ANON] : fig[M_USED];
	fig[M_FILE] = fig[M_USED] - fig[M_ANON];
	fig[M_COMMIT_LIMIT] = fig[M_TOTAL] / 2;
	fig[M_VMALLOC] = 34359738367ull;	/* x86-64's vmalloc space, as Linux shows it */
	for (unsigned i = 0; i < ARRAY_SIZE(mem_lines); i++)
		kb(t, mem_lines[i].label, fig[mem_lines[i].fig]);
	pt_puts(t, "HugePages_Total:       0\nHugePages_Free:        0\nHugePages_Rsvd:        0\n"
		   "HugePages_Surp:        0\n");
	kb(t, "Hugepagesize:", 2048);
	kb(t, "Hugetlb:", 0);
	kb(t, "DirectMap4k:", fig[M_TOTAL]);
	kb(t, "DirectMap2M:", 0);
	return 0;
}

/* ---- cpuinfo --------------------------------------------------------------------------------- */

static void cpuid(uint32_t leaf, uint32_t sub, uint32_t r[4])
{
	__asm__ volatile("cpuid" : "=a"(r[0]), "=b"(r[1]), "=c"(r[2]), "=d"(r[3])
			 : "a"(leaf), "c"(sub));
}

/* the flags of cpuid 1 edx and ecx, as Linux names them (arch/x86/include/asm/cpufeatures.h) */
static const char *const edx_flags[32] = {
	"fpu", "vme", "de", "pse", "tsc", "msr", "pae", "mce", "cx8", "apic", NULL, "sep", "mtrr",
	"pge", "mca", "cmov", "pat", "pse36", "pn", "clflush", NULL, "dts", "acpi", "mmx", "fxsr",
	"sse", "sse2", "ss", "ht", "tm", "ia64", "pbe",
};
static const char *const ecx_flags[32] = {
	"pni", "pclmulqdq", "dtes64", "monitor", "ds_cpl", "vmx", "smx", "est", "tm2", "ssse3",
	"cid", "sdbg", "fma", "cx16", "xtpr", "pdcm", NULL, "pcid", "dca", "sse4_1", "sse4_2",
	"x2apic", "movbe", "popcnt", "tsc_deadline_timer", "aes", "xsave", NULL, "avx", "f16c",
	"rdrand", "hypervisor",
};

static void cpu_flags(struct ptext *t)
{
	uint32_t r[4];

	cpuid(1, 0, r);
	pt_puts(t, "flags\t\t:");
	for (unsigned i = 0; i < 32; i++)
		if ((r[3] >> i) & 1 && edx_flags[i])
			pt_printf(t, " %s", edx_flags[i]);
	for (unsigned i = 0; i < 32; i++)
		if ((r[2] >> i) & 1 && ecx_flags[i])
			pt_printf(t, " %s", ecx_flags[i]);
	pt_puts(t, "\n");
}

int sys_show_cpuinfo(struct pnode *n, struct proc *p, struct ptext *t)
{
	uint32_t r[4], vendor[4] = { 0 }, brand[13] = { 0 };

	(void)n, (void)p;
	cpuid(0, 0, r);
	vendor[0] = r[1], vendor[1] = r[3], vendor[2] = r[2];
	uint32_t max = r[0];
	cpuid(0x80000000u, 0, r);
	for (uint32_t i = 0; r[0] >= 0x80000004u && i < 3; i++)
		cpuid(0x80000002u + i, 0, &brand[4 * i]);
	cpuid(1, 0, r);
	uint32_t family = (r[0] >> 8) & 0xf, model = (r[0] >> 4) & 0xf;
	if (family == 0xf)
		family += (r[0] >> 20) & 0xff;
	if (family >= 6)
		model |= ((r[0] >> 16) & 0xf) << 4;
	pt_printf(t, "processor\t: 0\nvendor_id\t: %s\ncpu family\t: %u\nmodel\t\t: %u\n",
		  (char *)vendor, family, model);
	pt_printf(t, "model name\t: %s\nstepping\t: %u\n", brand[0] ? (char *)brand : "unknown",
		  r[0] & 0xf);
	pt_puts(t, "physical id\t: 0\nsiblings\t: 1\ncore id\t\t: 0\ncpu cores\t: 1\n");
	pt_puts(t, "apicid\t\t: 0\ninitial apicid\t: 0\nfpu\t\t: yes\nfpu_exception\t: yes\n");
	pt_printf(t, "cpuid level\t: %u\nwp\t\t: yes\n", max);
	cpu_flags(t);
	pt_printf(t, "clflush size\t: %u\ncache_alignment\t: %u\n", ((r[1] >> 8) & 0xff) * 8,
		  ((r[1] >> 8) & 0xff) * 8);
	cpuid(0x80000000u, 0, r);
	uint32_t bits = 0;
	if (r[0] >= 0x80000008u) {
		cpuid(0x80000008u, 0, r);
		bits = r[0];
	}
	pt_printf(t, "address sizes\t: %u bits physical, %u bits virtual\npower management:\n\n",
		  bits & 0xff, (bits >> 8) & 0xff);
	return 0;
}

/* ---- uptime, loadavg, stat -------------------------------------------------------------- */

/* CPU time of the live processes, in ticks */
static uint64_t busy_ticks(void)
{
	uint64_t ns = 0;

	for (struct proc *q = proc_next(NULL); q; q = proc_next(q))
		ns += q->state == PROC_ZOMBIE ? q->utime_ns : proc_cpu_ns(q);
	return procfs_ticks(ns);
}

static uint64_t idle_ticks(void)
{
	uint64_t up = procfs_ticks(unix_now_ns()), busy = busy_ticks();

	return up > busy ? up - busy : 0;
}

int sys_show_uptime(struct pnode *n, struct proc *p, struct ptext *t)
{
	uint64_t up = procfs_ticks(unix_now_ns()), idle = idle_ticks();

	(void)n, (void)p;
	pt_printf(t, "%lu.%02lu %lu.%02lu\n", (unsigned long)(up / USER_HZ),
		  (unsigned long)(up % USER_HZ), (unsigned long)(idle / USER_HZ),
		  (unsigned long)(idle % USER_HZ));
	return 0;
}

/* /proc/timer_list: of Linux's dump only the header and CPU 0's idle
 * accounting, which benchmarks subtract (time the kernel spent idle, its
 * time-stamp counter scaled to the kernel clock's nanoseconds). */
int sys_show_timer_list(struct pnode *n, struct proc *p, struct ptext *t)
{
	uint64_t now = unix_now_ns(), tsc = tsc_read() >> 16, idle = dbt_stat(DBT_STAT_IDLE_TSC);
	uint64_t ns_per_tick_q24 = tsc ? (now << 8) / tsc : 0;	/* clock ns per TSC tick, << 24 */
	uint64_t idle_ns = (idle >> 12) * ns_per_tick_q24 >> 12;

	(void)n, (void)p;
	pt_printf(t, "Timer List Version: v0.9\nHRTIMER_MAX_CLOCK_BASES: 8\nnow at %lu nsecs\n\n"
		  "cpu: 0\n  .idle_sleeptime : %lu nsecs\n  .iowait_sleeptime: 0 nsecs\n",
		  (unsigned long)now, (unsigned long)idle_ns);
	return 0;
}

int sys_show_loadavg(struct pnode *n, struct proc *p, struct ptext *t)
{
	unsigned running, total;
	int last;

	unsigned long avg[3];

	(void)n, (void)p;
	loadavg_read(avg);
	threads_count(&running, &total, &last);
	for (int i = 0; i < 3; i++) {
		unsigned long a = avg[i] + LOADAVG_FIXED_1 / 200;      /* rounded to 1/100, as Linux */
		pt_printf(t, "%lu.%02lu ", a >> LOADAVG_FSHIFT,
			  ((a & (LOADAVG_FIXED_1 - 1)) * 100) >> LOADAVG_FSHIFT);
	}
	pt_printf(t, "%u/%u %d\n", running, total, last);
	return 0;
}

int sys_show_stat(struct pnode *n, struct proc *p, struct ptext *t)
{
	uint64_t user = busy_ticks(), idle = idle_ticks();
	unsigned running, total;
	int last;

	(void)n, (void)p;
	threads_count(&running, &total, &last);
	for (int cpu = -1; cpu < 1; cpu++) {
		pt_puts(t, cpu < 0 ? "cpu  " : "cpu0 ");
		pt_printf(t, "%lu 0 0 %lu 0 0 0 0 0 0\n", (unsigned long)user, (unsigned long)idle);
	}
	pt_printf(t, "intr 0\nctxt 0\nbtime %lu\nprocesses %d\nprocs_running %u\n",
		  (unsigned long)procfs_btime(), last, running);
	pt_puts(t, "procs_blocked 0\nsoftirq 0 0 0 0 0 0 0 0 0 0 0\n");
	return 0;
}

int sys_show_version(struct pnode *n, struct proc *p, struct ptext *t)
{
	(void)n, (void)p;
	pt_printf(t, "Linux version %s (unixd@darbat) (Darbat unixd) %s\n", uts_field(UTS_RELEASE),
		  uts_field(UTS_VERSION));
	return 0;
}

/* ---- /proc/sys/kernel ------------------------------------------------------------------- */

/* a random UUID (version 4) as text */
static void uuid_text(const uint8_t u[16], struct ptext *t)
{
	for (int i = 0; i < 16; i++)
		pt_printf(t, "%02x%s", u[i], i == 3 || i == 5 || i == 7 || i == 9 ? "-" : "");
	pt_puts(t, "\n");
}

static void uuid_new(uint8_t u[16])
{
	unix_random(u, 16);
	u[6] = (uint8_t)((u[6] & 0x0f) | 0x40);
	u[8] = (uint8_t)((u[8] & 0x3f) | 0x80);
}

/* /proc/sys/kernel's files: a uname string, or a constant */
static const struct { const char *name; int uts; const char *text; } kernel_files[] = {
	{ "hostname", UTS_NODENAME, NULL }, { "domainname", UTS_DOMAINNAME, NULL },
	{ "ostype", UTS_SYSNAME, NULL }, { "osrelease", UTS_RELEASE, NULL },
	{ "version", UTS_VERSION, NULL }, { "pid_max", -1, "32768" },
	{ "ngroups_max", -1, "65536" }, { "tainted", -1, "0" }, { "entropy_avail", -1, "256" },
	{ "poolsize", -1, "256" },
};

int sys_show_kernel(struct pnode *n, struct proc *p, struct ptext *t)
{
	static uint8_t boot_id[16];		/* made once per boot */
	const char *name = n->ent->name;
	uint8_t u[16];

	(void)p;
	if (!strcmp(name, "boot_id") || !strcmp(name, "uuid")) {
		bool boot = name[0] == 'b';
		if (boot && !boot_id[6])	/* a made one has its version nibble there */
			uuid_new(boot_id);
		if (!boot)
			uuid_new(u);
		uuid_text(boot ? boot_id : u, t);
		return 0;
	}
	for (unsigned i = 0; i < ARRAY_SIZE(kernel_files); i++)
		if (!strcmp(name, kernel_files[i].name))
			pt_printf(t, "%s\n", kernel_files[i].uts >= 0 ? uts_field(kernel_files[i].uts) :
				  kernel_files[i].text);
	return 0;
}

/* proc_dostring: the new hostname or domain name, without its newline, cut at 64 bytes */
int sys_store_kernel(struct pnode *n, struct proc *p, const char *s, size_t len)
{
	char *field = uts_field(n->ent->name[0] == 'h' ? UTS_NODENAME : UTS_DOMAINNAME);
	size_t i = 0;

	(void)p;
	while (i < len && i < UTS_FIELD_LEN - 1 && s[i] && s[i] != '\n')
		i++;
	memcpy(field, s, i);
	field[i] = 0;
	return 0;
}
