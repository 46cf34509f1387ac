/** A configuration problem. The message is one line naming the key or variable and the fix. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}
