// The dashboard's shell: navigation, hash routes, the language switch and the API key.

import { apiKey, setApiKey } from './api.js';
import { fill, h } from './dom.js';
import { lang, setLang, t } from './i18n.js';
import { makeChart } from './charts.js';
import * as overview from './pages/overview.js';
import * as users from './pages/users.js';
import * as items from './pages/items.js';
import * as segments from './pages/segments.js';
import * as evaluation from './pages/evaluation.js';

const PAGES = [
  { id: 'overview', module: overview },
  { id: 'users', module: users },
  { id: 'items', module: items },
  { id: 'segments', module: segments },
  { id: 'evaluation', module: evaluation },
];

/**
 * What a page is given: where to draw, and helpers whose timers and charts end when the page is
 * left (a late answer to a page already left is ignored: `alive` is false then).
 */
class PageContext {
  constructor(root) {
    this.root = root;
    this.alive = true;
    this.timers = [];
    this.charts = [];
  }

  every(ms, fn) {
    const id = setInterval(() => {
      if (this.alive && !document.hidden) {
        fn();
      }
    }, ms);
    this.timers.push(id);
  }

  chart(canvas, config) {
    const c = makeChart(canvas, config);
    this.charts.push(c);
    return c;
  }

  /** Destroys charts made inside `el` (a part of the page drawn again). */
  dropCharts(el) {
    this.charts = this.charts.filter((c) => {
      if (el.contains(c.canvas)) {
        c.destroy();
        return false;
      }
      return true;
    });
  }

  dispose() {
    this.alive = false;
    this.timers.forEach(clearInterval);
    this.charts.forEach((c) => c.destroy());
  }
}

let current = null;

function route() {
  const raw = location.hash.replace(/^#\/?/, '');
  const parts = raw === '' ? [] : raw.split('/').map((p) => {
    try {
      return decodeURIComponent(p);
    } catch (e) {
      return p;
    }
  });
  const page = PAGES.find((p) => p.id === (parts[0] || 'overview'));
  return { page, params: parts.slice(1) };
}

function render() {
  if (current) {
    current.dispose();
  }
  const view = document.getElementById('view');
  const { page, params } = route();
  drawNav(page && page.id);
  const root = h('div', { class: 'page' });
  fill(view, root);
  current = new PageContext(root);
  if (!page) {
    fill(root, h('div', { class: 'empty' }, h('p', { text: t('app.noPage') }), h('a', { href: '#/overview', text: t('nav.overview') })));
    document.title = 'Persona';
    return;
  }
  document.title = t('nav.' + page.id) + ' · Persona';
  try {
    page.module.render(root, params, current);
  } catch (e) {
    fill(root, h('div', { class: 'empty warn', role: 'alert' }, h('p', { text: t('error.failed') }), h('p', { class: 'muted', text: String(e.message || e) })));
    throw e;
  }
}

function drawNav(active) {
  fill(
    document.getElementById('nav'),
    PAGES.map((p) =>
      h('a', {
        href: '#/' + p.id,
        class: p.id === active ? 'active' : null,
        'aria-current': p.id === active ? 'page' : null,
        'data-page': p.id,
        text: t('nav.' + p.id),
      }),
    ),
    h('a', { href: '/api.html', text: t('nav.api'), target: '_blank', rel: 'noopener' }),
  );
}

function drawTools() {
  const tools = document.getElementById('tools');
  const langs = [
    ['en', 'EN'],
    ['zh', '中文'],
  ];
  const keySet = apiKey() !== '';
  fill(
    tools,
    h(
      'div',
      { class: 'lang', role: 'group', 'aria-label': t('app.language') },
      langs.map(([code, label]) =>
        h('button', {
          type: 'button',
          id: 'lang-' + code,
          class: lang() === code ? 'on' : null,
          'aria-pressed': lang() === code ? 'true' : 'false',
          lang: code,
          text: label,
          onclick: () => {
            if (lang() !== code) {
              setLang(code);
              drawTools();
              render();
            }
          },
        }),
      ),
    ),
    h('button', {
      type: 'button',
      id: 'key-button',
      class: keySet ? 'key set' : 'key',
      'aria-expanded': 'false',
      text: keySet ? t('key.set') : t('key.none'),
      onclick: toggleKeyPanel,
    }),
  );
}

function toggleKeyPanel() {
  const panel = document.getElementById('key-panel');
  if (!panel.hidden) {
    panel.hidden = true;
    document.getElementById('key-button').setAttribute('aria-expanded', 'false');
    return;
  }
  const input = h('input', {
    id: 'key-input',
    type: 'password',
    autocomplete: 'off',
    spellcheck: 'false',
    placeholder: t('key.placeholder'),
    value: apiKey(),
    'aria-label': t('key.label'),
  });
  fill(
    panel,
    h(
      'form',
      {
        onsubmit: (e) => {
          e.preventDefault();
          setApiKey(input.value.trim());
          panel.hidden = true;
        },
      },
      h('label', { for: 'key-input', text: t('key.label') }),
      input,
      h('button', { type: 'submit', id: 'key-save', text: t('key.save') }),
      h('button', {
        type: 'button',
        class: 'secondary',
        text: t('key.clear'),
        onclick: () => {
          setApiKey('');
          panel.hidden = true;
        },
      }),
      h('p', { class: 'muted', text: t('key.help') }),
    ),
  );
  panel.hidden = false;
  document.getElementById('key-button').setAttribute('aria-expanded', 'true');
  input.focus();
}

function start() {
  document.documentElement.lang = lang() === 'zh' ? 'zh-CN' : 'en';
  drawTools();
  window.addEventListener('hashchange', render);
  window.addEventListener('persona:key', () => {
    drawTools();
    render();
  });
  window.addEventListener('persona:unauthorized', () => {
    const b = document.getElementById('key-button');
    if (b) {
      b.classList.add('attention');
    }
  });
  render();
}

start();
