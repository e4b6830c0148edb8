// Segments: define a rule with feedback as it is typed (syntax, audience size), see a segment's
// size over time, and how its members differ from everyone.
// Reads GET /v1/segments, /v1/segments/{name}, /v1/audience, /v1/audience/traits;
// writes PUT and DELETE /v1/segments/{name} (with the key).

import { api, path } from '../api.js';
import { card, debounce, empty, failure, fill, fmt, h, link } from '../dom.js';
import { t } from '../i18n.js';
import { COLOURS, MUTED, short } from '../charts.js';

const EXAMPLES = [
  'lifecycle = "active" and consumption.orders >= 1',
  'interest.category["electronics"] > 0.3',
  'rfm.segment in ["at risk", "can\'t lose them"]',
  'ageBand = "25-34" and gender = "F"',
  'count.view.7d >= 5 and not risk.flagged',
];

const NAME = /^[A-Za-z0-9_.-]{1,64}$/;

export function render(root, params, ctx) {
  const selected = params[0] || null;
  const list = h('div', { id: 'segment-list' }, t('app.loading'));
  const editor = h('div', { id: 'segment-editor' });
  const insight = h('div', { id: 'segment-insight' });
  fill(
    root,
    h('div', { class: 'page-head' }, h('h1', { text: t('nav.segments') }), h('a', { class: 'button', href: '#/segments', id: 'segment-new', text: t('seg.new') })),
    h('div', { class: 'split' }, card(t('seg.list'), list), h('div', null, editor, insight)),
  );

  drawList(list, selected, ctx);
  if (selected) {
    api.get(path('/v1/segments', selected)).then(
      (s) => ctx.alive && drawEditor(editor, insight, s, ctx),
      (e) => {
        if (!ctx.alive) {
          return;
        }
        if (e.status === 404) {
          fill(editor, h('div', { class: 'empty big', id: 'no-such-segment' }, h('h2', { text: t('seg.noSuch') }), h('p', null, t('seg.noSuchHelp', { name: selected }))));
        } else {
          fill(editor, failure(e));
        }
      },
    );
  } else {
    drawEditor(editor, insight, null, ctx);
  }
}

async function drawList(box, selected, ctx) {
  try {
    const r = await api.get('/v1/segments');
    if (!ctx.alive) {
      return;
    }
    fill(
      box,
      r.segments.length === 0
        ? empty(t('seg.none'))
        : h(
            'ul',
            { class: 'segments' },
            r.segments.map((s) =>
              h(
                'li',
                { class: s.name === selected ? 'on' : null, dataset: { segment: s.name, size: s.size } },
                link(['segments', s.name], s.name),
                h('span', { class: 'size', text: fmt.int(s.size) }),
                h('code', { class: 'rule', text: s.rule }),
                s.description ? h('span', { class: 'muted', text: s.description }) : null,
              ),
            ),
          ),
    );
  } catch (e) {
    if (ctx.alive) {
      fill(box, failure(e));
    }
  }
}

function drawEditor(box, insight, segment, ctx) {
  const name = h('input', { id: 'segment-name', value: segment ? segment.name : '', placeholder: 'big-spenders', pattern: '[A-Za-z0-9_.\\-]{1,64}', required: true, spellcheck: 'false', 'aria-label': t('seg.name') });
  const description = h('input', { id: 'segment-description', value: segment && segment.description ? segment.description : '', placeholder: t('seg.descriptionHint'), 'aria-label': t('seg.description') });
  const rule = h('textarea', { id: 'segment-rule', rows: 3, spellcheck: 'false', placeholder: EXAMPLES[0], 'aria-label': t('seg.rule'), 'aria-describedby': 'rule-feedback' });
  rule.value = segment ? segment.rule : '';
  const feedback = h('div', { id: 'rule-feedback', class: 'feedback', role: 'status', 'aria-live': 'polite' });
  const sample = h('div', { id: 'rule-sample' });
  const saved = h('p', { id: 'save-result', role: 'status' });
  const save = h('button', { type: 'submit', id: 'segment-save', text: t('seg.save') });
  const remove = segment
    ? h('button', {
        type: 'button',
        class: 'danger',
        id: 'segment-delete',
        text: t('seg.delete'),
        onclick: async () => {
          if (!window.confirm(t('seg.confirmDelete', { name: segment.name }))) {
            return;
          }
          try {
            await api.del(path('/v1/segments', segment.name));
            location.hash = '#/segments';
          } catch (e) {
            saved.className = 'warn';
            saved.textContent = e.status === 401 ? t('error.key') : e.message;
          }
        },
      })
    : null;

  let checked = null; // the rule last found valid, for the insight
  const check = debounce(async () => {
    const text = rule.value.trim();
    if (!text) {
      fill(feedback, h('span', { class: 'muted', text: t('seg.typeRule') }));
      fill(sample);
      return;
    }
    try {
      const a = await api.get('/v1/audience', { rule: text, limit: 12 });
      if (!ctx.alive || text !== rule.value.trim()) {
        return;
      }
      rule.classList.remove('invalid');
      rule.setAttribute('aria-invalid', 'false');
      fill(
        feedback,
        h('span', { class: 'ok', id: 'audience-size', dataset: { count: a.count } }, t('seg.valid', { n: fmt.int(a.count) })),
        h('span', { class: 'muted', text: ' · ' + t('seg.took', { ms: fmt.num(a.tookMs, 1) }) }),
        a.warnings.map((w) => h('p', { class: 'warn', text: w })),
      );
      fill(sample, a.users.length ? h('ul', { class: 'chips', id: 'audience-sample' }, a.users.map((u) => h('li', null, link(['users', u], u)))) : null);
      if (checked !== text) {
        checked = text;
        drawInsight(insight, text, segment && segment.rule === text ? segment : null, ctx);
      }
    } catch (e) {
      if (!ctx.alive || text !== rule.value.trim()) {
        return;
      }
      if (e.code === 'invalid_rule') {
        const d = e.details[0] || {};
        rule.classList.add('invalid');
        rule.setAttribute('aria-invalid', 'true');
        fill(feedback, h('p', { class: 'bad', id: 'rule-error', text: d.reason || e.message }), caret(text, d.position));
      } else {
        fill(feedback, failure(e));
      }
      fill(sample);
    }
  }, 300);
  rule.addEventListener('input', check);

  const form = h(
    'form',
    {
      class: 'editor',
      onsubmit: async (e) => {
        e.preventDefault();
        saved.className = '';
        if (!NAME.test(name.value)) {
          saved.className = 'warn';
          saved.textContent = t('seg.badName');
          return;
        }
        save.disabled = true;
        try {
          const s = await api.put(path('/v1/segments', name.value), { rule: rule.value.trim(), description: description.value.trim() || null });
          saved.className = 'ok';
          saved.textContent = t('seg.saved', { name: s.name, n: fmt.int(s.size) });
          if (!segment || segment.name !== s.name) {
            location.hash = '#/segments/' + encodeURIComponent(s.name);
          }
        } catch (err) {
          saved.className = 'warn';
          saved.textContent = err.status === 401 ? t('error.key') : err.message;
        } finally {
          save.disabled = false;
        }
      },
    },
    h('label', null, t('seg.name'), name),
    h('label', null, t('seg.description'), description),
    h('label', null, t('seg.rule'), rule),
    feedback,
    sample,
    h('div', { class: 'actions' }, save, remove, h('span', { class: 'muted', text: t('seg.keyNote') })),
    saved,
    h(
      'details',
      { class: 'help' },
      h('summary', { text: t('seg.help') }),
      h('p', { class: 'muted', text: t('seg.helpText') }),
      h(
        'ul',
        { class: 'examples' },
        EXAMPLES.map((x) =>
          h(
            'li',
            null,
            h('button', {
              type: 'button',
              class: 'link',
              text: x,
              onclick: () => {
                rule.value = x;
                check();
              },
            }),
          ),
        ),
      ),
    ),
  );
  fill(box, card(segment ? t('seg.edit', { name: segment.name }) : t('seg.define'), form));
  if (segment) {
    check();
  } else {
    fill(insight, card(t('seg.insight'), empty(t('seg.insightEmpty'))));
  }
}

/** The rule with the place of the mistake marked. */
function caret(text, position) {
  if (position === undefined || position === null) {
    return null;
  }
  const at = Math.max(0, Math.min(position, text.length));
  return h(
    'pre',
    { class: 'caret', id: 'rule-caret' },
    text.slice(0, at),
    h('mark', { text: at < text.length ? text[at] : ' ' }),
    text.slice(at + 1),
  );
}

async function drawInsight(box, rule, segment, ctx) {
  ctx.dropCharts(box);
  const history = h('div', { id: 'segment-history' });
  const summary = h('p', { id: 'traits-summary' }, t('app.loading'));
  const fields = h('div', { class: 'grid traits', id: 'traits-fields' });
  const interests = h('div', { class: 'grid traits', id: 'traits-interests' });
  fill(
    box,
    segment ? card(t('seg.history'), history) : null,
    card(t('seg.compare'), summary, h('h3', { text: t('seg.fields') }), fields, h('h3', { text: t('seg.interests') }), interests),
  );
  if (segment) {
    drawHistory(history, segment, ctx);
  }
  let c;
  try {
    c = await api.get('/v1/audience/traits', { rule });
  } catch (e) {
    if (ctx.alive) {
      fill(summary, failure(e));
    }
    return;
  }
  if (!ctx.alive || !box.isConnected) {
    return;
  }
  fill(
    summary,
    t('seg.summary', { n: fmt.int(c.members), all: fmt.int(c.everyone), p: fmt.pct(c.everyone ? c.members / c.everyone : 0) }),
    c.sampled ? h('span', { class: 'muted', text: ' ' + t('seg.sampled') }) : null,
  );
  summary.dataset.members = c.members;
  const shown = c.fields.filter((f) => f.values.length > 1 || f.field === 'risk.flagged');
  fill(fields, shown.map((f) => comparison(fieldLabel(f.field), f.values.map((v) => valueLabel(f.field, v)), f.values, ctx, f.field)));
  fill(
    interests,
    c.interests.map((d) => comparison(t('dim.' + d.dimension), d.keys.map((k) => k.key), d.keys, ctx, 'interest.' + d.dimension)),
  );
}

/** Members against everyone, as horizontal bars of shares. */
export function comparison(title, labels, rows, ctx, field) {
  const canvas = h('canvas', { 'aria-label': title });
  const box = h('div', { class: 'trait', dataset: { field } }, h('h4', { text: title }), h('div', { class: 'chart', style: { height: Math.max(90, 22 * labels.length + 50) + 'px' } }, canvas));
  ctx.chart(canvas, {
    type: 'bar',
    data: {
      labels: labels.map((l) => short(l, 24)),
      datasets: [
        { label: t('seg.members'), data: rows.map((r) => r.members), backgroundColor: COLOURS[0], borderRadius: 2, maxBarThickness: 10 },
        { label: t('seg.everyone'), data: rows.map((r) => r.everyone), backgroundColor: MUTED, borderRadius: 2, maxBarThickness: 10 },
      ],
    },
    options: {
      indexAxis: 'y',
      plugins: {
        legend: { display: true, position: 'bottom' },
        tooltip: { callbacks: { title: (items) => (items.length ? labels[items[0].dataIndex] : ''), label: (i) => i.dataset.label + ': ' + fmt.pct(i.raw) } },
      },
      scales: { x: { beginAtZero: true, ticks: { callback: (v) => fmt.pct(v, 0) } }, y: { ticks: { autoSkip: false } } },
    },
  });
  return box;
}

export function fieldLabel(field) {
  return t('field.' + field, null, field);
}

export function valueLabel(field, v) {
  if (v.value === null) {
    return t('traits.none');
  }
  if (v.label) {
    return '#' + v.value + ' ' + v.label;
  }
  const prefix = { lifecycle: 'stage.', 'consumption.level': 'level.', 'rfm.segment': 'rfm.', 'risk.flagged': 'bool.' }[field];
  return prefix ? t(prefix + v.value, null, v.value) : v.value;
}

function drawHistory(box, segment, ctx) {
  const points = segment.history || [];
  if (points.length < 2) {
    fill(box, empty(t('seg.historyFew', { n: fmt.int(segment.size) })));
    return;
  }
  const canvas = h('canvas', { 'aria-label': t('seg.history') });
  fill(box, h('div', { class: 'chart', style: { height: '180px' } }, canvas));
  ctx.chart(canvas, {
    type: 'line',
    data: {
      labels: points.map((p) => fmt.date(p.at)),
      datasets: [{ label: t('seg.size'), data: points.map((p) => p.size), borderColor: COLOURS[2], backgroundColor: COLOURS[2], stepped: true, pointRadius: 2 }],
    },
    options: { plugins: { legend: { display: false } }, scales: { y: { beginAtZero: true, ticks: { precision: 0 } }, x: { ticks: { maxTicksLimit: 6 } } } },
  });
}
