"""Wake-up keys: a unit of work that queued durable work marks its session with one.

Set by repositories when they add a row a worker waits for (`session.info[KEY] = True`);
read after the commit to wake that worker at once instead of at its next poll.
"""

OUTBOX_DIRTY = "outbox_dirty"
JOBS_DIRTY = "jobs_dirty"
NEWSLETTERS_DIRTY = "newsletters_dirty"
