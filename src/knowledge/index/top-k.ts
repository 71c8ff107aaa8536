// Bounded min-heap that keeps the k best (item, score) pairs seen, so ranking touched chunks
// costs O(n log k) instead of sorting every candidate.

export class TopK {
  private readonly items: number[] = [];
  private readonly scores: number[] = [];

  constructor(private readonly k: number) {}

  offer(item: number, score: number): void {
    if (this.k <= 0) return;
    if (this.items.length < this.k) {
      this.items.push(item);
      this.scores.push(score);
      this.siftUp(this.items.length - 1);
    } else if (score > this.scores[0]!) {
      this.items[0] = item;
      this.scores[0] = score;
      this.siftDown(0);
    }
  }

  /** Best first; ties keep the lower item (earlier-indexed chunk) first, for stable rankings. */
  sorted(): Array<[number, number]> {
    return this.items
      .map((item, i): [number, number] => [item, this.scores[i]!])
      .sort((a, b) => b[1] - a[1] || a[0] - b[0]);
  }

  private less(i: number, j: number): boolean {
    const si = this.scores[i]!;
    const sj = this.scores[j]!;
    return si < sj || (si === sj && this.items[i]! > this.items[j]!);
  }

  private swap(i: number, j: number): void {
    [this.items[i], this.items[j]] = [this.items[j]!, this.items[i]!];
    [this.scores[i], this.scores[j]] = [this.scores[j]!, this.scores[i]!];
  }

  private siftUp(i: number): void {
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.less(i, parent)) return;
      this.swap(i, parent);
      i = parent;
    }
  }

  private siftDown(i: number): void {
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < this.items.length && this.less(l, m)) m = l;
      if (r < this.items.length && this.less(r, m)) m = r;
      if (m === i) return;
      this.swap(i, m);
      i = m;
    }
  }
}
