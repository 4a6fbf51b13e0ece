// SPDX-License-Identifier: GPL-2.0
/*
 * vtsyncbench: how fast the virtual-time sync lines (vt-gpio driver)
 * act, on a board whose sync inputs are gpio-sim lines (the arm test VM):
 *
 *  - edge to clocks stopped: from the pull-up of input "sync-in-a" (the
 *    time before the write) until the clocks of the synced groups stood
 *    still, and release to clocks running: from the pull-down until they
 *    ran again, for 1 and 1000 tasks in 1 and 16 synced groups, the
 *    latest of the groups; the instants come from the lags in
 *    vclock.stat (to the microsecond), not from the tasks;
 *  - edge to frozen: from the pull-up until cgroup.events of every group
 *    reports "frozen 1";
 *  - the driver's own figure, how long its interrupt handler took to stop
 *    the clocks (stop_latency_ns);
 *  - local freeze to output: from the write of 1 to cgroup.freeze until
 *    the "sync-out" line reads high;
 *  - beside them, the cost of a system call (getppid()) in the same run.
 *
 * Prints "BENCH <name>-<min|median|p90|max> <value> <unit>" lines; exits
 * 0 without output if there is no such device.
 *
 *	vtsyncbench [runs]
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <glob.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <fcntl.h>

#define CG	"/sys/fs/cgroup"
#define TOP	CG "/vtsyncbench"
#define MAX_GROUPS	16
#define DRIVER	"/sys/bus/platform/drivers/vt-gpio"
#define SIM	"/sys/devices/platform/gpio-sim/gpiochip*/sim_gpio"
#define TIMEOUT_NS	20000000000LL

static char line_dir[3][4096];
static char dev_dir[4096];

static long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static int write_at(const char *dir, const char *file, const char *val)
{
	char path[8192];
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "%s/%s", dir, file);
	fd = open(path, O_WRONLY);
	if (fd < 0)
		return -1;
	n = write(fd, val, strlen(val));
	close(fd);
	return n < 0 ? -1 : 0;
}

static int read_at(const char *dir, const char *file, char *buf, size_t size)
{
	char path[8192];
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "%s/%s", dir, file);
	fd = open(path, O_RDONLY);
	if (fd < 0)
		return -1;
	n = read(fd, buf, size - 1);
	close(fd);
	if (n < 0)
		return -1;
	buf[n] = '\0';
	return 0;
}

static int ngroups;
static char group_dir[MAX_GROUPS][64];

/* 1 if every group is frozen, 0 if none is, -1 otherwise or on error */
static int frozen(void)
{
	int g, all = 1, none = 1;
	char buf[256], *p;

	for (g = 0; g < ngroups; g++) {
		if (read_at(group_dir[g], "cgroup.events", buf, sizeof(buf)))
			return -1;
		p = strstr(buf, "frozen ");
		if (!p)
			return -1;
		if (atoi(p + 7))
			none = 0;
		else
			all = 0;
	}
	return all ? 1 : none ? 0 : -1;
}

/* The lag of group @g behind real time, in ns (to the microsecond). */
static long long lag_ns(int g)
{
	char buf[512], *p;

	if (read_at(group_dir[g], "vclock.stat", buf, sizeof(buf)))
		return -1;
	p = strstr(buf, "lag_usec ");
	return p ? atoll(p + 9) * 1000 : -1;
}

static int level(int line)
{
	char buf[16];

	if (read_at(line_dir[line], "value", buf, sizeof(buf)))
		return -1;
	return atoi(buf);
}

/* Spin until @f() returns @want; the time it did, or -1 on timeout. */
static long long wait_for(int (*f)(void), int want)
{
	long long start = now_ns(), t;

	for (;;) {
		t = now_ns();
		if (f() == want)
			return t;
		if (t - start > TIMEOUT_NS)
			return -1;
	}
}

static int out_level(void)
{
	return level(0);
}

static int find(void)
{
	struct dirent *de;
	char pattern[64];
	glob_t g;
	DIR *d;
	int i;

	d = opendir(DRIVER);
	if (!d)
		return -1;
	while ((de = readdir(d))) {
		if (de->d_type == DT_LNK && strcmp(de->d_name, "module"))
			snprintf(dev_dir, sizeof(dev_dir), DRIVER "/%s",
				 de->d_name);
	}
	closedir(d);
	if (!dev_dir[0])
		return -1;
	for (i = 0; i < 3; i++) {
		snprintf(pattern, sizeof(pattern), SIM "%d", i);
		if (glob(pattern, 0, NULL, &g) || g.gl_pathc != 1)
			return -1;
		snprintf(line_dir[i], sizeof(line_dir[i]), "%s", g.gl_pathv[0]);
		globfree(&g);
	}
	return 0;
}

static int cmp(const void *a, const void *b)
{
	long long x = *(const long long *)a, y = *(const long long *)b;

	return x < y ? -1 : x > y;
}

static void report(const char *name, long long *v, int n)
{
	qsort(v, n, sizeof(*v), cmp);
	printf("BENCH %s-min %.1f us\n", name, v[0] / 1e3);
	printf("BENCH %s-median %.1f us\n", name, v[n / 2] / 1e3);
	printf("BENCH %s-p90 %.1f us\n", name, v[n * 9 / 10] / 1e3);
	printf("BENCH %s-max %.1f us\n", name, v[n - 1] / 1e3);
}

/* The mean cost of getppid(), in ns. */
static long long syscall_ns(void)
{
	long long t0 = now_ns();
	int i;

	for (i = 0; i < 100000; i++)
		syscall(SYS_getppid);
	return (now_ns() - t0) / 100000;
}

static pid_t *tasks;
static int ntasks;

/* @n tasks that only wait, spread over @groups fresh synced groups */
static int setup(int n, int groups)
{
	char pid[32];
	int g, i;

	ngroups = groups;
	if (mkdir(TOP, 0755) || write_at(TOP, "cgroup.subtree_control", "+vclock"))
		return -1;
	for (g = 0; g < groups; g++) {
		snprintf(group_dir[g], sizeof(group_dir[g]), TOP "/g%d", g);
		if (mkdir(group_dir[g], 0755) ||
		    write_at(group_dir[g], "vclock.tdf", "1000") ||
		    write_at(group_dir[g], "vclock.sync", "1"))
			return -1;
	}
	tasks = calloc(n, sizeof(*tasks));
	if (!tasks)
		return -1;
	for (i = 0; i < n; i++) {
		tasks[i] = fork();
		if (tasks[i] < 0)
			return -1;
		if (!tasks[i]) {
			for (;;)
				pause();
		}
		ntasks++;
		snprintf(pid, sizeof(pid), "%d", tasks[i]);
		if (write_at(group_dir[i % groups], "cgroup.procs", pid))
			return -1;
	}
	return 0;
}

static void teardown(void)
{
	int g, i;

	write_at(line_dir[1], "pull", "pull-down");
	for (g = 0; g < ngroups; g++) {
		write_at(group_dir[g], "cgroup.kill", "1");
		write_at(group_dir[g], "cgroup.freeze", "0");
	}
	for (i = 0; i < ntasks; i++)
		waitpid(tasks[i], NULL, 0);
	for (g = 0; g < ngroups; g++)
		rmdir(group_dir[g]);
	rmdir(TOP);
	free(tasks);
	tasks = NULL;
	ntasks = 0;
}

/*
 * @runs remote freezes and releases of @n tasks in @groups groups: edge to
 * clocks stopped and release to clocks running, for the latest group, and
 * edge to all groups frozen. 0, or -1 on a timeout or error.
 */
static int measure_remote(int n, int groups, int runs)
{
	long long *stop, *run, *fr, lag0[MAX_GROUPS], t0, t1, t2, t;
	char name[64];
	int i, g, ret = -1;

	stop = calloc(runs, sizeof(*stop));
	run = calloc(runs, sizeof(*run));
	fr = calloc(runs, sizeof(*fr));
	if (!stop || !run || !fr || setup(n, groups))
		goto out;
	write_at(line_dir[1], "pull", "pull-down");
	write_at(line_dir[2], "pull", "pull-down");
	if (wait_for(frozen, 0) < 0)
		goto out;
	for (i = 0; i < runs; i++) {
		long long last_stop = 0, last_run = 0, stopped[MAX_GROUPS];

		for (g = 0; g < groups; g++)
			lag0[g] = lag_ns(g);
		t0 = now_ns();
		write_at(line_dir[1], "pull", "pull-up");
		t1 = wait_for(frozen, 1);
		if (t1 < 0)
			goto out;
		fr[i] = t1 - t0;
		/* Frozen: lag(t) = t - t_stop + lag0 */
		for (g = 0; g < groups; g++) {
			long long l = lag_ns(g);

			t = now_ns();
			stopped[g] = t - (l - lag0[g]);
			if (stopped[g] > last_stop)
				last_stop = stopped[g];
		}
		stop[i] = last_stop - t0;
		usleep(20000);
		t2 = now_ns();
		write_at(line_dir[1], "pull", "pull-down");
		if (wait_for(frozen, 0) < 0)
			goto out;
		/* Running again: lag = lag0 + t_run - t_stop */
		for (g = 0; g < groups; g++) {
			t = stopped[g] + lag_ns(g) - lag0[g];
			if (t > last_run)
				last_run = t;
		}
		run[i] = last_run - t2;
	}
	snprintf(name, sizeof(name), "sync-%dtasks-%dgroups-edge-to-clocks-stopped",
		 n, groups);
	report(name, stop, runs);
	snprintf(name, sizeof(name), "sync-%dtasks-%dgroups-release-to-clocks-running",
		 n, groups);
	report(name, run, runs);
	snprintf(name, sizeof(name), "sync-%dtasks-%dgroups-edge-to-frozen",
		 n, groups);
	report(name, fr, runs);
	ret = 0;
out:
	teardown();
	free(stop);
	free(run);
	free(fr);
	return ret;
}

int main(int argc, char **argv)
{
	static const int cfg[][2] = { { 1, 1 }, { 1, 16 }, { 1000, 1 },
				      { 1000, 16 } };
	int runs = argc > 1 ? atoi(argv[1]) : 20;
	long long *drv, *out, t0, t1;
	unsigned int c;
	char buf[64];
	int i, ret = 1;

	if (runs < 1 || find())
		return 0;
	drv = calloc(runs, sizeof(*drv));
	out = calloc(runs, sizeof(*out));
	if (!drv || !out)
		return 1;

	write_at(CG, "cgroup.subtree_control", "+vclock");
	printf("BENCH syscall-getppid %lld ns\n", syscall_ns());
	for (c = 0; c < sizeof(cfg) / sizeof(cfg[0]); c++) {
		if (measure_remote(cfg[c][0], cfg[c][1], runs))
			goto out;
		fflush(stdout);
	}

	/* The driver's figure, and local freezes, with one task */
	if (setup(1, 1))
		goto out;
	for (i = 0; i < runs; i++) {
		write_at(line_dir[1], "pull", "pull-up");
		if (wait_for(frozen, 1) < 0)
			goto out;
		if (read_at(dev_dir, "stop_latency_ns", buf, sizeof(buf)))
			goto out;
		drv[i] = atoll(buf);
		write_at(line_dir[1], "pull", "pull-down");
		if (wait_for(frozen, 0) < 0)
			goto out;

		t0 = now_ns();
		write_at(group_dir[0], "cgroup.freeze", "1");
		t1 = wait_for(out_level, 1);
		if (t1 < 0)
			goto out;
		out[i] = t1 - t0;
		write_at(group_dir[0], "cgroup.freeze", "0");
		if (wait_for(out_level, 0) < 0 || wait_for(frozen, 0) < 0)
			goto out;
	}
	report("sync_irq_to_clocks_stopped", drv, runs);
	report("sync_local_freeze_to_output", out, runs);
	ret = 0;
out:
	if (ret)
		fprintf(stderr, "vtsyncbench: timed out or failed\n");
	teardown();
	return ret;
}
