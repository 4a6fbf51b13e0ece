// SPDX-License-Identifier: LGPL-2.1 OR BSD-2-Clause
/*
 * libums: the UMSScheduler() API on top of the /dev/ums ioctls.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <semaphore.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <linux/ums.h>

#include "libums.h"

#define UMS_BATCH	64

static int ums_fd = -1;
static pid_t ums_fd_pid;	/* the process that opened ums_fd */
static int ums_list;
static sem_t ums_registered;
static void (*ums_worker_fn)(long index);
static void (*ums_sched_entry)(void);

/* Per scheduler thread: its id and the workers it dequeued. */
static __thread int ums_sched_cpu = -1;
static __thread unsigned int ums_items[UMS_BATCH];
static __thread int ums_nitems, ums_next;

int ums_scheduler_id(void)
{
	return ums_sched_cpu;
}

int enter_ums_scheduling_mode(void)
{
	struct ums_sched_attr attr = {
		.list_id = ums_list,
		.sched_id = ums_sched_cpu,
	};

	return ioctl(ums_fd, UMS_IOC_REGISTER_SCHEDULER, &attr) ? -1 : 0;
}

int dequeue_ums_completion_list_items_timeout(long long timeout_ns)
{
	struct ums_dequeue dq = {
		.workers = (uintptr_t)ums_items,
		.max = UMS_BATCH,
		.timeout_ns = timeout_ns,
	};
	int n;

	/* Reserved by execute_ums_thread() already: no system call. */
	if (ums_next < ums_nitems) {
		n = ums_nitems - ums_next;
		memmove(ums_items, ums_items + ums_next, n * sizeof(*ums_items));
		ums_next = 0;
		ums_nitems = n;
		return n;
	}

	do
		n = ioctl(ums_fd, UMS_IOC_DEQUEUE, &dq);
	while (n < 0 && errno == EINTR);
	ums_next = 0;
	ums_nitems = n > 0 ? n : 0;
	return n;
}

/* Blocks until workers are ready; -1 when no worker is left. */
int dequeue_ums_completion_list_items(void)
{
	return dequeue_ums_completion_list_items_timeout(-1);
}

int get_next_ums_list_item(void)
{
	if (ums_next >= ums_nitems)
		return -1;
	return ums_items[ums_next++];
}

int execute_ums_thread(int worker)
{
	struct ums_execute ex = { .worker_id = worker };
	int ret, pending;

	if (worker < 0) {
		errno = EINVAL;
		return -1;
	}
	/*
	 * With nothing left to execute, the next ready worker comes back
	 * with this one: get_next_ums_list_item() returns it without another
	 * dequeue. Only one, so that the schedulers sharing the list share
	 * the workers too.
	 */
	pending = ums_nitems - ums_next;
	if (pending <= 0) {
		ums_next = 0;
		ums_nitems = 0;
		ex.next = (uintptr_t)ums_items;
		ex.next_max = 1;
	}
	/*
	 * A signal handler interrupted the wait: the scheduler still executes
	 * the worker, and executing it again resumes the wait.
	 */
	do
		ret = ioctl(ums_fd, UMS_IOC_EXECUTE, &ex);
	while (ret && errno == EINTR);
	if (ret)
		return -1;
	ums_nitems += ex.next_count;
	return ex.reason;
}

int ums_thread_yield(void)
{
	return ioctl(ums_fd, UMS_IOC_YIELD) ? -1 : 0;
}

static void *ums_worker_main(void *arg)
{
	long index = (long)arg;
	struct ums_worker_attr attr = { .list_id = ums_list };

	if (ioctl(ums_fd, UMS_IOC_REGISTER_WORKER, &attr) < 0) {
		perror("libums: register worker");
		sem_post(&ums_registered);
		return NULL;
	}
	sem_post(&ums_registered);
	/* Wait to be executed for the first time. */
	if (ums_thread_yield() == 0)
		ums_worker_fn(index);
	ioctl(ums_fd, UMS_IOC_UNREGISTER);
	return NULL;
}

static void *ums_sched_main(void *arg)
{
	ums_sched_cpu = (int)(long)arg;
	ums_sched_entry();
	ioctl(ums_fd, UMS_IOC_UNREGISTER);
	return NULL;
}

int UMSScheduler(int nworkers, void (*scheduler_entry)(void),
		 void (*worker_fn)(long index))
{
	int ncpus = sysconf(_SC_NPROCESSORS_ONLN);
	pthread_t *workers, *scheds;
	int i, ret = -1;

	if (nworkers <= 0 || !scheduler_entry || !worker_fn || ncpus <= 0) {
		errno = EINVAL;
		return -1;
	}
	/*
	 * A child of a process that used UMSScheduler() inherits its file,
	 * which only the process that opened it may use (EPERM): it needs a
	 * context of its own. Closing the child's copy leaves the parent's
	 * context alone.
	 */
	if (ums_fd >= 0 && ums_fd_pid != getpid()) {
		close(ums_fd);
		ums_fd = -1;
	}
	if (ums_fd < 0) {
		ums_fd = open("/dev/ums", O_RDWR | O_CLOEXEC);
		if (ums_fd < 0)
			return -1;
		ums_fd_pid = getpid();
	}
	ums_list = ioctl(ums_fd, UMS_IOC_CREATE_LIST);
	if (ums_list < 0)
		return -1;
	ums_worker_fn = worker_fn;
	ums_sched_entry = scheduler_entry;
	sem_init(&ums_registered, 0, 0);

	workers = calloc(nworkers, sizeof(*workers));
	scheds = calloc(ncpus, sizeof(*scheds));
	if (!workers || !scheds)
		goto out;

	for (i = 0; i < nworkers; i++) {
		if (pthread_create(&workers[i], NULL, ums_worker_main,
				   (void *)(long)i))
			goto out;
	}
	/* Schedulers only start once every worker is on the list. */
	for (i = 0; i < nworkers; i++)
		while (sem_wait(&ums_registered) && errno == EINTR)
			;

	for (i = 0; i < ncpus; i++) {
		pthread_attr_t attr;
		cpu_set_t set;

		pthread_attr_init(&attr);
		CPU_ZERO(&set);
		CPU_SET(i, &set);
		pthread_attr_setaffinity_np(&attr, sizeof(set), &set);
		if (pthread_create(&scheds[i], &attr, ums_sched_main,
				   (void *)(long)i))
			goto out;
		pthread_attr_destroy(&attr);
	}
	for (i = 0; i < ncpus; i++)
		pthread_join(scheds[i], NULL);
	for (i = 0; i < nworkers; i++)
		pthread_join(workers[i], NULL);
	ret = 0;
out:
	free(workers);
	free(scheds);
	return ret;
}
