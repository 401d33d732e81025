/**
 * A map that keeps roughly the most recent `capacity` keys, in O(1) per operation: two generations,
 * the older one dropped whole when the newer fills up. (Evicting the oldest key of one Map through
 * `keys().next()` looks O(1) but walks the deleted slots V8 leaves at the front — quadratic over a
 * long run, which the simulator hit.)
 */
export class BoundedMap<K, V> {
  private current = new Map<K, V>();
  private previous = new Map<K, V>();
  private readonly half: number;

  constructor(capacity: number) {
    this.half = Math.max(1, Math.ceil(capacity / 2));
  }

  get(key: K): V | undefined {
    return this.current.get(key) ?? this.previous.get(key);
  }

  set(key: K, value: V): void {
    this.previous.delete(key);
    this.current.set(key, value);
    if (this.current.size >= this.half) {
      this.previous = this.current;
      this.current = new Map();
    }
  }

  get size(): number {
    return this.current.size + this.previous.size;
  }
}
