/* SPDX-License-Identifier: MIT */
/*
 * libskb: <linux/rculist.h> - the RCU-safe list and hlist operations
 * (include/linux/rculist.h). With one thread, the publication barriers are
 * plain stores and the _rcu walks are the plain walks; the deletions keep the
 * kernel's difference: list_del_rcu()/hlist_del_rcu() poison only ->prev /
 * ->pprev (a reader may still follow ->next), and the entry must not be
 * freed before a grace period (kfree_rcu, call_rcu, synchronize_rcu).
 */
#ifndef _LIBSKB_LINUX_RCULIST_H
#define _LIBSKB_LINUX_RCULIST_H

#include <linux/list.h>
#include <linux/rcupdate.h>

#define INIT_LIST_HEAD_RCU(list) INIT_LIST_HEAD(list)
#define list_add_rcu(new_, head) list_add((new_), (head))
#define list_add_tail_rcu(new_, head) list_add_tail((new_), (head))

static inline void list_del_rcu(struct list_head *entry)
{
	__list_del_entry(entry);
	entry->prev = (struct list_head *)LIST_POISON2;
}

static inline void list_replace_rcu(struct list_head *old, struct list_head *new_)
{
	new_->next = old->next;
	new_->prev = old->prev;
	new_->prev->next = new_;
	new_->next->prev = new_;
	old->prev = (struct list_head *)LIST_POISON2;
}

static inline void hlist_del_rcu(struct hlist_node *n)
{
	__hlist_del(n);
	n->pprev = (struct hlist_node **)LIST_POISON2;
}

static inline void hlist_del_init_rcu(struct hlist_node *n)
{
	if (!hlist_unhashed(n)) {
		__hlist_del(n);
		n->pprev = NULL;
	}
}

static inline void hlist_replace_rcu(struct hlist_node *old, struct hlist_node *new_)
{
	struct hlist_node *next = old->next;

	new_->next = next;
	new_->pprev = old->pprev;
	*new_->pprev = new_;
	if (next)
		new_->next->pprev = &new_->next;
	old->pprev = (struct hlist_node **)LIST_POISON2;
}

#define hlist_add_head_rcu(n, h) hlist_add_head((n), (h))
#define hlist_add_before_rcu(n, next) hlist_add_before((n), (next))
#define hlist_add_behind_rcu(n, prev) hlist_add_behind((n), (prev))
#define hlist_first_rcu(head) ((head)->first)
#define hlist_next_rcu(node) ((node)->next)

#define list_entry_rcu(ptr, type, member) container_of(READ_ONCE(ptr), type, member)
#define list_first_or_null_rcu(ptr, type, member) list_first_entry_or_null(ptr, type, member)
#define list_next_or_null_rcu(head, ptr, type, member)				\
	({									\
		struct list_head *__head = (head);				\
		struct list_head *__ptr = (ptr);				\
		struct list_head *__next = READ_ONCE(__ptr->next);		\
		__next != __head ? list_entry_rcu(__next, type, member) : NULL;	\
	})
#define list_for_each_entry_rcu(pos, head, member, ...) list_for_each_entry(pos, head, member)
#define list_for_each_entry_continue_rcu(pos, head, member) list_for_each_entry_continue(pos, head, member)
#define list_for_each_entry_from_rcu(pos, head, member) list_for_each_entry_from(pos, head, member)
#if LIBSKB_API_AT_LEAST(3, 9)
#define hlist_for_each_entry_rcu(pos, head, member, ...) hlist_for_each_entry(pos, head, member)
#define hlist_for_each_entry_rcu_bh(pos, head, member) hlist_for_each_entry(pos, head, member)
#define hlist_for_each_entry_rcu_notrace(pos, head, member) hlist_for_each_entry(pos, head, member)
#else /* the pre-3.9 form with a node cursor (<linux/list.h>) */
#define hlist_for_each_entry_rcu(tpos, pos, head, member) hlist_for_each_entry(tpos, pos, head, member)
#define hlist_for_each_entry_rcu_bh(tpos, pos, head, member) hlist_for_each_entry(tpos, pos, head, member)
#endif
#if LIBSKB_API_AT_LEAST(3, 9)
#define hlist_for_each_entry_continue_rcu(pos, member) hlist_for_each_entry_continue(pos, member)
#define hlist_for_each_entry_from_rcu(pos, member) hlist_for_each_entry_from(pos, member)
#endif

#endif /* _LIBSKB_LINUX_RCULIST_H */
