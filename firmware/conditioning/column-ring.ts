/**
 * A ring of rows stored by column: one Float64Array per column, so writing rows one after
 * another fills a cache line of each column before moving on (a row-wide layout touched a
 * fresh line per row, and a fleet of boxes waited on memory). append() doubles it when full;
 * appendOverOldest() keeps it the size it was made (the last rows only).
 */
export class ColumnRing {
  private storage: Float64Array[];
  private capacity: number;
  /** physical slot of the oldest row kept */
  private first = 0;
  size = 0;

  constructor(columnCount: number, initialRows: number) {
    this.capacity = Math.max(1, Math.ceil(initialRows));
    this.storage = Array.from({ length: columnCount }, () => new Float64Array(this.capacity));
  }

  /** Column `column` (its slots are physical: reach a row through slot()). Valid until the next append. */
  column(column: number): Float64Array {
    return this.storage[column];
  }

  /** The physical slot of the row `index` rows after the oldest. */
  slot(index: number): number {
    const slot = this.first + index;
    return slot < this.capacity ? slot : slot - this.capacity;
  }

  /** Makes room for a new newest row; returns its slot, for the caller to fill every column. */
  append(): number {
    if (this.size === this.capacity) this.grow();
    const slot = this.slot(this.size);
    this.size++;
    return slot;
  }

  /** As append(), but a full ring drops its oldest row instead of growing. */
  appendOverOldest(): number {
    if (this.size === this.capacity) this.dropOldest();
    return this.append();
  }

  /** Every row dropped; the storage is kept. */
  clear(): void {
    this.first = 0;
    this.size = 0;
  }

  /** The newest `count` rows dropped (all of them, where fewer are kept). */
  dropNewest(count: number): void {
    this.size = Math.max(0, this.size - count);
  }

  /** The oldest rows dropped while `column` (their time) is before `from`. */
  dropBefore(from: number, column = 0): void {
    const times = this.storage[column];
    while (this.size > 0 && times[this.first] < from) this.dropOldest();
  }

  dropOldest(): void {
    this.first = this.first + 1 === this.capacity ? 0 : this.first + 1;
    this.size--;
  }

  /** Twice the rows, the kept ones copied oldest first (a full ring: two runs per column). */
  private grow(): void {
    this.storage = this.storage.map((cells) => {
      const grown = new Float64Array(this.capacity * 2);
      grown.set(cells.subarray(this.first));
      grown.set(cells.subarray(0, this.first), this.capacity - this.first);
      return grown;
    });
    this.capacity *= 2;
    this.first = 0;
  }
}
