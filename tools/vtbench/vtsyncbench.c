// SPDX-License-Identifier: GPL-2.0
/*
 * vtsyncbench: how fast the virtual-time sync lines (vt-gpio driver)
 * act, on a board whose sync inputs are gpio-sim lines (the arm test VM):
 *
 *  - edge to frozen: from pulling input "sync-in-a" up until cgroup.events
 *    of a synced group with one member reports "frozen 1", and the
 *    driver's own figure, how long its interrupt handler took to stop the
 *    clocks (stop_latency_ns);
 *  - local freeze to output: from the write of 1 to cgroup.freeze until
 *    the "sync-out" line reads high.
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
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <fcntl.h>

#define CG	"/sys/fs/cgroup"
#define GROUP	CG "/vtsyncbench"
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

static int frozen(void)
{
	char buf[256], *p;

	if (read_at(GROUP, "cgroup.events", buf, sizeof(buf)))
		return -1;
	p = strstr(buf, "frozen ");
	return p ? atoi(p + 7) : -1;
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

int main(int argc, char **argv)
{
	int runs = argc > 1 ? atoi(argv[1]) : 50;
	long long *edge, *drv, *out, t0, t1;
	char buf[64], pid[32];
	int i, ret = 1;
	pid_t member;

	if (runs < 1 || find())
		return 0;
	edge = calloc(runs, sizeof(*edge));
	drv = calloc(runs, sizeof(*drv));
	out = calloc(runs, sizeof(*out));
	if (!edge || !drv || !out)
		return 1;

	write_at(CG, "cgroup.subtree_control", "+vclock");
	rmdir(GROUP);
	if (mkdir(GROUP, 0755) || write_at(GROUP, "vclock.sync", "1")) {
		perror(GROUP);
		return 1;
	}
	member = fork();
	if (!member) {
		for (;;)
			pause();
	}
	snprintf(pid, sizeof(pid), "%d", member);
	write_at(GROUP, "cgroup.procs", pid);
	write_at(line_dir[1], "pull", "pull-down");
	write_at(line_dir[2], "pull", "pull-down");
	if (wait_for(frozen, 0) < 0)
		goto out;

	for (i = 0; i < runs; i++) {
		t0 = now_ns();
		write_at(line_dir[1], "pull", "pull-up");
		t1 = wait_for(frozen, 1);
		if (t1 < 0)
			goto out;
		edge[i] = t1 - t0;
		if (read_at(dev_dir, "stop_latency_ns", buf, sizeof(buf)))
			goto out;
		drv[i] = atoll(buf);
		write_at(line_dir[1], "pull", "pull-down");
		if (wait_for(frozen, 0) < 0)
			goto out;

		t0 = now_ns();
		write_at(GROUP, "cgroup.freeze", "1");
		t1 = wait_for(out_level, 1);
		if (t1 < 0)
			goto out;
		out[i] = t1 - t0;
		write_at(GROUP, "cgroup.freeze", "0");
		if (wait_for(out_level, 0) < 0 || wait_for(frozen, 0) < 0)
			goto out;
	}
	report("sync_edge_to_frozen", edge, runs);
	report("sync_edge_to_clock_stopped", drv, runs);
	report("sync_local_freeze_to_output", out, runs);
	ret = 0;
out:
	if (ret)
		fprintf(stderr, "vtsyncbench: timed out\n");
	write_at(line_dir[1], "pull", "pull-down");
	write_at(GROUP, "cgroup.kill", "1");
	write_at(GROUP, "cgroup.freeze", "0");
	waitpid(member, NULL, 0);
	rmdir(GROUP);
	return ret;
}
