/**
 * Time is injected. Every expiry decision reads `now()` from a Clock, so
 * tests and lessons can pause and fast-forward time.
 */
export interface Clock {
  /** Milliseconds since the Unix epoch, as the engine sees it. */
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/**
 * A clock that follows real time at a chosen speed, can be paused, and can
 * jump forward. Going backwards is never allowed (Redis's clock is monotonic
 * for expiry purposes).
 */
export class VirtualClock implements Clock {
  private base: number;
  private realBase: number;
  private speedValue = 1;
  private pausedValue = false;

  constructor(
    start: number = Date.now(),
    private readonly real: () => number = () => Date.now(),
  ) {
    this.base = start;
    this.realBase = real();
  }

  now(): number {
    if (this.pausedValue) return this.base;
    return Math.floor(this.base + (this.real() - this.realBase) * this.speedValue);
  }

  get paused(): boolean {
    return this.pausedValue;
  }

  get speed(): number {
    return this.speedValue;
  }

  private rebase(): void {
    this.base = this.now();
    this.realBase = this.real();
  }

  pause(): void {
    this.rebase();
    this.pausedValue = true;
  }

  play(speed = this.speedValue): void {
    this.rebase();
    this.pausedValue = false;
    this.speedValue = speed;
  }

  setSpeed(speed: number): void {
    this.rebase();
    this.speedValue = speed;
  }

  advance(ms: number): void {
    if (!(ms > 0)) return;
    this.rebase();
    this.base += ms;
  }
}

/** A clock that only moves when told to. For tests. */
export class ManualClock implements Clock {
  constructor(private t = 1_700_000_000_000) {}
  now(): number {
    return this.t;
  }
  advance(ms: number): void {
    this.t += ms;
  }
  set(ms: number): void {
    this.t = ms;
  }
}
