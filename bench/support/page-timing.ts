/*
 * The console bench's arithmetic on one page load's timings (from the browser's performance
 * timeline, in ms since navigation started): how long the page took to show its figures, how
 * much of that its API calls were in flight, and how long the app took to start before its first
 * API call.
 */

/** The union of [start, end] intervals, in ms (overlapping calls counted once). */
export function unionMs(intervals: readonly (readonly [number, number])[]): number {
  let total = 0;
  let reach = -Infinity;
  for (const [start, end] of [...intervals].sort((a, b) => a[0] - b[0])) {
    if (end <= reach) continue;
    total += end - Math.max(start, reach);
    reach = end;
  }
  return total;
}

export interface PageTiming {
  /** Navigation start → the figures on screen. */
  renderMs: number;
  /** Navigation start → the first API call's start: the app's own start (its files, parsing, routing), whatever the data. */
  bootMs: number;
  /** The first API call's start → the figures on screen: what the page does with and around its API calls. */
  afterFirstCallMs: number;
  /** The time at least one API call was in flight. */
  apiMs: number;
}

/** A load's figures from the time the figures were shown and its API calls' [start, end]; throws without an API call. */
export function pageTiming(renderedAt: number, api: readonly (readonly [number, number])[]): PageTiming {
  if (api.length === 0) throw new Error('the page made no API call');
  const firstCall = Math.min(...api.map(([start]) => start));
  return {
    renderMs: renderedAt,
    bootMs: firstCall,
    afterFirstCallMs: renderedAt - firstCall,
    apiMs: unionMs(api),
  };
}
