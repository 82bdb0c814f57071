// A discrete-event scheduler: a virtual clock and a queue of timed callbacks. Time moves only from
// one event to the next, so a simulated day takes as long as the work done in it. After each
// instant's callbacks, every promise chain they started settles (one setImmediate drains the
// microtask queue) before time moves on: the code under simulation must do no real I/O.

/** A binary min-heap of events ordered by time, then by scheduling order. */
const createQueue = () => {
  const heap = [];
  const before = (a, b) => a.at < b.at || (a.at === b.at && a.seq < b.seq);
  const push = (event) => {
    heap.push(event);
    for (let i = heap.length - 1; i > 0;) {
      const parent = (i - 1) >> 1;
      if (!before(heap[i], heap[parent])) break;
      [heap[i], heap[parent]] = [heap[parent], heap[i]];
      i = parent;
    }
  };
  const pop = () => {
    const top = heap[0];
    const last = heap.pop();
    if (heap.length > 0) {
      heap[0] = last;
      for (let i = 0; ;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < heap.length && before(heap[l], heap[m])) m = l;
        if (r < heap.length && before(heap[r], heap[m])) m = r;
        if (m === i) break;
        [heap[i], heap[m]] = [heap[m], heap[i]];
        i = m;
      }
    }
    return top;
  };
  return {
    push,
    pop,
    peek: () => heap[0],
    get size() {
      return heap.length;
    },
  };
};

const settle = () => new Promise((resolve) => setImmediate(resolve));

/**
 * @param {number} startMs the virtual clock's first reading (epoch milliseconds)
 */
export const createScheduler = (startMs) => {
  const queue = createQueue();
  let now = startMs;
  let seq = 0;
  /** Runs `run` at virtual time `atMs` (now, if that is past); returns a function that cancels it. */
  const at = (atMs, run) => {
    const event = { at: Math.max(atMs, now), seq: seq++, run, cancelled: false };
    queue.push(event);
    return () => {
      event.cancelled = true;
    };
  };
  return {
    now: () => now,
    at,
    /** A timer in the shape the provider's cache hook takes: `(delayMs, run) => cancel`. */
    timer: (delayMs, run) => at(now + delayMs, run),
    /** Resolves after `ms` of virtual time. */
    sleep: (ms) => new Promise((resolve) => at(now + ms, resolve)),
    /** Processes events up to `endMs`, settling the promise chains of each instant before the next. */
    async runUntil(endMs) {
      while (queue.size > 0 && queue.peek().at <= endMs) {
        now = queue.peek().at;
        while (queue.size > 0 && queue.peek().at === now) {
          const event = queue.pop();
          if (!event.cancelled) event.run();
        }
        await settle();
      }
      now = Math.max(now, endMs);
    },
  };
};

/** A seeded pseudo-random source in [0, 1) (mulberry32): the same seed gives the same run. */
export const seededRandom = (seed) => {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
};
