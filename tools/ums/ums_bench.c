// SPDX-License-Identifier: GPL-2.0
/*
 * ums_bench: user-mode scheduling latencies beside a futex wake+wait
 * handoff between two threads, measured in the same run, with the two
 * threads pinned to the same CPU ("same-cpu"), to two CPUs ("other-cpu"),
 * or the first one pinned and the other free ("any-cpu"). Prints lines
 * "BENCH <name> <value> <unit>": the median, the 90th percentile and the
 * maximum of ITERS rounds each.
 *
 *  - futex-handoff-<place>: a thread wakes another through a futex and
 *    waits; time until the other one runs (both directions pooled).
 *    -woken-first: the share of rounds in which the woken thread ran
 *    before its waker was back from FUTEX_WAKE (on one CPU: preempted it).
 *  - sched-yield-switch-same-cpu: two threads that stay runnable on one CPU
 *    and sched_yield() to each other; time until the other one runs. A
 *    system call and a context switch, without a wake-up or a sleep: the
 *    floor under any switch that goes through the kernel's scheduler.
 *  - ums-execute-to-run-<place>: UMS_IOC_EXECUTE until the worker runs
 *    user code.
 *  - ums-yield-to-scheduler-<place>: UMS_IOC_YIELD until the scheduler
 *    runs again.
 *  - ums-cycle-<place>: one whole round of the scheduler, UMS_IOC_DEQUEUE,
 *    UMS_IOC_EXECUTE, the worker's yield, back to the scheduler.
 *  - ums-cycle-next-<place>: the same round when UMS_IOC_EXECUTE returns
 *    the next ready worker, without UMS_IOC_DEQUEUE.
 *  - ums-block-to-next-same-cpu: a worker blocks (a short nanosleep);
 *    time until its scheduler has the next worker running.
 *  - ums-orig-N-*: the original experiment through libums, N workers that
 *    do nothing, half of which yield once, one scheduler per CPU: the
 *    average and worst switch, and the time until every worker ended.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/futex.h>
#include <linux/ums.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "libums.h"

#define ITERS	2000
#define WARMUP	50

enum { SAME_CPU, OTHER_CPU, ANY_CPU, NR_PLACES };
static const char *const place_names[NR_PLACES] = {
	"same-cpu", "other-cpu", "any-cpu",
};
static int place;

static long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/*
 * The first thread of a pair runs on CPU 0, the second on CPU 0, on CPU 1,
 * or on any CPU, where the kernel places it.
 */
static void pin(int second)
{
	cpu_set_t set;
	int cpu;

	CPU_ZERO(&set);
	if (second && place == ANY_CPU) {
		for (cpu = 0; cpu < CPU_SETSIZE; cpu++)
			CPU_SET(cpu, &set);
	} else {
		CPU_SET(second && place == OTHER_CPU ? 1 : 0, &set);
	}
	if (sched_setaffinity(0, sizeof(set), &set)) {
		perror("sched_setaffinity");
		exit(1);
	}
}

static int cmp_ll(const void *a, const void *b)
{
	long long x = *(const long long *)a, y = *(const long long *)b;

	return x < y ? -1 : x > y;
}

static void report(const char *name, long long *v, int n)
{
	const char *p = place_names[place];

	qsort(v, n, sizeof(*v), cmp_ll);
	printf("BENCH %s-%s-median %.1f us\n", name, p, v[n / 2] / 1e3);
	printf("BENCH %s-%s-p90 %.1f us\n", name, p, v[n * 9 / 10] / 1e3);
	printf("BENCH %s-%s-max %.1f us\n", name, p, v[n - 1] / 1e3);
}

/* --- futex handoff --- */

static _Atomic int ftx;
static _Atomic long long f_t0, f_t2;
static long long f_lat[2 * ITERS];
/*
 * The last round in which each side was back from its FUTEX_WAKE, and the
 * rounds in which the woken thread ran before that.
 */
static _Atomic int f_main_back, f_peer_back;
static _Atomic int f_early;

static void futex_wait(_Atomic int *addr, int val)
{
	syscall(SYS_futex, addr, FUTEX_WAIT_PRIVATE, val, NULL, NULL, 0);
}

static void futex_wake(_Atomic int *addr)
{
	syscall(SYS_futex, addr, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0);
}

static void *futex_peer(void *arg)
{
	int i;

	pin(1);
	for (i = 0; i < ITERS + WARMUP; i++) {
		while (atomic_load(&ftx) != 1)
			futex_wait(&ftx, 0);
		if (i >= WARMUP) {
			f_lat[i - WARMUP] = now_ns() - atomic_load(&f_t0);
			if (atomic_load(&f_main_back) != i + 1)
				atomic_fetch_add(&f_early, 1);
		}
		atomic_store(&f_t2, now_ns());
		atomic_store(&ftx, 0);
		futex_wake(&ftx);
		atomic_store(&f_peer_back, i + 1);
	}
	return NULL;
}

static int bench_futex(int where)
{
	pthread_t t;
	int i;

	place = where;
	pin(0);
	pthread_create(&t, NULL, futex_peer, NULL);
	for (i = 0; i < ITERS + WARMUP; i++) {
		atomic_store(&f_t0, now_ns());
		atomic_store(&ftx, 1);
		futex_wake(&ftx);
		atomic_store(&f_main_back, i + 1);
		while (atomic_load(&ftx) != 0)
			futex_wait(&ftx, 1);
		if (i >= WARMUP) {
			f_lat[ITERS + i - WARMUP] = now_ns() - atomic_load(&f_t2);
			if (atomic_load(&f_peer_back) != i + 1)
				atomic_fetch_add(&f_early, 1);
		}
	}
	pthread_join(t, NULL);
	report("futex-handoff", f_lat, 2 * ITERS);
	printf("BENCH futex-handoff-%s-woken-first %.1f %%\n",
	       place_names[place], 100.0 * atomic_load(&f_early) / (2 * ITERS));
	return 0;
}

/* --- the floor: sched_yield() between two runnable threads --- */

static _Atomic int y_turn;
static _Atomic long long y_t0;
static long long y_lat[2 * ITERS];

/*
 * Thread @me takes its turns until it has ITERS samples, and passes each
 * turn on before it yields. A yield that comes back to the same thread
 * (the other one was not picked) just yields again, and is counted in the
 * sample.
 */
static void yield_turns(int me, long long *lat)
{
	int i = 0;

	while (i < ITERS + WARMUP) {
		if (atomic_load(&y_turn) == me) {
			if (i >= WARMUP)
				lat[i - WARMUP] = now_ns() - atomic_load(&y_t0);
			i++;
			atomic_store(&y_t0, now_ns());
			atomic_store(&y_turn, !me);
		}
		sched_yield();
	}
}

static void *yield_peer(void *arg)
{
	pin(1);
	yield_turns(1, y_lat + ITERS);
	return NULL;
}

static int bench_yield(int where)
{
	pthread_t t;

	place = where;
	pin(0);
	atomic_store(&y_t0, now_ns());
	pthread_create(&t, NULL, yield_peer, NULL);
	yield_turns(0, y_lat);
	pthread_join(t, NULL);
	report("sched-yield-switch", y_lat, 2 * ITERS);
	return 0;
}

/* --- UMS execute/yield --- */

static int fd, list;
static _Atomic int stop, registered;
static _Atomic long long w_run, w_yield;
static long long u_exec[ITERS], u_yield[ITERS], u_cycle[ITERS];
static long long u_next[ITERS];

static void ums_register_or_die(void)
{
	struct ums_worker_attr attr = { .list_id = list };

	if (ioctl(fd, UMS_IOC_REGISTER_WORKER, &attr) < 0) {
		perror("UMS_IOC_REGISTER_WORKER");
		exit(1);
	}
	atomic_fetch_add(&registered, 1);
}

static void *ums_peer(void *arg)
{
	pin(1);
	ums_register_or_die();
	/* Park until executed. */
	ioctl(fd, UMS_IOC_YIELD);
	for (;;) {
		atomic_store(&w_run, now_ns());
		if (atomic_load(&stop))
			break;
		atomic_store(&w_yield, now_ns());
		ioctl(fd, UMS_IOC_YIELD);
	}
	ioctl(fd, UMS_IOC_UNREGISTER);
	return NULL;
}

/* Dequeue a worker and execute it; *t0 is when the execute started. */
static int ums_run_once(long long *t0, unsigned int *id)
{
	struct ums_dequeue dq = {
		.workers = (uintptr_t)id, .max = 1, .timeout_ns = 5000000000LL,
	};
	struct ums_execute ex = { 0 };

	if (ioctl(fd, UMS_IOC_DEQUEUE, &dq) != 1)
		return -1;
	ex.worker_id = *id;
	*t0 = now_ns();
	return ioctl(fd, UMS_IOC_EXECUTE, &ex) ? -1 : (int)ex.reason;
}

static int ums_setup(int nworkers, void *(*fn)(void *), pthread_t *t)
{
	struct ums_sched_attr sattr = { 0 };
	int i;

	pin(0);
	fd = open("/dev/ums", O_RDWR | O_CLOEXEC);
	if (fd < 0) {
		printf("# /dev/ums: %s: no UMS benchmark\n", strerror(errno));
		return -1;
	}
	list = ioctl(fd, UMS_IOC_CREATE_LIST);
	sattr.list_id = list;
	if (list < 0 || ioctl(fd, UMS_IOC_REGISTER_SCHEDULER, &sattr)) {
		perror("ums setup");
		return -1;
	}
	for (i = 0; i < nworkers; i++)
		pthread_create(&t[i], NULL, fn, (void *)(long)i);
	/* A list without workers has nothing to wait for (ECHILD). */
	while (atomic_load(&registered) < nworkers)
		usleep(1000);
	return 0;
}

static int bench_ums(int where)
{
	struct ums_execute ex = { 0 };
	long long t0;
	unsigned int id;
	pthread_t t;
	int i;

	place = where;
	if (ums_setup(1, ums_peer, &t))
		return -1;
	for (i = 0; i < ITERS + WARMUP; i++) {
		long long t3, tc0 = now_ns();

		if (ums_run_once(&t0, &id) != UMS_REASON_YIELD) {
			fprintf(stderr, "ums_bench: execute failed at %d\n", i);
			return -1;
		}
		t3 = now_ns();
		if (i >= WARMUP) {
			u_exec[i - WARMUP] = atomic_load(&w_run) - t0;
			u_yield[i - WARMUP] = t3 - atomic_load(&w_yield);
			u_cycle[i - WARMUP] = t3 - tc0;
		}
	}
	/* Rounds without UMS_IOC_DEQUEUE: execute returns the next worker. */
	ex.next = (uintptr_t)&id;
	ex.next_max = 1;
	if (ums_run_once(&t0, &id) != UMS_REASON_YIELD)
		return -1;
	t0 = now_ns();
	for (i = 0; i < ITERS + WARMUP; i++) {
		long long t3;

		ex.worker_id = id;
		if (ioctl(fd, UMS_IOC_EXECUTE, &ex) ||
		    ex.reason != UMS_REASON_YIELD || ex.next_count != 1) {
			fprintf(stderr, "ums_bench: execute failed at %d\n", i);
			return -1;
		}
		t3 = now_ns();
		if (i >= WARMUP)
			u_next[i - WARMUP] = t3 - t0;
		t0 = t3;
	}
	/* The worker is reserved already: no dequeue. */
	atomic_store(&stop, 1);
	ex.worker_id = id;
	ex.next_max = 0;
	if (ioctl(fd, UMS_IOC_EXECUTE, &ex) || ex.reason != UMS_REASON_ENDED) {
		fprintf(stderr, "ums_bench: worker did not end\n");
		return -1;
	}
	pthread_join(t, NULL);
	report("ums-execute-to-run", u_exec, ITERS);
	report("ums-yield-to-scheduler", u_yield, ITERS);
	report("ums-cycle", u_cycle, ITERS);
	report("ums-cycle-next", u_next, ITERS);
	return 0;
}

/* --- a worker that blocks: time until the next worker runs --- */

static _Atomic long long b_block, b_next;

/* Worker 0 blocks in a short sleep each round, worker 1 just runs. */
static void *ums_blocker(void *arg)
{
	struct timespec ts = { .tv_nsec = 20000 };
	long index = (long)arg;

	pin(1);
	ums_register_or_die();
	ioctl(fd, UMS_IOC_YIELD);
	while (!atomic_load(&stop)) {
		if (index) {
			atomic_store(&b_next, now_ns());
			ioctl(fd, UMS_IOC_YIELD);
			continue;
		}
		atomic_store(&b_block, now_ns());
		nanosleep(&ts, NULL);
		ioctl(fd, UMS_IOC_YIELD);
	}
	ioctl(fd, UMS_IOC_UNREGISTER);
	return NULL;
}

static int bench_ums_block(int where)
{
	unsigned int ids[2];
	struct ums_dequeue dq = {
		.workers = (uintptr_t)ids, .timeout_ns = 5000000000LL,
	};
	struct ums_execute ex = { 0 };
	int i = 0, n, k, blocked = 0, ended = 0;
	long long lat[ITERS];
	pthread_t t[2];

	place = where;
	if (ums_setup(2, ums_blocker, t))
		return -1;
	while (ended < 2) {
		dq.max = 2;
		n = ioctl(fd, UMS_IOC_DEQUEUE, &dq);
		if (n < 0)
			return -1;
		for (k = 0; k < n; k++) {
			ex.worker_id = ids[k];
			if (ioctl(fd, UMS_IOC_EXECUTE, &ex))
				return -1;
			if (ex.reason == UMS_REASON_ENDED) {
				ended++;
				continue;
			}
			/* The first worker run after a block: how long it took */
			if (blocked && atomic_load(&b_next) > atomic_load(&b_block)) {
				if (i >= WARMUP && i < ITERS + WARMUP)
					lat[i - WARMUP] = atomic_load(&b_next) -
							  atomic_load(&b_block);
				if (++i == ITERS + WARMUP)
					atomic_store(&stop, 1);
				blocked = 0;
			}
			if (ex.reason == UMS_REASON_BLOCK)
				blocked = 1;
		}
	}
	pthread_join(t[0], NULL);
	pthread_join(t[1], NULL);
	report("ums-block-to-next", lat, ITERS);
	return 0;
}

/* --- the original experiment, through libums --- */

static _Atomic long long o_switches, o_total, o_max;

static void orig_worker(long index)
{
	if (index % 2)
		ums_thread_yield();
}

static void orig_scheduler(void)
{
	int w;

	if (enter_ums_scheduling_mode())
		return;
	while (dequeue_ums_completion_list_items() >= 0) {
		while ((w = get_next_ums_list_item()) >= 0) {
			long long t = now_ns(), m;

			execute_ums_thread(w);
			t = now_ns() - t;
			atomic_fetch_add(&o_switches, 1);
			atomic_fetch_add(&o_total, t);
			m = atomic_load(&o_max);
			while (t > m && !atomic_compare_exchange_weak(&o_max, &m, t))
				;
		}
	}
}

static int bench_orig(int nworkers)
{
	long long t = now_ns();

	if (UMSScheduler(nworkers, orig_scheduler, orig_worker)) {
		perror("UMSScheduler");
		return -1;
	}
	t = now_ns() - t;
	printf("BENCH ums-orig-%d-switch-avg %.1f us\n", nworkers,
	       o_total / 1e3 / (o_switches ? o_switches : 1));
	printf("BENCH ums-orig-%d-switch-max %.1f us\n", nworkers, o_max / 1e3);
	printf("BENCH ums-orig-%d-exit %.1f us\n", nworkers, t / 1e3);
	return 0;
}

/* Each part in its own process: /dev/ums state is per process. */
static int run(int (*fn)(int), int arg)
{
	int status;
	pid_t pid;

	fflush(stdout);
	pid = fork();
	if (pid < 0)
		return -1;
	if (!pid)
		_exit(fn(arg) ? 1 : 0);
	waitpid(pid, &status, 0);
	return WIFEXITED(status) && !WEXITSTATUS(status) ? 0 : -1;
}

int main(void)
{
	int ret = 0, where, places = NR_PLACES;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (sysconf(_SC_NPROCESSORS_ONLN) < 2)
		places = 1;	/* same-cpu only */
	for (where = 0; where < places; where++)
		ret |= run(bench_futex, where);
	ret |= run(bench_yield, SAME_CPU);
	if (access("/dev/ums", F_OK)) {
		printf("# /dev/ums missing: kernel without CONFIG_UMS\n");
		return ret ? 1 : 0;
	}
	for (where = 0; where < places; where++)
		ret |= run(bench_ums, where);
	ret |= run(bench_ums_block, SAME_CPU);
	ret |= run(bench_orig, 6);
	ret |= run(bench_orig, 32);
	return ret ? 1 : 0;
}
