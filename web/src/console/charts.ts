import { html } from 'htm/preact';

/*
 * Small charts as inline SVG (no chart library in the browser): horizontal bars with their
 * labels and values, an optional threshold line. The figures are also in the tables beside them.
 */

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
  const row = 22;
  const labelWidth = 150;
  const width = 560;
  const plot = width - labelWidth - 70;
  const height = props.bars.length * row + 24;
  const x = (value: number) => labelWidth + (props.max > 0 ? (value / props.max) * plot : 0);
  return html`<svg
    class="chart"
    viewBox=${`0 0 ${width} ${height}`}
    role="img"
    aria-label=${props.title}
    preserveAspectRatio="xMinYMin meet"
  >
    <title>${props.title}</title>
    ${props.bars.map((bar, index) => {
      const y = index * row + 4;
      const end = x(bar.value);
      return html`<g>
        <text x=${labelWidth - 6} y=${y + 14} text-anchor="end" class="chart-label"
          >${bar.label.length > 11 ? `${bar.label.slice(0, 10)}…` : bar.label}</text
        >
        <rect
          x=${labelWidth}
          y=${y + 3}
          width=${Math.max(0, end - labelWidth)}
          height=${row - 8}
          class=${bar.warn ? 'bar warn' : 'bar'}
        />
        ${bar.second ? html`<rect x=${end} y=${y + 3} width=${Math.max(0, x(bar.value + bar.second) - end)} height=${row - 8} class="bar second" />` : null}
        <text x=${x(bar.value + (bar.second ?? 0)) + 4} y=${y + 14} class="chart-value"
          >${bar.text ?? String(bar.value)}</text
        >
      </g>`;
    })}
    ${
      props.threshold !== undefined
        ? html`<g
            ><line x1=${x(props.threshold)} x2=${x(props.threshold)} y1="0" y2=${height - 18} class="threshold" />
            <text x=${x(props.threshold)} y=${height - 4} text-anchor="middle" class="chart-value"
              >${props.thresholdText ?? ''}</text
            ></g
          >`
        : null
    }
  </svg>`;
}
