/**
 * Thrown when the database file cannot be used (not SQLite, corrupt, from a newer crier, unwritable).
 * The message is one line naming the file and the fix; nothing is ever deleted to recover.
 */
export class StoreError extends Error {
  override name = 'StoreError';
  constructor(
    /** The database file or data directory the problem is in. */
    readonly file: string,
    message: string,
  ) {
    super(`${file}: ${message}`);
  }
}
