// Evaluation: the latest report of `persona evaluate`, its tables and charts.
// Reads GET /v1/evaluation and GET /v1/evaluation/charts/{name}.

import { api, apiKey } from '../api.js';
import { card, empty, failure, fill, fmt, h } from '../dom.js';
import { t } from '../i18n.js';
import { COLOURS } from '../charts.js';

const METRICS = ['ndcg', 'recall', 'recall_capped', 'precision', 'map', 'hit', 'mrr'];
const LABELS = {
  ndcg: 'NDCG',
  recall: 'Recall',
  recall_capped: 'Recall_c',
  precision: 'Precision',
  map: 'MAP',
  hit: 'HitRate',
  mrr: 'MRR',
};

/** The cutoff a section's figures are shown at: 10 when measured, else the largest. */
export function headline(section) {
  const first = section.results && section.results[0];
  if (!first) {
    return 10;
  }
  if (first.metrics['ndcg@10']) {
    return 10;
  }
  const ks = Object.keys(first.metrics)
    .map((m) => Number(m.split('@')[1]))
    .filter((k) => Number.isFinite(k));
  return ks.length ? Math.max(...ks) : 10;
}

/** A figure that is a number, or {mean, ci95} (the report's newer form). */
function mean(x) {
  return x !== null && typeof x === 'object' ? x.mean : x;
}

function withInterval(x) {
  if (x !== null && typeof x === 'object') {
    return fmt.num(x.mean, 4) + (x.ci95 === null || x.ci95 === undefined ? '' : ' ± ' + fmt.num(x.ci95, 4));
  }
  return fmt.num(x, 4);
}

export function metricMean(result, name) {
  const m = result.metrics[name];
  return m && m.mean !== undefined && m.mean !== null ? m.mean : null;
}

export function render(root, params, ctx) {
  const body = h('div', { id: 'evaluation' }, h('p', { class: 'muted', text: t('app.loading') }));
  fill(root, h('div', { class: 'page-head' }, h('h1', { text: t('nav.evaluation') })), body);

  api.get('/v1/evaluation').then(
    (e) => ctx.alive && (e.report ? draw(body, e, ctx) : none(e.message)),
    (err) => {
      if (!ctx.alive) {
        return;
      }
      fill(body, failure(err));
    },
  );

  function none(message) {
    fill(
      body,
      h(
        'div',
        { class: 'empty big', id: 'no-evaluation' },
        h('h2', { text: t('eval.noneTitle') }),
        h('p', { text: t('eval.none') }),
        h('pre', null, h('code', { text: './persona evaluate --dataset ml100k\n./persona serve --evaluation target/evaluation' })),
        h('p', { class: 'muted', text: message }),
      ),
    );
  }
}

function draw(body, e, ctx) {
  const report = e.report || {};
  const sections = report.sections || [];
  const streams = report.streaming || [];
  const parts = [
    h(
      'div',
      { class: 'card meta' },
      h('p', null, t('eval.generated', { at: fmt.date(e.generatedAt) }), ' · ', fmt.ago(e.generatedAt)),
      report.command ? h('p', null, t('eval.command'), ' ', h('code', { id: 'eval-command', text: report.command })) : null,
      h('p', { class: 'muted', text: t('eval.protocolNote') }),
    ),
  ];
  if (sections.length === 0 && streams.length === 0) {
    parts.push(empty(t('eval.noSections')));
  }
  sections.forEach((s, i) => parts.push(section(s, i, ctx)));
  streams.forEach((s, i) => parts.push(streaming(s, i, ctx)));
  if (e.charts && e.charts.length) {
    const gallery = h('div', { class: 'gallery', id: 'eval-charts' });
    parts.push(card(t('eval.charts'), h('p', { class: 'muted', text: t('eval.chartsNote') }), gallery));
    for (const name of e.charts) {
      gallery.appendChild(svgImage(name, ctx));
    }
  }
  fill(body, parts);
}

function section(s, index, ctx) {
  const k = headline(s);
  const canvas = h('canvas', { 'aria-label': s.dataset });
  const rows = s.results.map((r) =>
    h(
      'tr',
      { dataset: { algorithm: r.algorithm } },
      h('td', null, h('strong', { text: r.algorithm })),
      METRICS.map((m) => {
        const v = r.metrics[m + '@' + k];
        return h(
          'td',
          { class: 'num', dataset: { metric: m + '@' + k } },
          v ? fmt.num(v.mean, 4) : '–',
          v && v.ci95 !== null && v.ci95 !== undefined ? h('span', { class: 'ci', text: '± ' + fmt.num(v.ci95, 4) }) : null,
        );
      }),
      h('td', { class: 'num', text: r.metrics['coverage@' + k] ? fmt.num(r.metrics['coverage@' + k].mean, 3) : '–' }),
      h('td', { class: 'num', title: r.sampledFrom && r.sampledFrom > r.users ? t('eval.sample', { n: fmt.int(r.users), of: fmt.int(r.sampledFrom) }) : null, text: fmt.int(r.users) + (r.sampledFrom && r.sampledFrom > r.users ? '*' : '') }),
      h('td', { class: 'num', text: fmt.num(r.trainSeconds, 1) }),
      h('td', { class: 'num', text: fmt.num(r.rankMillis, 2) }),
    ),
  );
  const box = card(
    s.dataset + ' · ' + s.protocol,
    h('p', { class: 'muted', text: s.description }),
    h('p', null, t('eval.sectionCounts', { users: fmt.int(s.users), items: fmt.int(s.catalogue), k })),
    h('div', { class: 'chart', style: { height: Math.max(180, 40 + s.results.length * 34) + 'px' } }, canvas),
    h(
      'div',
      { class: 'scroll' },
      h(
        'table',
        { class: 'table eval-table', id: 'eval-table-' + index },
        h(
          'thead',
          null,
          h(
            'tr',
            null,
            h('th', { text: t('eval.algorithm') }),
            METRICS.map((m) => h('th', { class: 'num', text: LABELS[m] + '@' + k })),
            h('th', { class: 'num', text: t('eval.coverage') }),
            h('th', { class: 'num', text: t('eval.users') }),
            h('th', { class: 'num', text: t('eval.trainSeconds') }),
            h('th', { class: 'num', text: t('eval.rankMillis') }),
          ),
        ),
        h('tbody', null, rows),
      ),
    ),
  );
  if (s.notes && s.notes.length) {
    box.appendChild(h('ul', { class: 'notes' }, s.notes.map((n) => h('li', { class: 'muted', text: n }))));
  }
  if (s.anchors && s.anchors.length) {
    box.appendChild(h('h3', { text: t('eval.anchors') }));
    box.appendChild(
      h(
        'table',
        { class: 'table compact', id: 'eval-anchors-' + index },
        h('thead', null, h('tr', null, h('th', { text: t('eval.source') }), h('th', { text: t('eval.method') }), ['ndcg@10', 'recall@10', 'recall_capped@10'].map((m) => h('th', { class: 'num', text: m })))),
        h(
          'tbody',
          null,
          s.anchors.map((a) =>
            h('tr', null, h('td', { text: a.source }), h('td', { text: a.method }), ['ndcg@10', 'recall@10', 'recall_capped@10'].map((m) => h('td', { class: 'num', text: a.metrics && a.metrics[m] !== undefined ? fmt.num(a.metrics[m], 4) : '–' }))),
          ),
        ),
      ),
    );
  }
  if (s.trials && s.trials.length) {
    box.appendChild(
      h(
        'details',
        { class: 'help' },
        h('summary', { text: t('eval.trials', { n: s.trials.length }) }),
        h(
          'table',
          { class: 'table compact' },
          h('thead', null, h('tr', null, h('th', { text: t('eval.algorithm') }), h('th', { text: t('eval.settings') }), h('th', { class: 'num', text: 'NDCG@10' }), h('th', { text: t('eval.chosen') }))),
          h(
            'tbody',
            null,
            s.trials.map((x) => h('tr', null, h('td', { text: x.algorithm }), h('td', null, h('code', { text: String(x.settings) })), h('td', { class: 'num', text: fmt.num(mean(x['ndcg@10']), 4) }), h('td', { text: x.chosen ? '✓' : '' }))),
          ),
        ),
      ),
    );
  }
  box.dataset.section = s.dataset;
  const shown = ['ndcg', 'recall', 'hit'];
  ctx.chart(canvas, {
    type: 'bar',
    data: {
      labels: s.results.map((r) => r.algorithm),
      datasets: shown.map((m, i) => ({
        label: LABELS[m] + '@' + k,
        data: s.results.map((r) => metricMean(r, m + '@' + k)),
        backgroundColor: COLOURS[i],
        borderRadius: 3,
        maxBarThickness: 14,
      })),
    },
    options: {
      indexAxis: 'y',
      scales: { x: { beginAtZero: true } },
      plugins: {
        tooltip: {
          callbacks: {
            label: (item) => {
              const r = s.results[item.dataIndex];
              const v = r.metrics[shown[item.datasetIndex] + '@' + k];
              return item.dataset.label + ': ' + fmt.num(v.mean, 4) + ' ± ' + fmt.num(v.ci95, 4);
            },
          },
        },
      },
    },
  });
  return box;
}

function streaming(s, index, ctx) {
  const canvas = h('canvas', { 'aria-label': s.dataset });
  const variants = Object.keys(s.hit || {});
  ctx.chart(canvas, {
    type: 'line',
    data: {
      labels: s.buckets,
      datasets: variants.map((v, i) => ({
        label: v,
        data: s.hit[v],
        borderColor: COLOURS[i % COLOURS.length],
        backgroundColor: COLOURS[i % COLOURS.length],
        spanGaps: true,
        tension: 0.2,
      })),
    },
    options: { scales: { y: { beginAtZero: true, title: { display: true, text: 'HitRate@' + s.k } } } },
  });
  return card(
    t('eval.streaming', { d: s.dataset }),
    h('p', { class: 'muted', text: t('eval.streamingNote', { n: fmt.int(s.targets), k: s.k }) }),
    h('div', { class: 'chart', style: { height: '240px' } }, canvas),
    h(
      'table',
      { class: 'table', id: 'eval-streaming-' + index },
      h('thead', null, h('tr', null, h('th', { text: t('eval.variant') }), h('th', { class: 'num', text: 'HitRate@' + s.k }), h('th', { class: 'num', text: 'NDCG@' + s.k }))),
      h(
        'tbody',
        null,
        Object.entries(s.overall || {}).map(([v, o]) => h('tr', null, h('td', { text: v }), h('td', { class: 'num', text: withInterval(o.hit) }), h('td', { class: 'num', text: withInterval(o.ndcg) }))),
      ),
    ),
  );
}

/**
 * A chart of the report, read with the API key when one is set (an <img> pointing at the API could
 * not send it), shown from a blob URL.
 */
function svgImage(name, ctx) {
  const figure = h('figure', null, h('figcaption', { text: name }));
  const headers = apiKey() ? { Authorization: 'Bearer ' + apiKey() } : {};
  fetch('/v1/evaluation/charts/' + encodeURIComponent(name), { headers })
    .then((r) => (r.ok ? r.blob() : Promise.reject(new Error('HTTP ' + r.status))))
    .then((blob) => {
      if (!ctx.alive) {
        return;
      }
      const url = URL.createObjectURL(blob);
      const img = h('img', { src: url, alt: name, onload: () => URL.revokeObjectURL(url) });
      figure.insertBefore(img, figure.firstChild);
    })
    .catch((err) => figure.appendChild(h('p', { class: 'muted', text: err.message })));
  return figure;
}
