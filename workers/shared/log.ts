// The one logger the Workers use: a JSON line per event, always with a reason code (no stray console.log).
export type LogLevel = "info" | "warn" | "error";

export function logEvent(level: LogLevel, reason: string, fields: Record<string, unknown> = {}): void {
  const line = JSON.stringify({ level, reason, ...fields });
  if (level === "error") console.error(line);
  else if (level === "warn") console.warn(line);
  else console.log(line);
}
