// Item page: the item, items like it (and why), and who comes to it.
// Reads GET /v1/items/{id}, /v1/items/{id}/similar, /v1/items/{id}/users, /v1/audience/traits
// (who has the item among their recent items) and /v1/popular.

import { api, forgetItem, itemsById, path } from '../api.js';
import { card, empty, failure, fill, fmt, h, link, pair, searchBox } from '../dom.js';
import { t } from '../i18n.js';
import { reasonText, sourceLabel } from './reasons.js';
import { comparison, fieldLabel, valueLabel } from './segments.js';

/** A rule string literal: the rule language escapes with a backslash. */
function quoted(s) {
  return '"' + s.replace(/[\\"]/g, (c) => '\\' + c) + '"';
}

const WHO = ['gender', 'ageBand', 'region', 'lifecycle', 'consumption.level', 'rfm.segment'];

export function render(root, params, ctx) {
  const id = params[0];
  const { form } = searchBox({ id: 'item', route: 'items', label: t('items.search'), button: t('items.show'), value: id });
  const body = h('div', { id: 'item-body' });
  fill(root, h('div', { class: 'page-head' }, h('h1', { text: t('nav.items') }), form), body);
  if (id) {
    showItem(body, id, ctx);
  } else {
    popular(body, ctx);
  }
}

async function popular(body, ctx) {
  fill(body, card(t('items.popular'), h('div', { id: 'popular' }, t('app.loading'))));
  const box = body.querySelector('#popular');
  try {
    const list = await api.get('/v1/popular', { n: 20, window: '7d' });
    const titles = await itemsById(list.items.map((i) => i.itemId));
    if (!ctx.alive) {
      return;
    }
    fill(
      box,
      list.items.length === 0
        ? empty(t('items.noneYet'))
        : h('ol', { class: 'plain', id: 'popular-list' }, list.items.map((i) => h('li', null, link(['items', i.itemId], (titles.get(i.itemId) || {}).title || i.itemId), h('span', { class: 'muted', text: ' ' + i.itemId })))),
    );
  } catch (e) {
    if (ctx.alive) {
      fill(box, failure(e));
    }
  }
}

async function showItem(body, id, ctx) {
  forgetItem(id);
  let item;
  try {
    item = await api.get(path('/v1/items', id));
  } catch (e) {
    if (!ctx.alive) {
      return;
    }
    fill(
      body,
      e.status === 404
        ? h('div', { class: 'empty big', id: 'no-such-item' }, h('h2', { text: t('items.noSuch') }), h('p', null, t('items.noSuchHelp', { id })), h('a', { href: '#/items', text: t('items.popular') }))
        : failure(e),
    );
    return;
  }
  if (!ctx.alive) {
    return;
  }
  const similar = h('div', { id: 'similar' }, t('app.loading'));
  const users = h('div', { id: 'item-users' }, t('app.loading'));
  const who = h('div', { class: 'grid traits', id: 'item-who' });
  const attributes = Object.entries(item.attributes || {});
  fill(
    body,
    h(
      'div',
      { class: 'card item-head', id: 'item-head' },
      h('h2', { id: 'item-title', text: item.title || item.id }),
      h(
        'dl',
        { class: 'pairs' },
        pair(t('items.id'), h('code', { text: item.id })),
        pair(t('items.categories'), item.categories.length ? item.categories.join(', ') : '–'),
        pair(t('items.brand'), item.brand || '–'),
        pair(t('items.price'), item.price === undefined ? '–' : fmt.money(item.price), { id: 'item-price' }),
        pair(t('items.tags'), item.tags.length ? h('ul', { class: 'chips' }, item.tags.map((x) => h('li', { text: x }))) : '–'),
        pair(t('items.available'), item.available ? t('items.yes') : t('items.no')),
        item.createdAt ? pair(t('items.created'), fmt.date(item.createdAt)) : null,
        attributes.map(([k, v]) => pair(k, typeof v === 'object' ? JSON.stringify(v) : String(v))),
      ),
    ),
    h('div', { class: 'grid two' }, card(t('items.similar'), similar), card(t('items.users'), users)),
    card(t('items.who'), h('p', { class: 'muted', id: 'item-who-summary', text: t('app.loading') }), who),
  );

  // Who they are: the users with the item among their recent items, against everyone.
  api
    .get('/v1/audience/traits', { rule: 'recentItems contains ' + quoted(id) })
    .then((c) => {
      if (!ctx.alive) {
        return;
      }
      const summary = body.querySelector('#item-who-summary');
      if (c.members === 0) {
        summary.textContent = t('items.whoNone');
        return;
      }
      summary.textContent =
        t('items.whoSummary', { n: fmt.int(c.members), all: fmt.int(c.everyone) }) + (c.sampled ? ' ' + t('seg.sampled') : '');
      const fields = c.fields.filter((f) => WHO.includes(f.field) && f.values.length > 1);
      fill(who, fields.map((f) => comparison(fieldLabel(f.field), f.values.map((v) => valueLabel(f.field, v)), f.values, ctx, f.field)));
    })
    .catch((e) => ctx.alive && fill(who, failure(e)));

  api
    .get(path('/v1/items', id, 'similar'), { n: 10 })
    .then(async (r) => {
      const titles = await itemsById(r.items.map((i) => i.itemId));
      if (!ctx.alive) {
        return;
      }
      fill(
        similar,
        r.items.length === 0
          ? empty(t('items.noSimilar'))
          : h(
              'ol',
              { class: 'recs', id: 'similar-list' },
              r.items.map((i) =>
                h(
                  'li',
                  { dataset: { item: i.itemId } },
                  h('div', { class: 'rec-head' }, link(['items', i.itemId], (titles.get(i.itemId) || {}).title || i.itemId, { class: 'item' }), h('span', { class: 'muted', text: ' ' + i.itemId + ' · ' + t('recs.score', { s: fmt.num(i.score, 3) }) })),
                  h('ul', { class: 'reasons' }, i.reasons.map((x) => h('li', { title: x.text }, h('span', { class: 'badge source-' + x.source, text: sourceLabel(x.source) }), ' ', reasonText(x, titles)))),
                ),
              ),
            ),
      );
    })
    .catch((e) => ctx.alive && fill(similar, failure(e)));

  api
    .get(path('/v1/items', id, 'users'), { n: 32 })
    .then((u) => {
      if (!ctx.alive) {
        return;
      }
      fill(
        users,
        h(
          'dl',
          { class: 'pairs', id: 'item-activity' },
          pair(t('items.userCount'), fmt.int(u.count), { id: 'item-user-count' }),
          pair(t('items.popularity'), ['1d', '7d', '30d'].map((w) => t('window.' + w) + ' ' + fmt.num(u.popularity[w], 1)).join(' · ')),
        ),
        u.users.length === 0
          ? empty(t('items.noUsers'))
          : [h('p', { class: 'muted', text: t('items.latestUsers') }), h('ul', { class: 'chips', id: 'item-user-list' }, u.users.map((x) => h('li', null, link(['users', x], x))))],
      );
    })
    .catch((e) => ctx.alive && fill(users, failure(e)));
}
