// Overview: is the system healthy, how big is it, what is it doing now, which models serve, and
// how good are they offline.
// Reads GET /v1/health, /v1/stats, /v1/models, /v1/evaluation; POST /v1/models/train (key).

import { api } from '../api.js';
import { card, empty, failure, fill, fmt, h, pair } from '../dom.js';
import { t } from '../i18n.js';
import { COLOURS } from '../charts.js';
import { headline, metricMean } from './evaluation.js';

const WINDOW = 60;

export function render(root, params, ctx) {
  const status = h('div', { class: 'status', id: 'status' });
  const kpis = h('div', { class: 'kpis', id: 'kpis' });
  const rateCanvas = h('canvas', { id: 'rate-chart', 'aria-label': t('overview.rate') });
  const typesCanvas = h('canvas', { id: 'types-chart', 'aria-label': t('overview.byType') });
  const latency = h('div', { id: 'latency' });
  const models = h('div', { id: 'models' });
  const evaluation = h('div', { id: 'overview-evaluation' });

  fill(
    root,
    h('div', { class: 'page-head' }, h('h1', { text: t('nav.overview') }), status),
    kpis,
    h(
      'div',
      { class: 'grid two' },
      card(t('overview.rate'), h('div', { class: 'chart', style: { height: '220px' } }, rateCanvas)),
      card(t('overview.byType'), h('div', { class: 'chart', style: { height: '220px' } }, typesCanvas)),
    ),
    card(t('overview.latency'), latency),
    h('div', { class: 'grid two' }, card(t('overview.models'), models), card(t('overview.evaluation'), evaluation)),
  );

  const seconds = Array.from({ length: WINDOW }, (_, i) => String(i - WINDOW));
  const rateChart = ctx.chart(rateCanvas, {
    type: 'line',
    data: {
      labels: seconds,
      datasets: [
        {
          label: t('overview.eventsPerSecond'),
          data: new Array(WINDOW).fill(0),
          borderColor: COLOURS[0],
          backgroundColor: 'rgba(37, 99, 235, 0.12)',
          fill: true,
          pointRadius: 0,
          tension: 0.25,
        },
      ],
    },
    options: {
      animation: false,
      plugins: { legend: { display: false } },
      scales: {
        x: {
          grid: { display: false },
          ticks: {
            autoSkip: false,
            maxRotation: 0,
            callback: (v, i) => (i % 15 === 0 ? t('overview.secondsAgo', { s: WINDOW - i }) : ''),
          },
        },
        y: { beginAtZero: true, ticks: { precision: 0 } },
      },
    },
  });
  let typesChart = null;

  async function live() {
    let health;
    let stats;
    try {
      health = await api.get('/v1/health');
      stats = await api.get('/v1/stats', { window: WINDOW });
    } catch (e) {
      if (!ctx.alive) {
        return;
      }
      if (e.status === 503 && e.body && e.body.status && e.body.status !== 'ready') {
        drawStatus(e.body); // starting or replaying: health says how far
        return;
      }
      fill(kpis, failure(e));
      return;
    }
    if (!ctx.alive) {
      return;
    }
    drawStatus(health);
    drawKpis(health, stats);
    rateChart.data.datasets[0].data = stats.events.series;
    rateChart.update('none');
    const byType = Object.entries(health.counts.eventsByType || {}).sort((a, b) => b[1] - a[1]);
    if (!typesChart) {
      typesChart = ctx.chart(typesCanvas, {
        type: 'doughnut',
        data: {
          labels: byType.map(([k]) => k),
          datasets: [{ data: byType.map(([, v]) => v), backgroundColor: COLOURS }],
        },
        options: { plugins: { legend: { position: 'right' } } },
      });
    } else {
      typesChart.data.labels = byType.map(([k]) => k);
      typesChart.data.datasets[0].data = byType.map(([, v]) => v);
      typesChart.update('none');
    }
    drawLatency(stats);
  }

  function drawStatus(health) {
    const progress =
      health.status === 'replaying' && health.toReplay > 0
        ? t('status.progress', { done: fmt.int(health.replayed), all: fmt.int(health.toReplay) })
        : null;
    fill(
      status,
      h('span', { class: 'badge ' + (health.status === 'ready' ? 'good' : 'warn'), id: 'health-status', text: t('status.' + health.status) }),
      progress ? h('span', { text: progress }) : null,
      h('span', { class: 'muted', text: t('overview.version', { v: health.version }) }),
      h('span', { class: 'muted', text: t('overview.uptime', { d: fmt.duration(health.uptimeSeconds) }) }),
    );
  }

  function drawKpis(health, stats) {
    const series = stats.events.series;
    const last5 = series.slice(-5).reduce((a, b) => a + b, 0) / 5;
    const tiles = [
      ['eventsPerSecond', fmt.num(last5, 1), t('overview.meanOver', { n: fmt.num(stats.events.perSecond, 1), s: WINDOW })],
      ['users', fmt.int(health.counts.users), null],
      ['items', fmt.int(health.counts.items), null],
      ['events', fmt.int(health.counts.events), t('overview.disk', { b: fmt.bytes(health.store.diskBytes) })],
      ['requestsPerSecond', fmt.num(stats.requests.perSecond, 1), t('overview.errors', { n: fmt.int(stats.requests.serverErrors) })],
      ['p99', fmt.ms(stats.requests.latencyMs.p99), t('overview.p50', { v: fmt.ms(stats.requests.latencyMs.p50) })],
    ];
    fill(
      kpis,
      tiles.map(([key, value, sub]) =>
        h(
          'div',
          { class: 'kpi', dataset: { kpi: key } },
          h('div', { class: 'kpi-label', text: t('kpi.' + key) }),
          h('div', { class: 'kpi-value', text: value }),
          sub ? h('div', { class: 'kpi-sub muted', text: sub }) : null,
        ),
      ),
    );
  }

  function drawLatency(stats) {
    const routes = stats.requests.routes;
    if (routes.length === 0) {
      fill(latency, empty(t('overview.noRequests')));
      return;
    }
    const l = stats.requests.latencyMs;
    fill(
      latency,
      h(
        'p',
        { class: 'muted' },
        t('overview.latencySummary', {
          n: fmt.int(stats.requests.count),
          s: WINDOW,
          p50: fmt.ms(l.p50),
          p95: fmt.ms(l.p95),
          p99: fmt.ms(l.p99),
          max: fmt.ms(l.max),
        }),
      ),
      h(
        'table',
        { class: 'table', id: 'latency-table' },
        h(
          'thead',
          null,
          h('tr', null, ['route', 'count', 'p50', 'p95', 'p99', 'max', 'errors'].map((c) => h('th', { class: c === 'route' ? null : 'num', text: t('latency.' + c) }))),
        ),
        h(
          'tbody',
          null,
          routes.slice(0, 12).map((r) =>
            h(
              'tr',
              null,
              h('td', null, h('code', { text: r.route })),
              h('td', { class: 'num', text: fmt.int(r.count) }),
              h('td', { class: 'num', text: fmt.ms(r.latencyMs.p50) }),
              h('td', { class: 'num', text: fmt.ms(r.latencyMs.p95) }),
              h('td', { class: 'num', text: fmt.ms(r.latencyMs.p99) }),
              h('td', { class: 'num', text: fmt.ms(r.latencyMs.max) }),
              h('td', { class: 'num', text: fmt.int(r.clientErrors + r.serverErrors) }),
            ),
          ),
        ),
      ),
    );
  }

  async function drawModels() {
    let m;
    try {
      m = await api.get('/v1/models');
    } catch (e) {
      if (ctx.alive) {
        fill(models, failure(e));
      }
      return;
    }
    if (!ctx.alive) {
      return;
    }
    const trained = m.trained;
    const train = h('button', {
      type: 'button',
      id: 'train',
      class: 'secondary',
      text: t('models.train'),
      onclick: async () => {
        train.disabled = true;
        try {
          const job = await api.post('/v1/models/train');
          note.textContent = t('models.started', { job: job.job });
        } catch (e) {
          note.textContent = e.status === 401 ? t('error.key') : e.message;
        } finally {
          train.disabled = false;
        }
        setTimeout(drawModels, 1500);
      },
    });
    const note = h('p', { class: 'muted', role: 'status' });
    const parts = [];
    if (!trained) {
      parts.push(empty(t('models.none')));
    } else {
      parts.push(
        h(
          'dl',
          { class: 'pairs', id: 'model-version' },
          pair(t('models.version'), 'v' + trained.version),
          pair(t('models.trainedAt'), h('span', { title: fmt.date(trained.trainedAt), text: fmt.date(trained.trainedAt) + ' (' + fmt.ago(trained.trainedAt) + ')' })),
          pair(t('models.data'), t('models.dataValue', { u: fmt.int(trained.users), i: fmt.int(trained.items), p: fmt.int(trained.pairs) })),
        ),
        h(
          'table',
          { class: 'table', id: 'models-table' },
          h('thead', null, h('tr', null, ['model', 'status', 'seconds', 'ndcg', 'hit'].map((c) => h('th', { class: c === 'model' || c === 'status' ? null : 'num', text: t('models.' + c) })))),
          h(
            'tbody',
            null,
            [...trained.models, { name: t('models.baseline'), status: 'baseline', holdout: trained.baseline }].map((x) =>
              h(
                'tr',
                null,
                h('td', { text: x.name }),
                h('td', { title: x.reason || '', text: t('models.status.' + x.status) }),
                h('td', { class: 'num', text: x.seconds === undefined ? '' : fmt.num(x.seconds, 1) }),
                h('td', { class: 'num', text: x.holdout ? fmt.num(x.holdout['ndcg@10'], 4) : '–' }),
                h('td', { class: 'num', text: x.holdout ? fmt.num(x.holdout['hitRate@10'], 4) : '–' }),
              ),
            ),
          ),
        ),
        h('p', { class: 'muted', text: t('models.holdoutNote', { n: fmt.int(trained.baseline ? trained.baseline.users : 0) }) }),
      );
    }
    const jobs = m.jobs.slice(-3).reverse();
    if (jobs.length > 0) {
      parts.push(
        h(
          'ul',
          { class: 'jobs' },
          jobs.map((j) =>
            h('li', null, h('span', { class: 'badge ' + (j.state === 'done' ? 'good' : j.state === 'failed' ? 'bad' : 'warn'), text: t('jobs.' + j.state) }), ' ', j.job, ' · ', t('jobs.trigger', { t: j.trigger }), j.finishedAt ? ' · ' + fmt.ago(j.finishedAt) : '', j.message ? h('span', { class: 'muted', text: ' · ' + j.message }) : null),
          ),
        ),
      );
    }
    parts.push(h('div', { class: 'actions' }, train, h('span', { class: 'muted', text: t('models.schedule', { every: isoDuration(m.schedule.every) }) })), note);
    fill(models, parts);
  }

  async function drawEvaluation() {
    let e;
    try {
      e = await api.get('/v1/evaluation');
    } catch (err) {
      if (!ctx.alive) {
        return;
      }
      fill(evaluation, failure(err));
      return;
    }
    if (!ctx.alive) {
      return;
    }
    if (!e.report) {
      fill(evaluation, empty(t('eval.none'), h('a', { href: '#/evaluation', text: t('eval.how') })));
      return;
    }
    const rows = [];
    for (const s of e.report.sections || []) {
      const k = headline(s);
      for (const r of s.results) {
        rows.push([s.dataset, s.protocol, r.algorithm, metricMean(r, 'ndcg@' + k), metricMean(r, 'hit@' + k), k]);
      }
    }
    fill(
      evaluation,
      h('p', { class: 'muted', text: t('eval.generated', { at: fmt.date(e.generatedAt) }) }),
      rows.length === 0
        ? empty(t('eval.noSections'))
        : h(
            'table',
            { class: 'table', id: 'overview-eval-table' },
            h('thead', null, h('tr', null, h('th', { text: t('eval.dataset') }), h('th', { text: t('eval.algorithm') }), h('th', { class: 'num', text: 'NDCG@k' }), h('th', { class: 'num', text: 'HitRate@k' }))),
            h(
              'tbody',
              null,
              rows.map(([d, p, a, ndcg, hit, k]) =>
                h('tr', null, h('td', { text: d + ' · ' + p }), h('td', { text: a }), h('td', { class: 'num', title: 'k = ' + k, text: fmt.num(ndcg, 4) }), h('td', { class: 'num', text: fmt.num(hit, 4) })),
              ),
            ),
          ),
      h('a', { href: '#/evaluation', text: t('eval.more') }),
    );
  }

  live();
  drawModels();
  drawEvaluation();
  ctx.every(2000, live);
  ctx.every(15000, drawModels);
}

/** PT1H30M -> "1 h 30 min" (the schedule's period); anything else as it is. */
function isoDuration(text) {
  const m = /^PT(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?$/.exec(text || '');
  if (!m) {
    return text;
  }
  return fmt.duration((Number(m[1] || 0) * 60 + Number(m[2] || 0)) * 60 + Number(m[3] || 0));
}
