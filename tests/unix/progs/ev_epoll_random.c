/* SPDX-License-Identifier: BSD-2-Clause */
/* A seeded random walk over epoll instances (some inside others), eventfds,
 * pipes and signalfds (with signals sent to itself): adds, changes and
 * deletes with random event bits (LT, ET, ONESHOT), reads, writes, dups and
 * closes, non-blocking waits with small maxevents and polls of epoll fds.
 * Every result (return value, errno, reported events and data) goes into a
 * running hash, printed every 250 steps: the same walks (four seeds) must
 * give Linux's results step for step.
 * EV_RANDOM_VERBOSE=1 in the environment prints every step. */
#include "t.h"
#include <poll.h>
#include <stdint.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/signalfd.h>

#define STEPS 3000
#define NFD   24

static uint64_t rng, hash;
static int fds[NFD], isep[NFD], nfds, verbose;
static sigset_t sigs;                   /* SIGUSR1, SIGUSR2: blocked, for the signalfds */

static unsigned rnd(unsigned n)
{
	rng ^= rng << 13, rng ^= rng >> 7, rng ^= rng << 17;
	return (unsigned)(rng % n);
}

static void mix(int step, const char *what, long v)
{
	hash = (hash ^ (uint64_t)v) * 1099511628211ull;
	if (verbose)
		printf("%d %s %ld\n", step, what, v);
}

static long res(long r)
{
	return r < 0 ? -errno : r;
}

static int pick(void)
{
	return nfds ? fds[rnd((unsigned)nfds)] : -1;
}

/* Mostly an epoll fd, when there is one. */
static int pick_epoll(void)
{
	int n = 0, ep[NFD];
	for (int i = 0; i < nfds; i++)
		if (isep[i])
			ep[n++] = fds[i];
	return n && rnd(4) ? ep[rnd((unsigned)n)] : pick();
}

static int is_epoll(int fd)
{
	for (int i = 0; i < nfds; i++)
		if (fds[i] == fd)
			return isep[i];
	return 0;
}

static void keep(int fd, int ep)
{
	if (verbose)
		printf("keep %d%s\n", fd, ep ? " epoll" : "");
	if (fd >= 0 && nfds < NFD) {
		isep[nfds] = ep;
		fds[nfds++] = fd;
	} else if (fd >= 0) {
		close(fd);
	}
}

static void forget(int fd)
{
	for (int i = 0; i < nfds; i++) {
		if (fds[i] == fd) {
			--nfds;
			fds[i] = fds[nfds], isep[i] = isep[nfds];
			i--;
		}
	}
}

static const unsigned bits[] = { EPOLLIN, EPOLLOUT, EPOLLET, EPOLLONESHOT, EPOLLRDHUP, EPOLLPRI };

static void step(int s)
{
	unsigned op = rnd(14);
	struct epoll_event ev = { 0 }, out[4];
	uint64_t v = 1 + rnd(3);
	static char big[256];
	int fd = pick(), r;
	switch (op) {
	case 0:
		keep((int)res(epoll_create1(0)), 1);
		mix(s, "create", nfds);
		break;
	case 1:
		keep((int)res(eventfd(rnd(2), EFD_NONBLOCK | (rnd(2) ? EFD_SEMAPHORE : 0))), 0);
		mix(s, "eventfd", nfds);
		break;
	case 2: {
		int p[2];
		if (pipe2(p, O_NONBLOCK) == 0) {
			keep(p[0], 0);
			keep(p[1], 0);
		}
		mix(s, "pipe", nfds);
		if (verbose)
			printf("%d pipe %d %d\n", s, p[0], p[1]);
		break;
	}
	case 3: case 4: case 5:
		for (unsigned i = 0; i < 6; i++)
			if (rnd(3) == 0)
				ev.events |= bits[i];
		ev.data.u64 = rnd(1000);
		fd = pick_epoll();
		{
			int tfd = pick(), cop = 1 + (int)rnd(3);
			if (verbose)
				printf("%d ctl %d op %d fd %d events %#x data %llu\n", s, fd, cop, tfd, ev.events,
				       (unsigned long long)ev.data.u64);
			mix(s, "ctl", res(epoll_ctl(fd, cop, tfd, &ev)));
		}
		break;
	case 6:
		if (verbose)
			printf("%d write fd %d\n", s, fd);
		mix(s, "write", res(write(fd, &v, rnd(4) ? 8 : 1)));
		break;
	case 7:
		if (verbose)
			printf("%d read fd %d\n", s, fd);
		mix(s, "read", res(read(fd, big, rnd(2) ? 8 : sizeof(big))));
		break;
	case 8:
		if (verbose)
			printf("%d close-or-dup fd %d\n", s, fd);
		if (rnd(3) == 0) {
			forget(fd);
			mix(s, "close", res(close(fd)));
		} else {
			int ep = is_epoll(fd);
			r = (int)res(dup(fd));
			keep(r, ep);
			mix(s, "dup", r);
		}
		break;
	case 12:
		keep((int)res(signalfd(-1, &sigs, SFD_NONBLOCK)), 0);
		mix(s, "signalfd", nfds);
		break;
	case 13:
		mix(s, "kill", res(kill(getpid(), rnd(2) ? SIGUSR1 : SIGUSR2)));
		break;
	default:
		fd = pick_epoll();
		if (verbose)
			printf("%d wait fd %d\n", s, fd);
		r = (int)res(epoll_wait(fd, out, 1 + (int)rnd(4), 0));
		mix(s, "wait", r);
		for (int i = 0; i < r; i++) {
			mix(s, "ev", out[i].events);
			mix(s, "data", (long)out[i].data.u64);
		}
		if (op == 11) {
			struct pollfd pf = { .fd = fd, .events = POLLIN | POLLOUT };
			mix(s, "poll", res(poll(&pf, 1, 0)));
			mix(s, "revents", pf.revents);
		}
	}
}

/* One walk from seed: its own descriptors, closed at the end. */
static void walk(uint64_t seed)
{
	rng = seed;
	hash = 1469598103934665603ull;
	printf("seed %llx\n", (unsigned long long)seed);
	for (int s = 1; s <= STEPS; s++) {
		step(s);
		if (s % 250 == 0)
			printf("step %d: %016llx\n", s, (unsigned long long)hash);
	}
	while (nfds)
		close(fds[--nfds]);
	struct timespec zero = { 0, 0 };
	while (sigtimedwait(&sigs, NULL, &zero) > 0)
		;
}

int main(void)
{
	verbose = getenv("EV_RANDOM_VERBOSE") != NULL;
	signal(SIGPIPE, SIG_IGN);
	sigemptyset(&sigs);
	sigaddset(&sigs, SIGUSR1);
	sigaddset(&sigs, SIGUSR2);
	sigprocmask(SIG_BLOCK, &sigs, NULL);
	walk(0x9e3779b97f4a7c15ull);
	walk(0x2545f4914f6cdd1dull);
	walk(0xd1b54a32d192ed03ull);
	walk(0x8cb92ba72f3d8dd7ull);
	return 0;
}
