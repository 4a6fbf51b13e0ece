// SPDX-License-Identifier: GPL-2.0
/*
 * ums_bench: user-mode scheduling latencies beside a futex wake+wait
 * handoff between two threads, measured in the same run. Prints lines
 * "BENCH <name> <value> <unit>".
 *
 *  - futex-handoff-wake-to-run: a thread wakes another through a futex;
 *    time until the other one runs. futex-handoff-back: the same, back.
 *  - ums-execute-to-run: UMS_IOC_EXECUTE until the worker runs user code.
 *  - ums-yield-to-scheduler: UMS_IOC_YIELD until the scheduler runs again.
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

static long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static int cmp_ll(const void *a, const void *b)
{
	long long x = *(const long long *)a, y = *(const long long *)b;

	return x < y ? -1 : x > y;
}

static void report(const char *name, long long *v, int n)
{
	qsort(v, n, sizeof(*v), cmp_ll);
	printf("BENCH %s-median %.1f us\n", name, v[n / 2] / 1e3);
	printf("BENCH %s-p99 %.1f us\n", name, v[n * 99 / 100] / 1e3);
	printf("BENCH %s-max %.1f us\n", name, v[n - 1] / 1e3);
}

/* --- futex handoff --- */

static _Atomic int ftx;
static _Atomic long long f_t0, f_t2;
static long long f_fwd[ITERS], f_back[ITERS];

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

	for (i = 0; i < ITERS + WARMUP; i++) {
		while (atomic_load(&ftx) != 1)
			futex_wait(&ftx, 0);
		if (i >= WARMUP)
			f_fwd[i - WARMUP] = now_ns() - atomic_load(&f_t0);
		atomic_store(&f_t2, now_ns());
		atomic_store(&ftx, 0);
		futex_wake(&ftx);
	}
	return NULL;
}

static void bench_futex(void)
{
	pthread_t t;
	int i;

	pthread_create(&t, NULL, futex_peer, NULL);
	for (i = 0; i < ITERS + WARMUP; i++) {
		atomic_store(&f_t0, now_ns());
		atomic_store(&ftx, 1);
		futex_wake(&ftx);
		while (atomic_load(&ftx) != 0)
			futex_wait(&ftx, 1);
		if (i >= WARMUP)
			f_back[i - WARMUP] = now_ns() - atomic_load(&f_t2);
	}
	pthread_join(t, NULL);
	report("futex-handoff-wake-to-run", f_fwd, ITERS);
	report("futex-handoff-back", f_back, ITERS);
}

/* --- UMS execute/yield --- */

static int fd, list;
static _Atomic int stop, registered;
static _Atomic long long w_run, w_yield;
static long long u_exec[ITERS], u_yield[ITERS];

static void *ums_peer(void *arg)
{
	struct ums_worker_attr attr = { .list_id = list };

	if (ioctl(fd, UMS_IOC_REGISTER_WORKER, &attr) < 0) {
		perror("UMS_IOC_REGISTER_WORKER");
		exit(1);
	}
	atomic_store(&registered, 1);
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

/* Dequeue the worker and execute it; *t0 is when the execute started. */
static int ums_run_once(long long *t0)
{
	unsigned int id;
	struct ums_dequeue dq = {
		.workers = (uintptr_t)&id, .max = 1, .timeout_ns = 5000000000LL,
	};
	struct ums_execute ex = { 0 };

	if (ioctl(fd, UMS_IOC_DEQUEUE, &dq) != 1)
		return -1;
	ex.worker_id = id;
	*t0 = now_ns();
	return ioctl(fd, UMS_IOC_EXECUTE, &ex) ? -1 : (int)ex.reason;
}

static int bench_ums(void)
{
	struct ums_sched_attr sattr = { 0 };
	long long t0;
	pthread_t t;
	int i;

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
	pthread_create(&t, NULL, ums_peer, NULL);
	/* A list without workers has nothing to wait for (ECHILD). */
	while (!atomic_load(&registered))
		usleep(1000);
	for (i = 0; i < ITERS + WARMUP; i++) {
		long long t3;

		if (ums_run_once(&t0) != UMS_REASON_YIELD) {
			fprintf(stderr, "ums_bench: execute failed at %d\n", i);
			return -1;
		}
		t3 = now_ns();
		if (i >= WARMUP) {
			u_exec[i - WARMUP] = atomic_load(&w_run) - t0;
			u_yield[i - WARMUP] = t3 - atomic_load(&w_yield);
		}
	}
	atomic_store(&stop, 1);
	if (ums_run_once(&t0) != UMS_REASON_ENDED)
		fprintf(stderr, "ums_bench: worker did not end\n");
	pthread_join(t, NULL);
	report("ums-execute-to-run", u_exec, ITERS);
	report("ums-yield-to-scheduler", u_yield, ITERS);
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

static int do_futex(int unused)
{
	bench_futex();
	return 0;
}

static int do_ums(int unused)
{
	return bench_ums();
}

int main(void)
{
	int ret = 0;

	setvbuf(stdout, NULL, _IOLBF, 0);
	ret |= run(do_futex, 0);
	if (access("/dev/ums", F_OK)) {
		printf("# /dev/ums missing: kernel without CONFIG_UMS\n");
		return ret ? 1 : 0;
	}
	ret |= run(do_ums, 0);
	ret |= run(bench_orig, 6);
	ret |= run(bench_orig, 32);
	return ret ? 1 : 0;
}
