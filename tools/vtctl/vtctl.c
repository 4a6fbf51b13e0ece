// SPDX-License-Identifier: GPL-2.0
/*
 * vtctl: virtual-time groups from the command line, on top of cgroupfs.
 *
 * A virtual-time group is a cgroup v2 directory with the vclock controller
 * enabled that has asked for virtual time by writing its vclock.tdf (which
 * takes CAP_SYS_TIME); vtctl asks whenever it creates or freezes a group.
 * Its processes share a clock that stops while the group is frozen and runs
 * at 1000/tdf of real speed. For users of the old /sys/vt/VT7 interface:
 *
 *	echo PID > pid_01          vtctl add PID
 *	echo freeze > mode         vtctl freeze
 *	echo unfreeze > mode       vtctl thaw
 *	echo 2000 > tdf            vtctl tdf 2000
 *	cat ...                    vtctl status
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <mntent.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <linux/sched.h>

#ifndef CLONE_INTO_CGROUP
#define CLONE_INTO_CGROUP	0x200000000ULL
#endif
#ifndef __NR_clone3
#define __NR_clone3		435
#endif

static const char *prog = "vtctl";
static char root[PATH_MAX];	/* cgroup2 mount point */
static char group[PATH_MAX];	/* the group's directory */
static const char *group_name = "vt";

static void __attribute__((noreturn, format(printf, 1, 2))) die(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", prog);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

static void usage(FILE *f)
{
	fprintf(f,
		"usage: %s [-g GROUP] COMMAND [ARGS]\n"
		"\n"
		"  run [--tdf N] -- CMD [ARGS]  run CMD in the group (created if needed),\n"
		"                               even if the group was frozen before\n"
		"  add PID...                   move processes into the group\n"
		"  freeze                       stop the group and its clock\n"
		"  thaw                         restart them\n"
		"  tdf N                        run the clock at 1000/N of real speed\n"
		"  status                       show the group's state and clock\n"
		"  remove                       remove the (empty) group\n"
		"  demo                         show a member's clock beside real time\n"
		"\n"
		"GROUP is a cgroup path below the cgroup2 mount (default: vt).\n"
		"tdf is x1000: 1000 is real speed, 2000 half speed, 500 double.\n",
		prog);
}

static int write_file(const char *dir, const char *file, const char *val)
{
	char path[PATH_MAX];
	ssize_t n;
	int fd;

	if (snprintf(path, sizeof(path), "%s/%s", dir, file) >= (int)sizeof(path))
		return -ENAMETOOLONG;
	fd = open(path, O_WRONLY);
	if (fd < 0)
		return -errno;
	n = write(fd, val, strlen(val));
	if (n < 0) {
		n = -errno;
		close(fd);
		return n;
	}
	close(fd);
	return 0;
}

static int read_file(const char *dir, const char *file, char *buf, size_t len)
{
	char path[PATH_MAX];
	ssize_t n;
	int fd;

	if (snprintf(path, sizeof(path), "%s/%s", dir, file) >= (int)sizeof(path))
		return -ENAMETOOLONG;
	fd = open(path, O_RDONLY);
	if (fd < 0)
		return -errno;
	n = read(fd, buf, len - 1);
	if (n < 0) {
		n = -errno;
		close(fd);
		return n;
	}
	buf[n] = '\0';
	close(fd);
	return 0;
}

static void die_errno(int err, const char *what, const char *path)
{
	if (err == -EACCES || err == -EPERM)
		die("%s %s: permission denied (the cgroup must be delegated to you, see Documentation/admin-guide/cgroup-v2.rst)",
		    what, path);
	die("%s %s: %s", what, path, strerror(-err));
}

static void find_root(void)
{
	struct mntent *m;
	FILE *f;

	f = setmntent("/proc/self/mounts", "r");
	if (!f)
		die("cannot read /proc/self/mounts: %s", strerror(errno));
	while ((m = getmntent(f))) {
		if (!strcmp(m->mnt_type, "cgroup2")) {
			snprintf(root, sizeof(root), "%s", m->mnt_dir);
			break;
		}
	}
	endmntent(f);
	if (!root[0])
		die("no cgroup2 file system is mounted (mount -t cgroup2 none /sys/fs/cgroup)");
}

static int has_controller(const char *dir, const char *file)
{
	char buf[4096], *tok, *save;

	if (read_file(dir, file, buf, sizeof(buf)))
		return 0;
	for (tok = strtok_r(buf, " \n", &save); tok; tok = strtok_r(NULL, " \n", &save))
		if (!strcmp(tok, "vclock"))
			return 1;
	return 0;
}

/* Enable vclock from the root down to the group's parent, then mkdir it. */
static void create_group(void)
{
	char dir[PATH_MAX], name[PATH_MAX], *comp, *save;
	int err;

	if (!has_controller(root, "cgroup.controllers"))
		die("the kernel has no vclock controller (CONFIG_VIRTUAL_TIME=y is needed)");

	snprintf(dir, sizeof(dir), "%s", root);
	snprintf(name, sizeof(name), "%s", group_name);
	for (comp = strtok_r(name, "/", &save); comp; comp = strtok_r(NULL, "/", &save)) {
		if (!has_controller(dir, "cgroup.subtree_control")) {
			err = write_file(dir, "cgroup.subtree_control", "+vclock");
			if (err)
				die_errno(err, "enabling vclock in", dir);
		}
		if (strlen(dir) + strlen(comp) + 2 > sizeof(dir))
			die("group name too long");
		strcat(dir, "/");
		strcat(dir, comp);
		if (mkdir(dir, 0755) && errno != EEXIST)
			die_errno(-errno, "creating", dir);
	}
	if (!has_controller(group, "cgroup.controllers"))
		die("%s: vclock is not enabled on this group", group);
}

/*
 * Make the group a virtual-time group: write its vclock.tdf, with the
 * factor it has, so that asking again changes nothing.
 */
static void ask(void)
{
	char buf[32];
	int err;

	err = read_file(group, "vclock.tdf", buf, sizeof(buf));
	if (!err)
		err = write_file(group, "vclock.tdf", buf);
	if (err == -EPERM)
		die("%s: asking for virtual time needs CAP_SYS_TIME (it changes CLOCK_REALTIME for every program in the group)",
		    group);
	if (err)
		die_errno(err, "asking for virtual time in", group);
}

static void need_group(void)
{
	struct stat st;

	if (stat(group, &st) || !S_ISDIR(st.st_mode))
		die("no group %s (create it with 'vtctl -g %s run' or 'add')",
		    group, group_name);
	if (!has_controller(group, "cgroup.controllers"))
		die("%s: vclock is not enabled on this group", group);
}

static long stat_value(const char *key)
{
	char buf[4096], *p;
	size_t len = strlen(key);

	if (read_file(group, "vclock.stat", buf, sizeof(buf)))
		return 0;
	for (p = buf; p && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL)
		if (!strncmp(p, key, len) && p[len] == ' ')
			return strtol(p + len + 1, NULL, 10);
	return 0;
}

static void join(pid_t pid)
{
	char val[32];
	int err;

	snprintf(val, sizeof(val), "%d", pid);
	err = write_file(group, "cgroup.procs", val);
	if (err == -EBUSY)
		die("cannot move %d into %s: the group's clock is %.3f s behind the process's clock,\n"
		    "and moving would make its clocks go backwards. Start the program in the group\n"
		    "instead ('vtctl -g %s run -- CMD'): a process created there starts on its clock.",
		    pid, group, stat_value("lag_usec") / 1e6, group_name);
	if (err == -ESRCH)
		die("no process %d", pid);
	if (err)
		die_errno(err, "moving a process into", group);
}

/* Freeze or thaw, and wait until cgroup.events says it happened. */
static void set_frozen(int frozen)
{
	char buf[256], want[16];
	struct pollfd pfd;
	char path[PATH_MAX];
	int err, i;

	err = write_file(group, "cgroup.freeze", frozen ? "1" : "0");
	if (err)
		die_errno(err, "writing cgroup.freeze of", group);

	if (snprintf(path, sizeof(path), "%s/cgroup.events", group) >= (int)sizeof(path))
		die("path too long");
	snprintf(want, sizeof(want), "frozen %d\n", frozen);
	pfd.fd = open(path, O_RDONLY);
	pfd.events = POLLPRI;
	for (i = 0; i < 100 && pfd.fd >= 0; i++) {
		ssize_t n = pread(pfd.fd, buf, sizeof(buf) - 1, 0);

		if (n < 0)
			break;
		buf[n] = '\0';
		if (strstr(buf, want))
			break;
		poll(&pfd, 1, 100);
	}
	if (pfd.fd >= 0)
		close(pfd.fd);
}

static void set_tdf(const char *val)
{
	char *end;
	long tdf;
	int err;

	errno = 0;
	tdf = strtol(val, &end, 10);
	if (errno || *end || end == val)
		die("tdf must be a number (x1000: 1000 is real speed, 2000 half speed)");
	err = write_file(group, "vclock.tdf", val);
	if (err == -EINVAL)
		die("tdf %ld is out of range (500..100000)", tdf);
	if (err == -E2BIG)
		die("%s: tdf %ld with the groups above or below would leave 500..100000 combined",
		    group, tdf);
	if (err == -EPERM)
		die("%s: setting tdf needs CAP_SYS_TIME", group);
	if (err)
		die_errno(err, "writing vclock.tdf of", group);
}

/*
 * Run a command in the group: create it there with clone3(CLONE_INTO_CGROUP),
 * which works however far the group's clock lags, and wait for it.
 */
static int run(char **argv)
{
	struct clone_args args = {
		.flags = CLONE_INTO_CGROUP,
		.exit_signal = SIGCHLD,
	};
	int fd, status;
	pid_t pid;

	fd = open(group, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		die_errno(-errno, "opening", group);
	args.cgroup = fd;
	pid = syscall(__NR_clone3, &args, sizeof(args));
	if (pid < 0 && errno == ENOSYS) {
		/* No clone3(): move ourselves, which a lagging group refuses. */
		join(getpid());
		execvp(argv[0], argv);
		die("cannot run %s: %s", argv[0], strerror(errno));
	}
	if (pid < 0)
		die_errno(-errno, "starting a process in", group);
	if (pid == 0) {
		execvp(argv[0], argv);
		fprintf(stderr, "%s: cannot run %s: %s\n", prog, argv[0], strerror(errno));
		_exit(127);
	}
	close(fd);
	/* Like system(): the command gets the terminal's signals. */
	signal(SIGINT, SIG_IGN);
	signal(SIGQUIT, SIG_IGN);
	if (waitpid(pid, &status, 0) != pid)
		die("waitpid: %s", strerror(errno));
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return WEXITSTATUS(status);
}

static void status(void)
{
	char buf[4096];

	printf("group   %s\n", group);
	if (!read_file(group, "cgroup.events", buf, sizeof(buf)))
		printf("state   %s\n", strstr(buf, "frozen 1") ? "frozen" : "running");
	if (!read_file(group, "cgroup.procs", buf, sizeof(buf))) {
		char *p;

		for (p = buf; (p = strchr(p, '\n')); p++)
			*p = ' ';
		printf("procs   %s\n", buf);
	}
	if (!read_file(group, "vclock.stat", buf, sizeof(buf)))
		fputs(buf, stdout);
}

/*
 * vtctl demo: a member of the group reports its gettimeofday() over a pipe;
 * this process, outside the group, prints it beside real time while the
 * group runs, is frozen, thawed, and dilated.
 */
static double tv_sec(const struct timeval *tv)
{
	return tv->tv_sec + tv->tv_usec / 1e6;
}

static void fmt_tv(const struct timeval *tv, char *buf, size_t len)
{
	struct tm tm;

	localtime_r(&tv->tv_sec, &tm);
	snprintf(buf, len, "%02d:%02d:%02d.%03ld", tm.tm_hour, tm.tm_min,
		 tm.tm_sec, (long)tv->tv_usec / 1000);
}

static void demo_line(int req, int rsp, int frozen, const char *what)
{
	struct timeval real, member;
	char r[32], m[32];
	struct pollfd pfd = { .fd = rsp, .events = POLLIN };

	gettimeofday(&real, NULL);
	fmt_tv(&real, r, sizeof(r));
	if (!frozen && write(req, "?", 1) == 1 && poll(&pfd, 1, 2000) == 1 &&
	    read(rsp, &member, sizeof(member)) == sizeof(member)) {
		fmt_tv(&member, m, sizeof(m));
		printf("  %s   %s   %8.3f s   %-22s frozen %.3f s\n", r, m,
		       tv_sec(&real) - tv_sec(&member), what,
		       stat_value("frozen_usec") / 1e6);
	} else {
		printf("  %s   %-12s   %8s     %-22s frozen %.3f s\n", r,
		       "(stopped)", "", what, stat_value("frozen_usec") / 1e6);
	}
	fflush(stdout);
}

static void demo_phase(int req, int rsp, int frozen, const char *what, int halfsecs)
{
	int i;

	for (i = 0; i < halfsecs; i++) {
		demo_line(req, rsp, frozen, what);
		usleep(500000);
	}
}

static void demo(void)
{
	int req[2], rsp[2];
	pid_t pid;
	char c;

	create_group();
	ask();
	if (pipe(req) || pipe(rsp))
		die("pipe: %s", strerror(errno));
	pid = fork();
	if (pid < 0)
		die("fork: %s", strerror(errno));
	if (!pid) {
		struct timeval tv;

		join(getpid());
		close(req[1]);
		close(rsp[0]);
		while (read(req[0], &c, 1) == 1) {
			gettimeofday(&tv, NULL);
			if (write(rsp[1], &tv, sizeof(tv)) != sizeof(tv))
				break;
		}
		_exit(0);
	}
	close(req[0]);
	close(rsp[1]);
	usleep(200000);

	printf("Process %d runs in virtual-time group %s.\n", pid, group);
	printf("  %-12s   %-12s   %10s   %-22s\n", "real time", "its clock",
	       "offset", "group");
	demo_phase(req[1], rsp[0], 0, "running", 4);
	set_frozen(1);
	demo_phase(req[1], rsp[0], 1, "frozen (cgroup.freeze)", 6);
	set_frozen(0);
	demo_phase(req[1], rsp[0], 0, "thawed", 4);
	set_tdf("2000");
	demo_phase(req[1], rsp[0], 0, "dilated, tdf 2000", 8);
	set_tdf("1000");
	demo_phase(req[1], rsp[0], 0, "tdf 1000 again", 3);

	printf("The offset is the time spent frozen plus half the 4 s at tdf 2000:\n");
	status();

	close(req[1]);
	close(rsp[0]);
	waitpid(pid, NULL, 0);
	rmdir(group);
}

int main(int argc, char **argv)
{
	const char *cmd;
	int opt;

	while ((opt = getopt(argc, argv, "+g:h")) != -1) {
		switch (opt) {
		case 'g':
			group_name = optarg;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind >= argc) {
		usage(stderr);
		return 2;
	}
	cmd = argv[optind++];

	find_root();
	while (*group_name == '/')
		group_name++;
	if (!*group_name || strstr(group_name, ".."))
		die("bad group name");
	if (snprintf(group, sizeof(group), "%s/%s", root, group_name) >= (int)sizeof(group))
		die("group name too long");

	if (!strcmp(cmd, "run")) {
		const char *tdf = NULL;

		if (optind < argc && !strcmp(argv[optind], "--tdf")) {
			if (optind + 1 >= argc)
				die("--tdf needs a value");
			tdf = argv[optind + 1];
			optind += 2;
		}
		if (optind < argc && !strcmp(argv[optind], "--"))
			optind++;
		if (optind >= argc)
			die("run: no command");
		create_group();
		if (tdf)
			set_tdf(tdf);
		else
			ask();
		return run(argv + optind);
	} else if (!strcmp(cmd, "add")) {
		if (optind >= argc)
			die("add: no PID");
		create_group();
		ask();
		for (; optind < argc; optind++) {
			char *end;
			long pid = strtol(argv[optind], &end, 10);

			if (*end || pid <= 0)
				die("bad PID '%s'", argv[optind]);
			join(pid);
		}
	} else if (!strcmp(cmd, "freeze") || !strcmp(cmd, "thaw")) {
		need_group();
		if (!strcmp(cmd, "freeze"))
			ask();
		set_frozen(!strcmp(cmd, "freeze"));
	} else if (!strcmp(cmd, "tdf")) {
		if (optind >= argc)
			die("tdf: no value");
		need_group();
		set_tdf(argv[optind]);
	} else if (!strcmp(cmd, "status")) {
		need_group();
		status();
	} else if (!strcmp(cmd, "demo")) {
		demo();
	} else if (!strcmp(cmd, "remove")) {
		need_group();
		if (rmdir(group))
			die_errno(-errno, "removing", group);
	} else {
		usage(stderr);
		return 2;
	}
	return 0;
}
