// Chart.js (loaded from its WebJar as a classic script: window.Chart) with the dashboard's colours.

export const COLOURS = [
  '#2563eb',
  '#f97316',
  '#16a34a',
  '#dc2626',
  '#9333ea',
  '#0891b2',
  '#ca8a04',
  '#db2777',
  '#4b5563',
  '#65a30d',
  '#7c3aed',
  '#0d9488',
];

export const MUTED = '#94a3b8';

let configured = false;

function chartJs() {
  const Chart = window.Chart;
  if (!Chart) {
    throw new Error('Chart.js did not load');
  }
  if (!configured) {
    Chart.defaults.font.family =
      'system-ui, -apple-system, "Segoe UI", "Noto Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif';
    Chart.defaults.color = '#334155';
    Chart.defaults.animation.duration = 250;
    Chart.defaults.plugins.legend.labels.boxWidth = 12;
    Chart.defaults.maintainAspectRatio = false;
    configured = true;
  }
  return Chart;
}

/** A chart in a box of the given height; `owner.chart` keeps it for disposal. */
export function makeChart(canvas, config) {
  const Chart = chartJs();
  return new Chart(canvas, config);
}

/** A label short enough for a chart's axis; the tooltip shows it whole. */
export function short(label, max = 26) {
  const s = String(label);
  return s.length <= max ? s : '…' + s.slice(s.length - max + 1);
}

/** Horizontal bars: labels and one or more series. */
export function barConfig(labels, series, options = {}) {
  return {
    type: 'bar',
    data: {
      labels: labels.map((l) => short(l)),
      datasets: series.map((s, i) => ({
        label: s.label,
        data: s.data,
        backgroundColor: s.colour || COLOURS[i % COLOURS.length],
        borderRadius: 3,
        maxBarThickness: 22,
      })),
    },
    options: {
      indexAxis: options.horizontal === false ? 'x' : 'y',
      plugins: {
        legend: { display: series.length > 1 },
        tooltip: {
          callbacks: {
            title: (items) => (items.length ? String(labels[items[0].dataIndex]) : ''),
            ...(options.tooltip ? { label: options.tooltip } : {}),
          },
        },
      },
      scales: {
        x: { beginAtZero: true, ticks: options.ticks ? { callback: options.ticks } : {} },
        y: { beginAtZero: true, ticks: { autoSkip: false } },
      },
    },
  };
}
