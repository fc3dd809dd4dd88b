// Hands every event to every sink. Two rules live here:
// - A sink that cannot keep up (a slow pipe) asks, through `onPaused(true)`, for every
//   dyno's output to pause until it drains: producers block on their own pipes instead of
//   dynorun buffering without bound.
// - A sink that throws is a bug in that sink; it is dropped so that supervision, and every
//   other sink, go on. The first such error is kept in `error` for the caller to report.
import type { Sink, SupervisorEvent } from '../logging/supervisor-event.js';

export class SinkFanout {
  /** The first error a sink threw, if any (that sink was dropped). */
  error: unknown;
  private sinks: Sink[];
  private readonly pausedBy = new Set<Sink>();

  constructor(
    sinks: Sink[],
    private readonly onPaused: (paused: boolean) => void,
  ) {
    this.sinks = [...sinks];
  }

  emit(event: SupervisorEvent): void {
    for (const sink of this.sinks) {
      let ok: boolean;
      try {
        ok = sink.write(event);
      } catch (error) {
        this.error ??= error;
        this.sinks = this.sinks.filter((other) => other !== sink);
        continue;
      }
      if (ok || this.pausedBy.has(sink) || !sink.onDrain) continue;
      this.pause(sink);
    }
  }

  private pause(sink: Sink): void {
    this.pausedBy.add(sink);
    this.onPaused(true);
    sink.onDrain?.(() => {
      this.pausedBy.delete(sink);
      if (this.pausedBy.size === 0) this.onPaused(false);
    });
  }
}
