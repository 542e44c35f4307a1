// Every UI unit test runs on fake timers: time passes only when a test advances it (tick(ms) in
// lib/testing.ts), so no test sleeps and none depends on the machine's speed.
import { afterEach, beforeEach, vi } from "vitest";

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});
