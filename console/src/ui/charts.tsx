/** One stacked bar: its label and its parts, drawn in the order of the chart's series. */
export interface StackedBar {
  label: string;
  parts: number[];
}

export interface Series {
  name: string;
  className: string;
}

/**
 * A stacked bar chart in plain SVG (no chart library, nothing loaded at run time). It is a picture for the eye:
 * `summary` says what it shows for a screen reader, and each view puts the same figures in a table beside it.
 */
export function StackedBars({ bars, series, summary, horizontal = false }: { bars: StackedBar[]; series: Series[]; summary: string; horizontal?: boolean }) {
  const max = Math.max(1, ...bars.map((bar) => bar.parts.reduce((a, b) => a + b, 0)));
  const band = horizontal ? 28 : Math.max(18, Math.min(48, 640 / Math.max(1, bars.length)));
  const length = 260;
  const labelSpace = horizontal ? 70 : 40;
  const width = horizontal ? labelSpace + length + 40 : labelSpace + bars.length * band + 10;
  const height = horizontal ? bars.length * band + 30 : length + 60;
  return (
    <figure class="chart">
      <svg role="img" aria-label={summary} viewBox={`0 0 ${width} ${height}`} width={width} height={height}>
        {bars.map((bar, index) => {
          let offset = 0;
          const total = bar.parts.reduce((a, b) => a + b, 0);
          return (
            <g key={bar.label}>
              <title>{`${bar.label}: ${bar.parts.map((part, partIndex) => `${series[partIndex].name} ${part}`).join(', ')}`}</title>
              {bar.parts.map((part, partIndex) => {
                const size = (part / max) * length;
                const rect = horizontal
                  ? { x: labelSpace + offset, y: index * band + 4, width: size, height: band - 8 }
                  : { x: labelSpace + index * band + 3, y: length + 10 - offset - size, width: band - 6, height: size };
                offset += size;
                return <rect key={partIndex} class={series[partIndex].className} {...rect} />;
              })}
              {horizontal ? (
                <>
                  <text x={0} y={index * band + band / 2 + 4} class="axis">{bar.label}</text>
                  <text x={labelSpace + offset + 4} y={index * band + band / 2 + 4} class="axis">{total}</text>
                </>
              ) : (
                <>
                  <text x={labelSpace + index * band + band / 2} y={length + 26} class="axis" text-anchor="middle">{bar.label.slice(5)}</text>
                  <text x={labelSpace + index * band + band / 2} y={length + 6 - offset} class="axis" text-anchor="middle">{total}</text>
                </>
              )}
            </g>
          );
        })}
      </svg>
      <figcaption class="legend">
        {series.map((entry) => <span key={entry.name}><span class={`swatch ${entry.className}`} aria-hidden="true" />{entry.name}</span>)}
      </figcaption>
    </figure>
  );
}
