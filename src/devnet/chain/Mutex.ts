/** Runs async sections one at a time, in call order (block building must not interleave). */
export class Mutex {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(section: () => Promise<T>): Promise<T> {
    const result = this.tail.then(section, section);
    // Keep the chain going whatever the section's outcome; the caller sees the outcome.
    this.tail = result.catch(() => undefined);
    return result;
  }
}
