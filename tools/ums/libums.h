/* SPDX-License-Identifier: LGPL-2.1 OR BSD-2-Clause */
/*
 * libums: user-mode scheduling on top of /dev/ums.
 *
 * UMSScheduler() creates the workers and one scheduler thread per CPU, each
 * pinned to its CPU, and returns when all of them are done. A scheduler
 * thread runs scheduler_entry(), which typically does:
 *
 *	enter_ums_scheduling_mode();
 *	while ((n = dequeue_ums_completion_list_items()) >= 0)
 *		while (n--)
 *			execute_ums_thread(get_next_ums_list_item());
 *
 * A worker runs worker_fn(index) only while a scheduler executes it, and may
 * call ums_thread_yield() to go back to the end of the completion list.
 *
 * execute_ums_thread() of the last worker dequeued also reserves the next
 * worker ready when it stops, if any: get_next_ums_list_item() returns it,
 * or the next dequeue_ums_completion_list_items() does at once, without a
 * system call.
 */
#ifndef LIBUMS_H
#define LIBUMS_H

#ifdef __cplusplus
extern "C" {
#endif

/* Why execute_ums_thread() returned (values of enum ums_reason). */
#define UMS_THREAD_YIELDED	1
#define UMS_THREAD_BLOCKED	2
#define UMS_THREAD_ENDED	3

int UMSScheduler(int nworkers, void (*scheduler_entry)(void),
		 void (*worker_fn)(long index));
int enter_ums_scheduling_mode(void);
int dequeue_ums_completion_list_items(void);
int dequeue_ums_completion_list_items_timeout(long long timeout_ns);
int get_next_ums_list_item(void);
int execute_ums_thread(int worker);
int ums_thread_yield(void);

/* The scheduler's CPU (its id), in a scheduler thread; -1 elsewhere. */
int ums_scheduler_id(void);

#ifdef __cplusplus
}
#endif

#endif /* LIBUMS_H */
