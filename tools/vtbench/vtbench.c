// SPDX-License-Identifier: GPL-2.0
/*
 * vtbench: what virtual time costs.
 *
 *  - clock read cost of clock_gettime(CLOCK_MONOTONIC),
 *    clock_gettime(CLOCK_REALTIME_COARSE), gettimeofday() and time(),
 *    through the C library (the vDSO) and through the system call, for a
 *    process outside any group, for a member of a virtual-time group, and
 *    for a process in a time namespace (the vDSO's other out-of-line path,
 *    where the kernel has them);
 *  - freeze latency, from the write to cgroup.freeze until cgroup.events
 *    reports "frozen 1", for 1, 16, 256 and 1000 tasks, beside a
 *    userspace SIGSTOP + waitpid() loop over the same tasks;
 *  - wake-up error, how late a 20 ms nanosleep() ends on the sleeper's
 *    own clock, outside any group, for a member at tdf 2000 and for one
 *    frozen in the middle of its sleeps.
 *
 * Its arguments choose the parts: "reads", "freezes" and "wakeups", any
 * of them, in any order; without arguments, all three.
 *
 * Prints "BENCH <name> <value> <unit>" lines. On a kernel without the
 * vclock controller, the member figures are left out. Every measurement
 * uses a fresh group; a failed step ends the program with its name.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/timerfd.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define CG	"/sys/fs/cgroup"
#define WAIT_NS	60000000000.0	/* longest wait for "frozen N": a failure */

static void die(const char *what)
{
	fprintf(stderr, "vtbench: %s: %s\n", what, strerror(errno));
	exit(1);
}

static void fail(const char *what)
{
	fprintf(stderr, "vtbench: %s\n", what);
	exit(1);
}

static int write_str(const char *path, const char *val)
{
	int fd = open(path, O_WRONLY);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = write(fd, val, strlen(val));
	close(fd);
	return n < 0 ? -1 : 0;
}

/* write_str(), or exit with the name of what failed */
static void must_write(const char *path, const char *val)
{
	char what[512];

	if (write_str(path, val)) {
		snprintf(what, sizeof(what), "writing '%s' to %s", val, path);
		die(what);
	}
}

/* A fresh group for one measurement: NAME under the root. */
static void group_create(const char *dir)
{
	if (mkdir(dir, 0755))
		die(dir);
}

static void group_remove(const char *dir)
{
	if (rmdir(dir))
		die(dir);
}

static void group_join(const char *dir, pid_t pid)
{
	char path[512], val[32];

	snprintf(path, sizeof(path), "%s/cgroup.procs", dir);
	snprintf(val, sizeof(val), "%d", pid);
	must_write(path, val);
}

static void group_write(const char *dir, const char *file, const char *val)
{
	char path[512];

	snprintf(path, sizeof(path), "%s/%s", dir, file);
	must_write(path, val);
}

static int group_open(const char *dir, const char *file)
{
	char path[512];
	int fd;

	snprintf(path, sizeof(path), "%s/%s", dir, file);
	fd = open(path, O_RDONLY);
	if (fd < 0)
		die(path);
	return fd;
}

static int has_vclock(void)
{
	char buf[1024] = "";
	int fd = open(CG "/cgroup.controllers", O_RDONLY);

	if (fd < 0)
		return 0;
	if (read(fd, buf, sizeof(buf) - 1) < 0)
		buf[0] = '\0';
	close(fd);
	return strstr(buf, "vclock") != NULL;
}

static cpu_set_t all_cpus;	/* the affinity vtbench started with */

/* Pin the calling thread to one CPU, so that reads are not migrated. */
static void pin_to_cpu(int cpu)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	if (sched_setaffinity(0, sizeof(set), &set))
		die("sched_setaffinity");
}

/* Undo pin_to_cpu(). */
static void unpin(void)
{
	if (sched_setaffinity(0, sizeof(all_cpus), &all_cpus))
		die("sched_setaffinity");
}

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

/* The clock reads measured */
enum { R_MONO, R_COARSE, R_GTOD, R_TIME, R_NR };
static const char * const r_names[R_NR] = {
	"clock_gettime-MONOTONIC", "clock_gettime-REALTIME_COARSE",
	"gettimeofday", "time",
};

static void read_once(int r, int use_syscall)
{
	struct timespec ts;
	struct timeval tv;

	switch (r) {
	case R_MONO:
		if (use_syscall)
			syscall(SYS_clock_gettime, CLOCK_MONOTONIC, &ts);
		else
			clock_gettime(CLOCK_MONOTONIC, &ts);
		break;
	case R_COARSE:
		if (use_syscall)
			syscall(SYS_clock_gettime, CLOCK_REALTIME_COARSE, &ts);
		else
			clock_gettime(CLOCK_REALTIME_COARSE, &ts);
		break;
	case R_GTOD:
		if (use_syscall)
			syscall(SYS_gettimeofday, &tv, NULL);
		else
			gettimeofday(&tv, NULL);
		break;
	case R_TIME:
#ifdef SYS_time
		if (use_syscall)
			syscall(SYS_time, NULL);
		else
			time(NULL);
#else
		/* No time() system call here: the C library's fallback */
		if (use_syscall)
			syscall(SYS_clock_gettime, CLOCK_REALTIME_COARSE, &ts);
		else
			time(NULL);
#endif
		break;
	}
}

/*
 * The CPU time of the calling thread. A member's CLOCK_MONOTONIC is its
 * group's: at tdf 3000 it would show a third of the real cost. CPU-time
 * clocks are never virtual.
 */
static double thread_cpu_ns(void)
{
	struct timespec ts;

	if (clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts))
		die("clock_gettime(CLOCK_THREAD_CPUTIME_ID)");
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

/*
 * ns per read @r, through the C library (the vDSO) or the syscall, in CPU
 * time: the reader is pinned and alone on its CPU, so that is its run time.
 */
static double read_cost(int r, int use_syscall)
{
	int i, n = use_syscall ? 20000 : 200000;
	double t0, t1;

	t0 = thread_cpu_ns();
	for (i = 0; i < n; i++)
		read_once(r, use_syscall);
	t1 = thread_cpu_ns();
	return (t1 - t0) / n;
}

static void print_costs(const char *who, double res[R_NR][2])
{
	int r;

	for (r = 0; r < R_NR; r++) {
		printf("BENCH %s-vdso-%s %.0f ns\n", r_names[r], who, res[r][0]);
		printf("BENCH %s-syscall-%s %.0f ns\n", r_names[r], who, res[r][1]);
	}
	fflush(stdout);
}

static void read_costs(double res[R_NR][2])
{
	int r;

	for (r = 0; r < R_NR; r++) {
		res[r][0] = read_cost(r, 0);
		res[r][1] = read_cost(r, 1);
	}
}

/*
 * Wait until cgroup.events says "frozen <state>". poll(POLLPRI) wakes on
 * a change of the file, but the kernel sends at most one notification
 * per 10 ms and delays the rest: so wait 1 ms at most between re-reads,
 * which leaves the CPU to the tasks being frozen. A wait past WAIT_NS is
 * a failure.
 */
static void wait_frozen(int fd, int state)
{
	struct pollfd pfd = { .fd = fd, .events = POLLPRI };
	char buf[256], want[16];
	double t0 = now_ns();

	snprintf(want, sizeof(want), "frozen %d", state);
	for (;;) {
		ssize_t n = pread(fd, buf, sizeof(buf) - 1, 0);

		if (n < 0)
			die("reading cgroup.events");
		buf[n] = '\0';
		if (strstr(buf, want))
			return;
		if (now_ns() - t0 > WAIT_NS) {
			fprintf(stderr, "vtbench: no '%s' in cgroup.events after %.0f s\n",
				want, WAIT_NS / 1e9);
			exit(1);
		}
		if (poll(&pfd, 1, 1) < 0)
			die("poll");
	}
}

#define ROUNDS	3

/* A child that measures the reads (on CPU 0) whenever it is told to. */
struct reader {
	pid_t pid;
	int go, done;
};

/*
 * With @timens, the reader runs in a new time namespace: a child of the
 * first child, which waits for it. Returns false if there are no time
 * namespaces.
 */
static bool reader_start(struct reader *rd, bool timens)
{
	int go[2], done[2];
	double res[R_NR][2];
	char c;

	if (timens && access("/proc/self/ns/time", F_OK))
		return false;
	if (pipe(go) || pipe(done))
		die("pipe");
	rd->pid = fork();
	if (rd->pid < 0)
		die("fork");
	if (!rd->pid) {
		close(go[1]);
		close(done[0]);
		if (timens) {
			int status;
			pid_t pid;

			if (unshare(CLONE_NEWTIME))
				die("unshare(CLONE_NEWTIME)");
			pid = fork();
			if (pid < 0)
				die("fork");
			if (pid) {
				close(go[0]);
				close(done[1]);
				if (waitpid(pid, &status, 0) != pid ||
				    !WIFEXITED(status))
					_exit(1);
				_exit(WEXITSTATUS(status));
			}
		}
		pin_to_cpu(0);
		while (read(go[0], &c, 1) == 1) {
			read_costs(res);
			if (write(done[1], res, sizeof(res)) != sizeof(res))
				_exit(1);
		}
		_exit(0);
	}
	close(go[0]);
	close(done[1]);
	rd->go = go[1];
	rd->done = done[0];
	return true;
}

static void reader_measure(struct reader *rd, double res[R_NR][2])
{
	if (write(rd->go, "g", 1) != 1)
		die("pipe");
	if (read(rd->done, res, sizeof(double) * R_NR * 2) !=
	    sizeof(double) * R_NR * 2)
		fail("the reader did not report its figures");
}

static void reader_stop(struct reader *rd)
{
	int status;

	close(rd->go);
	close(rd->done);
	if (waitpid(rd->pid, &status, 0) != rd->pid || !WIFEXITED(status) ||
	    WEXITSTATUS(status))
		fail("the reader failed");
}

static void keep_best(double best[R_NR][2], double cur[R_NR][2], int first)
{
	int r, s;

	for (r = 0; r < R_NR; r++)
		for (s = 0; s < 2; s++)
			if (first || cur[r][s] < best[r][s])
				best[r][s] = cur[r][s];
}

/*
 * One process measures the reads outside virtual time (@res), then, with
 * the vclock controller, as a member (@member), ROUNDS times; the best of
 * each figure counts. Each round moves it to a fresh cgroup, which asks
 * for virtual time (at a tdf whose rate is not a power of two) once the
 * reads outside it are measured, and is frozen once, so that its clock
 * lags. Only the process's clocks differ between the two figures.
 *
 * A second process, in a time namespace, measures the reads in each round
 * too (@timens), where the kernel has time namespaces; returns whether it
 * does.
 */
static bool best_read_costs(double res[R_NR][2], double member[R_NR][2],
			    double timens[R_NR][2])
{
	char dir[64], prev[64] = "";
	double cur[R_NR][2];
	struct reader rd, tr;
	int round, fd;
	bool tn;

	reader_start(&rd, false);
	tn = reader_start(&tr, true);
	for (round = 0; round < ROUNDS; round++) {
		if (tn) {
			reader_measure(&tr, cur);
			keep_best(timens, cur, !round);
		}
		snprintf(dir, sizeof(dir), CG "/vtbench-reads-%d", round);
		group_create(dir);
		/* From a lagging group to one on real time: allowed */
		group_join(dir, rd.pid);
		if (prev[0])
			group_remove(prev);
		snprintf(prev, sizeof(prev), "%s", dir);
		usleep(100000);
		reader_measure(&rd, cur);
		keep_best(res, cur, !round);
		if (!has_vclock())
			continue;

		group_write(dir, "vclock.tdf", "3000");
		fd = group_open(dir, "cgroup.events");
		group_write(dir, "cgroup.freeze", "1");
		wait_frozen(fd, 1);
		usleep(50000);
		group_write(dir, "cgroup.freeze", "0");
		wait_frozen(fd, 0);
		close(fd);
		usleep(100000);
		reader_measure(&rd, cur);
		keep_best(member, cur, !round);
	}
	/* Out of the last group, so that it can go */
	group_join(CG, rd.pid);
	group_remove(prev);
	/* First: it holds the other reader's pipes too */
	if (tn)
		reader_stop(&tr);
	reader_stop(&rd);
	return tn;
}

static pid_t spawn_sleeper(void)
{
	pid_t pid = fork();

	if (pid < 0)
		die("fork");
	if (!pid) {
		for (;;)
			pause();
	}
	return pid;
}

/* Freeze (1) or thaw (0) the group: the time until cgroup.events says so. */
static double freeze_wait(int fd, const char *freeze, int state)
{
	double t0 = now_ns();

	must_write(freeze, state ? "1" : "0");
	wait_frozen(fd, state);
	return now_ns() - t0;
}

/*
 * One measurement of each method over NTASKS sleepers, each in a fresh
 * group: the time from the write of 1 to cgroup.freeze until
 * cgroup.events reports "frozen 1", for the group's first freeze and for
 * its second (a virtual-time group's first freeze also sets up its
 * clock), and the time a SIGSTOP + waitpid() loop takes to stop the same
 * tasks. Returns the three in cg[0], cg[1] and *stop (ns).
 */
static void freeze_once(int ntasks, int run, double cg[2], double *stop)
{
	pid_t *pids = calloc(ntasks, sizeof(*pids));
	char dir[128], path[192];
	double t0;
	int i, fd;

	if (!pids)
		die("calloc");
	snprintf(dir, sizeof(dir), CG "/vtbench-freeze-%d-%d", ntasks, run);
	group_create(dir);
	for (i = 0; i < ntasks; i++) {
		pids[i] = spawn_sleeper();
		group_join(dir, pids[i]);
	}
	snprintf(path, sizeof(path), "%s/cgroup.events", dir);
	fd = open(path, O_RDONLY);
	if (fd < 0)
		die(path);
	snprintf(path, sizeof(path), "%s/cgroup.freeze", dir);
	usleep(100000);		/* let every sleeper reach pause() */

	for (i = 0; i < 2; i++) {
		cg[i] = freeze_wait(fd, path, 1);
		freeze_wait(fd, path, 0);
	}
	close(fd);

	t0 = now_ns();
	for (i = 0; i < ntasks; i++)
		if (kill(pids[i], SIGSTOP))
			die("SIGSTOP");
	for (i = 0; i < ntasks; i++)
		if (waitpid(pids[i], NULL, WUNTRACED) != pids[i])
			die("waitpid(WUNTRACED)");
	*stop = now_ns() - t0;

	for (i = 0; i < ntasks; i++)
		kill(pids[i], SIGKILL);
	for (i = 0; i < ntasks; i++)
		if (waitpid(pids[i], NULL, 0) != pids[i])
			die("waitpid");
	free(pids);
	group_remove(dir);
}

static void freeze_latency(int ntasks, int runs)
{
	double cg[2] = { 0, 0 }, stop = 0, c[2], s;
	char name[64];
	int r;

	for (r = 0; r < runs; r++) {
		freeze_once(ntasks, r, c, &s);
		cg[0] += c[0];
		cg[1] += c[1];
		stop += s;
	}
	snprintf(name, sizeof(name), "freeze-%d-tasks-cgroup.freeze", ntasks);
	printf("BENCH %s %.1f us\n", name, cg[0] / runs / 1e3);
	snprintf(name, sizeof(name), "freeze-%d-tasks-cgroup.freeze-2nd", ntasks);
	printf("BENCH %s %.1f us\n", name, cg[1] / runs / 1e3);
	snprintf(name, sizeof(name), "freeze-%d-tasks-SIGSTOP-loop", ntasks);
	printf("BENCH %s %.1f us\n", name, stop / runs / 1e3);
	fflush(stdout);
}

/*
 * Wake-up error: how late a nanosleep() of WAKE_SLEEP_MS ends, or a
 * timerfd that expires after WAKE_SLEEP_MS is read, measured on the
 * sleeper's own CLOCK_MONOTONIC, as the median of WAKE_RUNS sleeps:
 * outside any group, in a virtual-time group at tdf 2000, and in one that
 * is frozen for WAKE_FREEZE_MS in the middle of every sleep. A member's
 * sleep lasts so much of its own time: its error is what the timers add,
 * as for a process outside.
 */
#define WAKE_RUNS	15
#define WAKE_SLEEP_MS	20
#define WAKE_FREEZE_MS	20

enum { WAKE_NONMEMBER, WAKE_TDF2000, WAKE_FREEZE, WAKE_NR };
static const char * const wake_names[WAKE_NR] = {
	"nonmember", "member-tdf2000", "member-across-freeze",
};

/*
 * The sleeper: one sleep per byte read, 's' a nanosleep(), 't' a timerfd,
 * its error written back.
 */
static void sleeper_main(int req, int resp)
{
	struct itimerspec its = { .it_value = { 0, WAKE_SLEEP_MS * 1000000L } };
	int fd = timerfd_create(CLOCK_MONOTONIC, 0);
	unsigned long long ticks;
	double t0, err;
	char c;

	if (fd < 0)
		die("timerfd_create");
	while (read(req, &c, 1) == 1) {
		t0 = now_ns();
		if (c == 't') {
			if (timerfd_settime(fd, 0, &its, NULL) ||
			    read(fd, &ticks, sizeof(ticks)) != sizeof(ticks))
				die("timerfd");
		} else {
			nanosleep(&its.it_value, NULL);
		}
		err = now_ns() - t0 - WAKE_SLEEP_MS * 1e6;
		if (write(resp, &err, sizeof(err)) != sizeof(err))
			break;
	}
	_exit(0);
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double wake_error(int kind, bool timer)
{
	const char *dir = CG "/vtbench-wake";
	int req[2], resp[2], i;
	double err[WAKE_RUNS];
	char c = timer ? 't' : 's';
	pid_t pid;

	if (pipe(req) || pipe(resp))
		die("pipe");
	pid = fork();
	if (pid < 0)
		die("fork");
	if (!pid) {
		close(req[1]);
		close(resp[0]);
		sleeper_main(req[0], resp[1]);
	}
	close(req[0]);
	close(resp[1]);
	if (kind != WAKE_NONMEMBER) {
		/* In first: a group whose clock lags cannot be joined */
		group_create(dir);
		group_join(dir, pid);
		group_write(dir, "vclock.tdf", kind == WAKE_TDF2000 ? "2000" : "1000");
	}
	for (i = 0; i < WAKE_RUNS; i++) {
		if (write(req[1], &c, 1) != 1)
			die("write");
		if (kind == WAKE_FREEZE) {
			usleep(WAKE_SLEEP_MS * 1000 / 4);
			group_write(dir, "cgroup.freeze", "1");
			usleep(WAKE_FREEZE_MS * 1000);
			group_write(dir, "cgroup.freeze", "0");
		}
		if (read(resp[0], &err[i], sizeof(err[i])) != sizeof(err[i]))
			fail("the sleeper died");
	}
	close(req[1]);
	close(resp[0]);
	if (waitpid(pid, NULL, 0) != pid)
		die("waitpid");
	if (kind != WAKE_NONMEMBER)
		group_remove(dir);
	qsort(err, WAKE_RUNS, sizeof(err[0]), cmp_double);
	return err[WAKE_RUNS / 2];
}

static void wake_errors(void)
{
	int k, t;

	for (t = 0; t < 2; t++) {
		for (k = 0; k < WAKE_NR; k++) {
			if (k != WAKE_NONMEMBER && !has_vclock())
				break;
			printf("BENCH wakeup-error-%dms-%s%s %.1f us\n",
			       WAKE_SLEEP_MS, t ? "timerfd-" : "",
			       wake_names[k], wake_error(k, t) / 1e3);
			fflush(stdout);
		}
	}
}

/* The parts of the benchmark its arguments choose (all without any) */
enum { PART_READS = 1, PART_FREEZES = 2, PART_WAKEUPS = 4 };

static unsigned int parse_parts(int argc, char **argv)
{
	unsigned int parts = 0;
	int i;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "reads"))
			parts |= PART_READS;
		else if (!strcmp(argv[i], "freezes"))
			parts |= PART_FREEZES;
		else if (!strcmp(argv[i], "wakeups"))
			parts |= PART_WAKEUPS;
		else {
			fprintf(stderr, "vtbench: unknown part '%s' (reads, freezes, wakeups)\n",
				argv[i]);
			exit(2);
		}
	}
	return parts ? parts : PART_READS | PART_FREEZES | PART_WAKEUPS;
}

int main(int argc, char **argv)
{
	static const int sizes[] = { 1, 16, 256, 1000 };
	unsigned int parts = parse_parts(argc, argv);
	double res[R_NR][2], member[R_NR][2], timens[R_NR][2];
	unsigned int i;

	if (sched_getaffinity(0, sizeof(all_cpus), &all_cpus))
		die("sched_getaffinity");
	/*
	 * With the vclock controller, the groups below are virtual-time
	 * groups: a freeze stops their clocks too.
	 */
	if (has_vclock())
		must_write(CG "/cgroup.subtree_control", "+vclock");
	if (parts & PART_READS) {
		/* Clock reads on one CPU; the freezes use all. */
		pin_to_cpu(0);
		/* Outside virtual time and in it in turns: the best of each */
		bool tn = best_read_costs(res, member, timens);

		print_costs("nonmember", res);
		if (has_vclock())
			print_costs("member", member);
		if (tn)
			print_costs("timens", timens);
		unpin();
	}
	if (parts & PART_FREEZES)
		for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++)
			freeze_latency(sizes[i], sizes[i] >= 256 ? 3 : 10);
	if (parts & PART_WAKEUPS)
		wake_errors();
	return 0;
}
