/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * random.c - random bytes for getrandom, /dev/random, /dev/urandom and
 * AT_RANDOM: the ChaCha20 generator of drbg.h, seeded and reseeded from
 * every source unixd has.  Entry points: random_init (start-up, before
 * process 1) and unix_random (the receive loop's thread only).
 *
 * Sources:
 *   RDRAND     where CPUID.1:ECX bit 30 says the CPU has one (QEMU's "max"
 *              CPU model, most hardware; not QEMU's default qemu64)
 *   the route  `rng`: a character stream of kind "rng" (cstream.idl) from
 *              the driver framework's virtio-rng driver (docs/IOKIT.md);
 *              the stream is named by the argument `rngstream=` (default:
 *              the first stream of kind "rng" the route grants)
 *   the TSC    low bits of rdtsc and the clock: mixed in every time, and
 *              the only source when the other two are missing, which is
 *              logged at start ("no RDRAND: ... not cryptographically
 *              strong")
 *
 * The receive loop never waits for the device.  A helper thread opens the
 * stream, reads RNG_SEED_BYTES, leaves them in a mailbox (one memcpy under
 * box.lock) and reads again every RNG_DEVICE_PERIOD_US; unix_random
 * absorbs a full mailbox before generating.  This was chosen over a pool
 * of device bytes handed out as they are: the generator stretches 64
 * device bytes into any amount of output, so getrandom never calls the
 * device and costs a few ChaCha20 blocks.  At start-up random_init waits up
 * to RNG_FIRST_WAIT_US for the first delivery, so that process 1's
 * AT_RANDOM already comes from the device; the loop is not running yet,
 * and the wait is bounded (a provider that never answers leaves the
 * helper blocked, not unixd).  RDRAND and the TSC are absorbed again after
 * RNG_RESEED_BYTES of output or RNG_RESEED_NS, whichever comes first.
 */
#include <stdatomic.h>
#include "unixd.h"
#include "exec.h"
#include "drbg.h"
#include "charstream_proto.h"
#include "cstream.h"

#define RNG_ROUTE            "rng"
#define RNG_STREAM_ARG       "rngstream"
#define RNG_SEED_BYTES       64
#define RNG_FIRST_WAIT_US    3000000ull    /* start-up waits this long for the device */
#define RNG_OPEN_WAIT_US     2000000ull    /* the driver may still be starting: retry open */
#define RNG_READ_TIMEOUT_US  1000000ull    /* one read of the stream */
#define RNG_DEVICE_PERIOD_US 30000000ull   /* fresh device bytes this often */
#define RNG_RETRY_US         5000000ull    /* after a failure, try again */
#define RNG_RESEED_BYTES     (1ull << 20)  /* RDRAND and TSC again after this much output */
#define RNG_RESEED_NS        10000000000ull
#define RNG_E_NOBYTES        ((dbt_word_t)-1)      /* reads timed out: no bytes */

_Static_assert(RNG_SEED_BYTES <= CSTREAM_IO_MAX, "one read can fill the seed");

static struct drbg gen;                 /* the loop's thread only */
static bool have_rdrand;
static uint64_t last_reseed_ns;

/* What the helper thread hands the loop (guarded by box.lock, except
 * `full`, which the loop reads without it to skip the lock). */
static struct {
	urt_mutex_t lock;
	urt_cond_t changed;             /* a delivery or a failure (random_init waits) */
	uint8_t bytes[RNG_SEED_BYTES];
	_Atomic bool full;
	unsigned deliveries, failures;
	dbt_word_t last_err;
} box = { .lock = URT_MUTEX_INIT, .changed = URT_COND_INIT };

/* The helper thread's. */
static struct {
	dbt_slot_t ep;
	dbt_word_t handle;
	bool open;
	char name[CSTREAM_NAME_MAX];
} rng;

static bool device_late;                /* the loop's: the first delivery missed start-up */

/* ---- the CPU's sources ------------------------------------------------------------ */

static bool cpu_rdrand(void)
{
	uint32_t a = 1, b, c = 0, d;
	__asm__ volatile("cpuid" : "+a"(a), "=b"(b), "+c"(c), "=d"(d));
	return (c >> 30) & 1;
}

static bool rdrand64(uint64_t *v)
{
	for (int i = 0; i < 10; i++) {
		unsigned char ok;
		__asm__ volatile("rdrand %0; setc %1" : "=r"(*v), "=qm"(ok));
		if (ok)
			return true;
	}
	return false;
}

/* RDRAND (when there is one), the TSC and the clock, into the generator. */
static void reseed_local(void)
{
	uint64_t s[8] = { 0 };
	for (int i = 0; have_rdrand && i < 4; i++)
		if (!rdrand64(&s[i]))
			s[i] = 0;
	for (int i = 4; i < 7; i++)
		s[i] = tsc_read();
	s[7] = unix_now_ns();
	drbg_absorb(&gen, s, sizeof(s));
	drbg_wipe(s, sizeof(s));
	last_reseed_ns = unix_now_ns();
}

/* ---- the device, through the helper thread ---------------------------------------- */

static dbt_word_t rng_open(void)
{
	dbt_word_t flags, err;
	uint64_t deadline = urt_now_us() + RNG_OPEN_WAIT_US;
	while ((err = cstream_open(rng.ep, rng.name, strlen(rng.name), &rng.handle, &flags)) ==
	       CSTREAM_E_NOSTREAM && urt_now_us() < deadline)
		urt_sleep_us(50000);
	rng.open = !err;
	return err;
}

/* RNG_SEED_BYTES from the stream into seed: 0 or the error. */
static dbt_word_t rng_fetch(uint8_t *seed)
{
	dbt_word_t err = rng.open ? 0 : rng_open();
	size_t got = 0;
	while (!err && got < RNG_SEED_BYTES) {
		dbt_word_t n = 0;
		err = cstream_read(rng.ep, rng.handle, RNG_SEED_BYTES - got, RNG_READ_TIMEOUT_US,
				   seed + got, &n);
		if (!err && !n)
			err = RNG_E_NOBYTES;
		got += err ? 0 : n;
	}
	if (err && err != RNG_E_NOBYTES && rng.open) {
		/* gone, a restarted provider (the handle is stale) or an IPC
		 * error: open again next time */
		cstream_close(rng.ep, rng.handle);
		rng.open = false;
	}
	return err;
}

static void box_report(const uint8_t *seed, dbt_word_t err)
{
	urt_mutex_lock(&box.lock);
	if (!err) {
		memcpy(box.bytes, seed, RNG_SEED_BYTES);
		atomic_store_explicit(&box.full, true, memory_order_release);
		box.deliveries++;
	} else {
		box.failures++;
		box.last_err = err;
	}
	urt_cond_broadcast(&box.changed);
	urt_mutex_unlock(&box.lock);
}

static void *rng_helper(void *arg)
{
	(void)arg;
	for (;;) {
		uint8_t seed[RNG_SEED_BYTES];
		dbt_word_t err = rng_fetch(seed);
		box_report(seed, err);
		drbg_wipe(seed, sizeof(seed));
		urt_sleep_us(err ? RNG_RETRY_US : RNG_DEVICE_PERIOD_US);
	}
	return NULL;
}

/* The loop's side: absorb a delivery if there is one. */
static void absorb_box(void)
{
	if (!atomic_load_explicit(&box.full, memory_order_acquire))
		return;
	urt_mutex_lock(&box.lock);
	drbg_absorb(&gen, box.bytes, sizeof(box.bytes));
	drbg_wipe(box.bytes, sizeof(box.bytes));
	atomic_store_explicit(&box.full, false, memory_order_relaxed);
	urt_mutex_unlock(&box.lock);
	if (device_late)
		uprintf("unixd: random: the rng route answers now: reseeded from it\n");
	device_late = false;
}

static const char *rng_error(dbt_word_t err)
{
	switch (err) {
	case RNG_E_NOBYTES: return "no bytes within a second";
	case CSTREAM_E_NOSTREAM: return "no rng stream there";
	case CSTREAM_E_IO: return "the device failed";
	case CSTREAM_E_GONE: return "the device stopped";
	default: return "IPC or interface error";
	}
}

/* Start the helper and wait (bounded) for its first delivery or failure;
 * true if a delivery was absorbed. */
static bool device_first_seed(void)
{
	urt_thread_t *th;
	if (!urt_arg(RNG_STREAM_ARG, rng.name, sizeof(rng.name)))
		strlcpy(rng.name, "rng", sizeof(rng.name));
	if (urt_thread_create(&th, rng_helper, NULL, URT_PRIO_INHERIT)) {
		uprintf("unixd: random: cannot start the rng reader thread\n");
		return false;
	}
	uint64_t deadline = urt_now_us() + RNG_FIRST_WAIT_US;
	urt_mutex_lock(&box.lock);
	while (!box.deliveries && !box.failures &&
	       urt_cond_wait_until(&box.changed, &box.lock, deadline) != URT_ETIMEDOUT)
		;
	bool got = box.deliveries != 0, failed = box.failures != 0;
	dbt_word_t err = box.last_err;
	urt_mutex_unlock(&box.lock);
	if (got)
		absorb_box();
	else if (failed)
		uprintf("unixd: random: no bytes from the rng route: %s (0x%lx)\n", rng_error(err),
			(unsigned long)err);
	else
		uprintf("unixd: random: no answer from the rng route within %llu ms\n",
			RNG_FIRST_WAIT_US / 1000);
	return got;
}

void random_init(void)
{
	drbg_init(&gen);
	have_rdrand = cpu_rdrand();
	reseed_local();
	rng.ep = urt_service(RNG_ROUTE);
	bool device = rng.ep && device_first_seed();
	device_late = rng.ep && !device;
	if (device)
		uprintf("unixd: random: ChaCha20 generator seeded from the rng route (%s)%s\n",
			rng.name, have_rdrand ? " and RDRAND" : "");
	else if (have_rdrand)
		uprintf("unixd: random: ChaCha20 generator seeded from RDRAND\n");
	else
		uprintf("unixd: no RDRAND: random numbers are not cryptographically strong\n");
}

void unix_random(void *buf, size_t n)
{
	absorb_box();
	if (gen.generated >= RNG_RESEED_BYTES || unix_now_ns() - last_reseed_ns >= RNG_RESEED_NS)
		reseed_local();
	drbg_generate(&gen, buf, n);
}
