/** Caller input quoted in a message or a log line: at most `max` characters, and an ellipsis when cut. */
export function clip(value: string, max: number): string {
  return value.length > max ? `${value.slice(0, max)}…` : value;
}
