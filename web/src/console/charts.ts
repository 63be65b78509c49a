import { html } from 'htm/preact';
import { useLayoutEffect, useRef, useState } from 'preact/hooks';

/*
 * Small charts as inline SVG (no chart library in the browser): horizontal bars with their
 * labels and values, an optional threshold line. The figures are also in the tables beside them.
 * The chart is laid out at the width its container really has (measured, and again on resize),
 * so its text stays at 12 px on a phone instead of a 560-unit drawing shrunk to half its size.
 */

const DEFAULT_WIDTH = 560;
const MIN_WIDTH = 280;
const MAX_WIDTH = 640;

function useContainerWidth(): [{ current: HTMLDivElement | null }, number] {
  const ref = useRef<HTMLDivElement | null>(null);
  const [width, setWidth] = useState(DEFAULT_WIDTH);
  useLayoutEffect(() => {
    const element = ref.current;
    if (!element) return undefined;
    const measure = () => {
      const measured = Math.round(element.clientWidth);
      if (measured > 0) setWidth(Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, measured)));
    };
    measure();
    if (typeof ResizeObserver === 'undefined') return undefined;
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  return [ref, width];
}

export interface Bar {
  label: string;
  value: number;
  /** Shown at the bar's end (defaults to the value). */
  text?: string;
  /** A second value stacked after the first (e.g. awaiting verification after open). */
  second?: number;
  warn?: boolean;
}

export function BarChart(props: {
  bars: Bar[];
  max: number;
  title: string;
  threshold?: number;
  thresholdText?: string;
}) {
  const [box, width] = useContainerWidth();
  const row = 22;
  // About a third of the width for the labels (at most 150 units), 12 px a character.
  const labelWidth = Math.min(150, Math.round(width * 0.34));
  const labelChars = Math.max(4, Math.floor((labelWidth - 8) / 12));
  const plot = width - labelWidth - 70;
  const height = props.bars.length * row + 24;
  const x = (value: number) => labelWidth + (props.max > 0 ? (value / props.max) * plot : 0);
  return html`<div class="chart-box" ref=${box}><svg class="chart" width=${width} height=${height} viewBox=${`0 0 ${width} ${height}`} role="img" aria-label=${props.title} preserveAspectRatio="xMinYMin meet">
    <title>${props.title}</title>
    ${props.bars.map((bar, index) => {
      const y = index * row + 4;
      const end = x(bar.value);
      return html`<g>
        <text x=${labelWidth - 6} y=${y + 14} text-anchor="end" class="chart-label">${bar.label.length > labelChars ? `${bar.label.slice(0, labelChars - 1)}…` : bar.label}</text>
        <rect x=${labelWidth} y=${y + 3} width=${Math.max(0, end - labelWidth)} height=${row - 8} class=${bar.warn ? 'bar warn' : 'bar'} />
        ${bar.second ? html`<rect x=${end} y=${y + 3} width=${Math.max(0, x(bar.value + bar.second) - end)} height=${row - 8} class="bar second" />` : null}
        <text x=${x(bar.value + (bar.second ?? 0)) + 4} y=${y + 14} class="chart-value">${bar.text ?? String(bar.value)}</text>
      </g>`;
    })}
    ${
      props.threshold !== undefined
        ? html`<g><line x1=${x(props.threshold)} x2=${x(props.threshold)} y1="0" y2=${height - 18} class="threshold" />
          <text x=${x(props.threshold)} y=${height - 4} text-anchor="middle" class="chart-value">${props.thresholdText ?? ''}</text></g>`
        : null
    }
  </svg></div>`;
}
