// User explorer: who a user is (用户画像) and why they get what they get, kept live.
// Reads GET /v1/users, /v1/users/{id}/profile, /v1/users/{id}/events,
// /v1/users/{id}/recommendations, /v1/users/{id}/neighbors and /v1/items/{id}.

import { api, itemsById, path } from '../api.js';
import { card, debounce, empty, failure, fill, fmt, h, link, pair, searchBox } from '../dom.js';
import { lang, t } from '../i18n.js';
import { COLOURS, barConfig } from '../charts.js';
import { reasonText, sourceLabel } from './reasons.js';

const DIMENSIONS = ['category', 'brand', 'tag', 'price'];
const POLL_MS = 3000;
const PAGE = 25;

export function render(root, params, ctx) {
  const id = params[0];
  const form = searchForm(id);
  const body = h('div', { id: 'user-body' });
  fill(root, h('div', { class: 'page-head' }, h('h1', { text: t('nav.users') }), form), body);
  if (!id) {
    pickAUser(body, ctx);
    return;
  }
  showUser(body, id, ctx);
}

/** The id box, with suggestions from GET /v1/users?prefix= as one types. */
function searchForm(id) {
  const list = h('datalist', { id: 'user-suggestions' });
  const { form, input } = searchBox({ id: 'user', route: 'users', label: t('users.search'), button: t('users.show'), value: id, list: 'user-suggestions', extra: list });
  const suggest = debounce(async () => {
    const prefix = input.value.trim();
    if (!prefix) {
      return;
    }
    try {
      const page = await api.get('/v1/users', { prefix, limit: 10 });
      fill(list, page.users.map((u) => h('option', { value: u })));
    } catch (e) {
      // suggestions are a convenience; the search itself reports failures
    }
  }, 200);
  input.addEventListener('input', suggest);
  return form;
}

async function pickAUser(body, ctx) {
  fill(body, card(t('users.pick'), h('p', { class: 'muted', text: t('users.pickHelp') }), h('div', { id: 'user-examples' }, t('app.loading'))));
  try {
    const page = await api.get('/v1/users', { limit: 40 });
    if (!ctx.alive) {
      return;
    }
    fill(
      body.querySelector('#user-examples'),
      page.users.length === 0
        ? empty(t('users.noneYet'))
        : [
            h('p', { class: 'muted', text: t('users.count', { n: fmt.int(page.count) }) }),
            h('ul', { class: 'chips' }, page.users.map((u) => h('li', null, link(['users', u], u)))),
          ],
    );
  } catch (e) {
    if (ctx.alive) {
      fill(body.querySelector('#user-examples'), failure(e));
    }
  }
}

function showUser(body, id, ctx) {
  const head = h('div', { class: 'card user-head', id: 'user-head' }, t('app.loading'));
  const interests = h('div', { id: 'interests' });
  const cloud = h('div', { class: 'cloud', id: 'tag-cloud' });
  const radar = h('div', { id: 'radar' });
  const consumption = h('div', { id: 'consumption' });
  const lifecycle = h('div', { id: 'lifecycle' });
  const groups = h('div', { id: 'groups' });
  const risk = h('div', { id: 'risk' });
  const activity = h('div', { id: 'activity' });
  const timeline = h('div', { id: 'timeline' });
  const recs = h('div', { id: 'recommendations' });
  const neighbours = h('div', { id: 'neighbors' });
  const liveNote = h('span', { class: 'live', id: 'live-note', role: 'status' });

  let newest = null; // the sequence of the newest event shown
  let dimension = 'category';
  let profile = null;

  fill(
    body,
    head,
    h(
      'div',
      { class: 'grid three' },
      card(t('users.interests'), h('div', { class: 'tabs', role: 'tablist', id: 'dimension-tabs' }), interests),
      card(t('users.radar'), radar),
      card(t('users.tags'), cloud),
      card(t('users.consumption'), consumption),
      card(t('users.lifecycle'), lifecycle),
      card(t('users.groups'), groups),
      card(t('users.risk'), risk),
      card(t('users.activity'), activity),
      card(t('users.neighbors'), neighbours),
    ),
    h(
      'div',
      { class: 'grid two' },
      card(t('users.timeline'), liveNote, timeline),
      card(t('users.recommendations'), recs),
    ),
  );

  async function load() {
    let p;
    try {
      p = await api.get(path('/v1/users', id, 'profile'), { top: 12 });
    } catch (e) {
      if (!ctx.alive) {
        return false;
      }
      if (e.status === 404) {
        fill(body, noSuchUser(id));
      } else {
        fill(head, failure(e));
      }
      return false;
    }
    if (!ctx.alive) {
      return false;
    }
    profile = p;
    drawHead(p);
    drawInterests();
    drawRadar(p);
    drawCloud(p);
    drawConsumption(p);
    drawLifecycle(p);
    drawGroups(p);
    drawRisk(p);
    drawActivity(p);
    return true;
  }

  function drawHead(p) {
    const attributes = Object.entries(p.attributes || {});
    fill(
      head,
      h(
        'div',
        { class: 'who' },
        h('h2', { id: 'user-id', text: p.userId }),
        h('ul', { class: 'chips', id: 'attributes' }, attributes.map(([k, v]) => h('li', { dataset: { attribute: k } }, h('span', { class: 'muted', text: k + ' ' }), String(v)))),
      ),
      h(
        'div',
        { class: 'muted' },
        p.profiling ? null : h('span', { class: 'badge warn', text: t('users.noProfiling') }),
        ' ',
        t('users.asOf', { at: fmt.date(p.asOf) }),
      ),
    );
  }

  function drawInterests() {
    const p = profile;
    const tabs = body.querySelector('#dimension-tabs');
    fill(
      tabs,
      DIMENSIONS.map((d) =>
        h('button', {
          type: 'button',
          role: 'tab',
          class: d === dimension ? 'on' : null,
          'aria-selected': d === dimension ? 'true' : 'false',
          dataset: { dimension: d },
          text: t('dim.' + d),
          onclick: () => {
            dimension = d;
            drawInterests();
          },
        }),
      ),
    );
    ctx.dropCharts(interests);
    const list = (p.interests && p.interests[dimension]) || [];
    if (list.length === 0) {
      fill(interests, empty(t('users.noInterests')));
      return;
    }
    const canvas = h('canvas', { 'aria-label': t('users.interests') });
    fill(
      interests,
      h('div', { class: 'chart', style: { height: Math.max(140, list.length * 24 + 30) + 'px' } }, canvas),
      h(
        'ol',
        { class: 'sr-list', id: 'interest-list' },
        list.map((i) => h('li', { dataset: { key: i.key, share: i.share } }, i.key + ': ' + fmt.pct(i.share))),
      ),
    );
    ctx.chart(
      canvas,
      barConfig(list.map((i) => i.key), [{ label: t('users.share'), data: list.map((i) => i.share), colour: COLOURS[0] }], {
        ticks: (v) => fmt.pct(v, 0),
        tooltip: (item) => fmt.pct(item.raw) + ' · ' + t('users.weight', { w: fmt.num(list[item.dataIndex].weight, 2) }),
      }),
    );
  }

  function drawRadar(p) {
    ctx.dropCharts(radar);
    const top = ((p.interests && p.interests.category) || []).filter((i) => !i.key.includes('/')).slice(0, 8);
    if (top.length < 3) {
      fill(radar, empty(t('users.radarFew')));
      return;
    }
    const canvas = h('canvas', { 'aria-label': t('users.radar') });
    fill(radar, h('div', { class: 'chart', style: { height: '240px' } }, canvas));
    ctx.chart(canvas, {
      type: 'radar',
      data: {
        labels: top.map((i) => i.key),
        datasets: [{ label: t('users.share'), data: top.map((i) => i.share), borderColor: COLOURS[4], backgroundColor: 'rgba(147, 51, 234, 0.18)', pointRadius: 2 }],
      },
      options: { plugins: { legend: { display: false } }, scales: { r: { beginAtZero: true, ticks: { display: false } } } },
    });
  }

  function drawCloud(p) {
    const tags = (p.interests && p.interests.tag) || [];
    const brands = (p.interests && p.interests.brand) || [];
    const words = [...tags.map((x) => ({ ...x, kind: 'tag' })), ...brands.slice(0, 6).map((x) => ({ ...x, kind: 'brand' }))];
    if (words.length === 0) {
      fill(cloud, empty(t('users.noTags')));
      return;
    }
    const max = Math.max(...words.map((w) => w.share));
    words.sort((a, b) => a.key.localeCompare(b.key));
    fill(
      cloud,
      words.map((w) =>
        h('span', {
          class: 'word ' + w.kind,
          title: t('dim.' + w.kind) + ' · ' + fmt.pct(w.share),
          style: { fontSize: (0.8 + 1.3 * (w.share / max)).toFixed(2) + 'em' },
          text: w.key,
        }),
      ),
    );
  }

  function drawConsumption(p) {
    const c = p.consumption;
    const r = c.rfm;
    const meter = (label, score) =>
      h(
        'div',
        { class: 'meter', title: label + ' ' + (score === null ? '–' : score + '/5') },
        h('span', { class: 'meter-label', text: label }),
        [1, 2, 3, 4, 5].map((i) => h('span', { class: 'dot' + (score !== null && i <= score ? ' on' : '') })),
        h('span', { class: 'meter-value', text: score === null ? '–' : String(score) }),
      );
    fill(
      consumption,
      h(
        'dl',
        { class: 'pairs' },
        pair(t('users.spend'), fmt.money(c.spend)),
        pair(t('users.orders'), fmt.int(c.orders)),
        pair(t('users.aov'), fmt.money(c.averageOrderValue)),
        pair(
          t('users.level'),
          c.level ? h('span', { class: 'badge level-' + c.level, id: 'consumption-level', text: t('level.' + c.level) }) : '–',
        ),
        pair(t('users.priceRatio'), c.priceRatio === null ? '–' : fmt.num(c.priceRatio, 2) + ' · ' + t('basis.' + c.levelBasis)),
      ),
      h('div', { class: 'rfm', id: 'rfm' }, meter('R', r.recency), meter('F', r.frequency), meter('M', r.monetary)),
      h('p', null, h('strong', { id: 'rfm-segment', text: t('rfm.' + r.segment) }), r.lastPurchase ? h('span', { class: 'muted', text: ' · ' + t('users.lastPurchase', { at: fmt.date(r.lastPurchase) }) }) : null),
    );
  }

  function drawLifecycle(p) {
    const l = p.lifecycle;
    fill(
      lifecycle,
      h('p', null, h('span', { class: 'badge stage-' + l.stage, id: 'lifecycle-stage', text: t('stage.' + l.stage) })),
      h('p', { class: 'muted', title: l.reason, text: lifecycleReason(p) }),
      h(
        'dl',
        { class: 'pairs' },
        pair(t('users.firstSeen'), fmt.date(l.firstSeen)),
        pair(t('users.lastSeen'), l.lastSeen ? fmt.date(l.lastSeen) + ' (' + fmt.ago(l.lastSeen) + ')' : '–'),
        l.returnedAt ? pair(t('users.returnedAt'), fmt.date(l.returnedAt)) : null,
        pair(t('users.sessions'), t('users.sessionsValue', { n: fmt.int(p.session.count), e: fmt.num(p.session.meanEvents, 1), m: fmt.num(p.session.meanMinutes, 1) })),
      ),
    );
  }

  function drawGroups(p) {
    fill(
      groups,
      h('h3', { text: t('users.segments') }),
      p.segments.length === 0
        ? h('p', { class: 'muted', text: t('users.noSegments') })
        : h('ul', { class: 'chips', id: 'user-segments' }, p.segments.map((s) => h('li', { title: s.rule }, link(['segments', s.name], s.name)))),
      h('h3', { text: t('users.cluster') }),
      p.cluster
        ? h('p', { id: 'user-cluster' }, h('span', { class: 'badge', text: '#' + p.cluster.id }), ' ', p.cluster.label)
        : h('p', { class: 'muted', text: t('users.noCluster') }),
    );
  }

  function drawRisk(p) {
    const r = p.risk;
    fill(
      risk,
      h(
        'p',
        null,
        h('span', { class: 'badge ' + (r.flagged ? 'bad' : 'good'), id: 'risk-flagged', text: r.flagged ? t('risk.flagged') : t('risk.clear') }),
        ' ',
        t('risk.score', { s: fmt.num(r.score, 2) }),
      ),
      r.flags.length === 0
        ? h('p', { class: 'muted', text: t('risk.none') })
        : h('ul', { class: 'flags', id: 'risk-flags' }, r.flags.map((f) => h('li', null, h('strong', { text: t('flag.' + f.name) }), ' (' + fmt.num(f.strength, 2) + '): ', f.reason))),
    );
  }

  function drawActivity(p) {
    ctx.dropCharts(activity);
    const types = Object.entries(p.counters || {});
    const canvas = h('canvas', { 'aria-label': t('users.hours') });
    const devices = Object.entries(p.activity.devices || {});
    fill(
      activity,
      types.length === 0
        ? h('p', { class: 'muted', text: t('users.noEvents') })
        : h(
            'table',
            { class: 'table compact', id: 'counters' },
            h('thead', null, h('tr', null, h('th', { text: t('users.type') }), ['1d', '7d', '30d', 'all'].map((w) => h('th', { class: 'num', text: t('window.' + w) })))),
            h('tbody', null, types.map(([type, c]) => h('tr', null, h('td', { text: type }), ['1d', '7d', '30d', 'all'].map((w) => h('td', { class: 'num', text: fmt.int(c[w]) }))))),
          ),
      devices.length ? h('p', { class: 'muted' }, t('users.devices'), ' ', devices.map(([d, n]) => d + ' ' + fmt.int(n)).join(' · ')) : null,
      h('div', { class: 'chart', style: { height: '110px' } }, canvas),
    );
    ctx.chart(canvas, {
      type: 'bar',
      data: {
        labels: p.activity.hoursOfDay.map((_, i) => String(i)),
        datasets: [{ label: t('users.hours'), data: p.activity.hoursOfDay, backgroundColor: COLOURS[5] }],
      },
      options: { plugins: { legend: { display: false }, title: { display: true, text: t('users.hours') } }, scales: { y: { ticks: { precision: 0 } } } },
    });
  }

  // ---- timeline, recommendations, neighbours ----

  async function drawTimeline() {
    const page = await api.get(path('/v1/users', id, 'events'), { limit: PAGE });
    const titles = await itemsById(page.events.filter((e) => e.itemId).map((e) => e.itemId));
    if (!ctx.alive) {
      return;
    }
    newest = page.events.length ? page.events[0].sequence : 0;
    const list = h('ol', { class: 'timeline', id: 'timeline-list' }, page.events.map((e) => eventRow(e, titles)));
    const more = h('button', { type: 'button', class: 'secondary', id: 'timeline-more', text: t('users.older') });
    let cursor = page.cursor;
    more.hidden = !cursor;
    more.addEventListener('click', async () => {
      more.disabled = true;
      try {
        const older = await api.get(path('/v1/users', id, 'events'), { limit: PAGE, cursor });
        const more_titles = await itemsById(older.events.filter((e) => e.itemId).map((e) => e.itemId));
        older.events.forEach((e) => list.appendChild(eventRow(e, more_titles)));
        cursor = older.cursor;
        more.hidden = !cursor;
      } finally {
        more.disabled = false;
      }
    });
    fill(timeline, page.events.length === 0 ? empty(t('users.noEvents')) : [list, more]);
  }

  function eventRow(e, titles) {
    const item = e.itemId ? titles.get(e.itemId) : null;
    const device = e.context && e.context.device;
    return h(
      'li',
      { dataset: { sequence: e.sequence, type: e.type } },
      h('time', { datetime: e.timestamp, title: fmt.date(e.timestamp), text: fmt.ago(e.timestamp) }),
      h('span', { class: 'badge type-' + e.type, text: t('type.' + e.type, null, e.type) }),
      e.itemId ? link(['items', e.itemId], item && item.title ? item.title : e.itemId, { class: 'item' }) : null,
      e.query ? h('q', { text: e.query }) : null,
      e.value !== undefined ? h('span', { class: 'muted', text: ' ' + fmt.num(e.value, 2) }) : null,
      device ? h('span', { class: 'muted', text: ' · ' + device }) : null,
    );
  }

  async function drawRecommendations() {
    const r = await api.get(path('/v1/users', id, 'recommendations'), { n: 10 });
    const evidence = r.items.flatMap((i) => i.reasons.flatMap((x) => (x.source === 'user-knn' ? [] : x.evidence.filter((v) => !v.includes(':')))));
    const titles = await itemsById([...r.items.map((i) => i.itemId), ...evidence]);
    if (!ctx.alive) {
      return;
    }
    fill(
      recs,
      h('p', { class: 'muted' }, t('recs.model', { m: r.model })),
      r.items.length === 0
        ? empty(t('recs.none'))
        : h(
            'ol',
            { class: 'recs', id: 'recommendation-list' },
            r.items.map((item) => {
              const record = titles.get(item.itemId);
              return h(
                'li',
                { dataset: { item: item.itemId } },
                h('div', { class: 'rec-head' }, link(['items', item.itemId], record && record.title ? record.title : item.itemId, { class: 'item' }), h('span', { class: 'muted', text: ' ' + item.itemId + ' · ' + t('recs.score', { s: fmt.num(item.score, 3) }) })),
                h(
                  'ul',
                  { class: 'reasons' },
                  item.reasons.map((x) => h('li', { title: x.text }, h('span', { class: 'badge source-' + x.source, text: sourceLabel(x.source) }), ' ', reasonText(x, titles))),
                ),
              );
            }),
          ),
    );
  }

  async function drawNeighbours() {
    const n = await api.get(path('/v1/users', id, 'neighbors'), { n: 8 });
    if (!ctx.alive) {
      return;
    }
    fill(
      neighbours,
      n.users.length === 0
        ? empty(t('users.noNeighbors'))
        : h('ol', { class: 'neighbours', id: 'neighbor-list' }, n.users.map((u) => h('li', null, link(['users', u.userId], u.userId), h('span', { class: 'muted', text: ' ' + fmt.num(u.score, 2) })))),
    );
  }

  function part(el, promise) {
    return promise.catch((e) => {
      if (ctx.alive) {
        fill(el, failure(e));
      }
    });
  }

  async function refreshAll() {
    await Promise.all([part(timeline, drawTimeline()), part(recs, drawRecommendations()), part(neighbours, drawNeighbours())]);
  }

  async function poll() {
    let latest;
    try {
      latest = await api.get(path('/v1/users', id, 'events'), { limit: 1 });
    } catch (e) {
      return; // shown by the next full refresh
    }
    const seq = latest.events.length ? latest.events[0].sequence : 0;
    if (!ctx.alive || newest === null || seq === newest) {
      return;
    }
    newest = seq;
    const ok = await load();
    if (ok) {
      await refreshAll();
      liveNote.textContent = t('users.updated', { at: fmt.time(Date.now()) });
      liveNote.classList.add('flash');
      setTimeout(() => liveNote.classList.remove('flash'), 1500);
    }
  }

  load().then((ok) => {
    if (ok) {
      liveNote.textContent = t('users.live');
      refreshAll();
      ctx.every(POLL_MS, poll);
    }
  });
}

/** Why the stage: the server's words in English, told from the dates in another language. */
function lifecycleReason(p) {
  const l = p.lifecycle;
  if (lang() === 'en' || !l.firstSeen) {
    return l.reason;
  }
  const day = 86400000;
  const asOf = new Date(p.asOf).getTime();
  const first = Math.floor((asOf - new Date(l.firstSeen).getTime()) / day);
  const last = l.daysSinceLastSeen;
  return t('reason.' + l.stage, { first, last, days: p.activity.activeDays }, l.reason);
}

function noSuchUser(id) {
  const suggestions = h('div');
  const box = h(
    'div',
    { class: 'empty big', id: 'no-such-user' },
    h('h2', { text: t('users.noSuch') }),
    h('p', null, t('users.noSuchHelp', { id })),
    suggestions,
    h('a', { href: '#/users', text: t('users.pick') }),
  );
  const prefix = id.slice(0, Math.max(1, id.length - 1));
  api.get('/v1/users', { prefix, limit: 8 }).then(
    (page) => {
      if (page.users.length > 0) {
        fill(suggestions, h('p', { text: t('users.similarIds') }), h('ul', { class: 'chips centred' }, page.users.map((u) => h('li', null, link(['users', u], u)))));
      }
    },
    () => {},
  );
  return box;
}
