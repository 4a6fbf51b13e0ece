// SPDX-License-Identifier: GPL-2.0
/*
 * vtbench: what virtual time costs.
 *
 *  - clock read cost (vDSO and syscall) for a process outside any group
 *    and for a member of a virtual-time group;
 *  - freeze latency, from the write to cgroup.freeze until cgroup.events
 *    reports "frozen 1", for 1, 16, 256 and 1000 tasks, beside a
 *    userspace SIGSTOP + waitpid() loop over the same tasks.
 *
 * Prints "BENCH <name> <value> <unit>" lines. On a kernel without the
 * vclock controller, the member figures are left out.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define CG	"/sys/fs/cgroup"
#define GROUP	CG "/vtbench"

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

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

/* ns per clock_gettime(CLOCK_MONOTONIC), through the vDSO or the syscall */
static double read_cost(int use_syscall)
{
	struct timespec ts;
	int i, n = use_syscall ? 20000 : 200000;
	double t0, t1;

	t0 = now_ns();
	for (i = 0; i < n; i++) {
		if (use_syscall)
			syscall(SYS_clock_gettime, CLOCK_MONOTONIC, &ts);
		else
			clock_gettime(CLOCK_MONOTONIC, &ts);
	}
	t1 = now_ns();
	return (t1 - t0) / n;
}

/* The same, measured by a process inside a virtual (once frozen) group. */
static void member_read_cost(double *vdso, double *sys)
{
	double res[2];
	int p[2];
	pid_t pid;
	char val[32];

	*vdso = *sys = -1;
	if (pipe(p))
		return;
	pid = fork();
	if (!pid) {
		snprintf(val, sizeof(val), "%d", getpid());
		if (write_str(GROUP "/cgroup.procs", val))
			_exit(1);
		usleep(300000);		/* the parent freezes and thaws us */
		res[0] = read_cost(0);
		res[1] = read_cost(1);
		if (write(p[1], res, sizeof(res)) != sizeof(res))
			_exit(1);
		_exit(0);
	}
	usleep(100000);
	write_str(GROUP "/cgroup.freeze", "1");
	usleep(50000);
	write_str(GROUP "/cgroup.freeze", "0");
	if (read(p[0], res, sizeof(res)) == sizeof(res)) {
		*vdso = res[0];
		*sys = res[1];
	}
	waitpid(pid, NULL, 0);
	close(p[0]);
	close(p[1]);
}

/* Wait until cgroup.events says "frozen <state>"; returns 0 on success. */
static int wait_frozen(int fd, int state)
{
	char buf[256], want[16];
	struct pollfd pfd = { .fd = fd, .events = POLLPRI };
	int i;

	snprintf(want, sizeof(want), "frozen %d", state);
	for (i = 0; i < 10000; i++) {
		ssize_t n = pread(fd, buf, sizeof(buf) - 1, 0);

		if (n < 0)
			return -1;
		buf[n] = '\0';
		if (strstr(buf, want))
			return 0;
		poll(&pfd, 1, 10);
	}
	return -1;
}

static pid_t spawn_sleeper(void)
{
	pid_t pid = fork();

	if (!pid) {
		for (;;)
			pause();
	}
	return pid;
}

static void freeze_latency(int ntasks, int runs)
{
	double cg = 0, stop = 0, t0;
	pid_t *pids = calloc(ntasks, sizeof(*pids));
	char val[32], name[64];
	int i, r, fd;

	for (i = 0; i < ntasks; i++) {
		pids[i] = spawn_sleeper();
		snprintf(val, sizeof(val), "%d", pids[i]);
		write_str(GROUP "/cgroup.procs", val);
	}
	fd = open(GROUP "/cgroup.events", O_RDONLY);
	usleep(100000);

	for (r = 0; r < runs; r++) {
		t0 = now_ns();
		write_str(GROUP "/cgroup.freeze", "1");
		wait_frozen(fd, 1);
		cg += now_ns() - t0;
		write_str(GROUP "/cgroup.freeze", "0");
		wait_frozen(fd, 0);

		t0 = now_ns();
		for (i = 0; i < ntasks; i++)
			kill(pids[i], SIGSTOP);
		for (i = 0; i < ntasks; i++)
			waitpid(pids[i], NULL, WUNTRACED);
		stop += now_ns() - t0;
		for (i = 0; i < ntasks; i++)
			kill(pids[i], SIGCONT);
		for (i = 0; i < ntasks; i++)
			waitpid(pids[i], NULL, WCONTINUED);
	}
	close(fd);
	for (i = 0; i < ntasks; i++)
		kill(pids[i], SIGKILL);
	for (i = 0; i < ntasks; i++)
		waitpid(pids[i], NULL, 0);
	free(pids);

	snprintf(name, sizeof(name), "freeze-%d-tasks-cgroup.freeze", ntasks);
	printf("BENCH %s %.1f us\n", name, cg / runs / 1e3);
	snprintf(name, sizeof(name), "freeze-%d-tasks-SIGSTOP-loop", ntasks);
	printf("BENCH %s %.1f us\n", name, stop / runs / 1e3);
	fflush(stdout);
}

int main(void)
{
	static const int sizes[] = { 1, 16, 256, 1000 };
	double v, s;
	unsigned int i;

	printf("BENCH clock_gettime-vdso-nonmember %.0f ns\n", read_cost(0));
	printf("BENCH clock_gettime-syscall-nonmember %.0f ns\n", read_cost(1));
	fflush(stdout);

	if (has_vclock())
		write_str(CG "/cgroup.subtree_control", "+vclock");
	if (mkdir(GROUP, 0755) && errno != EEXIST) {
		perror("vtbench: " GROUP);
		return 1;
	}
	if (has_vclock()) {
		member_read_cost(&v, &s);
		printf("BENCH clock_gettime-vdso-member %.0f ns\n", v);
		printf("BENCH clock_gettime-syscall-member %.0f ns\n", s);
		fflush(stdout);
	}
	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++)
		freeze_latency(sizes[i], sizes[i] >= 256 ? 3 : 10);
	rmdir(GROUP);
	return 0;
}
