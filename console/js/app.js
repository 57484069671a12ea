// The console's shell: session, navigation (hash routes, so a page reload or a bookmark
// keeps its place), language switch. Each page module exports
// render(container, params, session) → optional cleanup function, called when the page
// is left (closing its event stream and timers).

import {get, post, onUnauthorized, setCsrfToken} from './api.js';
import {h, replace, toast} from './dom.js';
import {lang, setLang, t} from './i18n.js';

const pages = {
  login: () => import('./pages/login.js'),
  password: () => import('./pages/password.js'),
  board: () => import('./pages/board.js'),
  bookings: () => import('./pages/bookings.js'),
  logbook: () => import('./pages/logbook.js'),
  reports: () => import('./pages/reports.js'),
  accounts: () => import('./pages/accounts.js'),
  audit: () => import('./pages/audit.js'),
};

const nav = [
  {page: 'board', label: 'nav.board', permission: 'view'},
  {page: 'bookings', label: 'nav.bookings', permission: 'view'},
  {page: 'logbook', label: 'nav.logbook', permission: 'view'},
  {page: 'reports', label: 'nav.reports', permission: 'view'},
  {page: 'accounts', label: 'nav.accounts', permission: 'manage-users'},
  {page: 'audit', label: 'nav.audit', permission: 'view-audit'},
];

let session = null;   // {user, role, permissions, ...} from GET /api/v1/session or login
let cleanup = null;
let rendering = 0;

export function can(permission) { return !!session && session.permissions.includes(permission); }

export function setSession(value) {
  session = value;
  if (value && value.csrf_token) setCsrfToken(value.csrf_token);
}

function parseHash() {
  const [page, ...params] = location.hash.replace(/^#\/?/, '').split('/').map(decodeURIComponent);
  return {page: page || 'board', params};
}

export function go(hash) {
  if (location.hash === hash) route();
  else location.hash = hash;
}

function drawChrome() {
  const top = document.getElementById('top');
  top.hidden = !session;
  document.title = `softmcu — ${t('app.title')}`;
  document.getElementById('lang-switch').textContent = t('lang.switch');
  document.getElementById('logout').textContent = t('nav.logout');
  document.getElementById('own-password').textContent = t('nav.password');
  if (!session) return;
  document.getElementById('who-user').textContent = `${session.user} (${t(`role.${session.role}`)})`;
  const current = parseHash().page;
  replace(document.getElementById('nav'),
          nav.filter((item) => can(item.permission))
             .map((item) => h('a', {href: `#/${item.page}`, class: item.page === current ? 'active' : '',
                                    dataset: {page: item.page}}, t(item.label))));
}

async function route() {
  const ticket = ++rendering;
  const {page, params} = parseHash();
  const publicPage = page === 'login' || page === 'password';
  if (!session && !publicPage) {
    try {
      setSession(await get('/api/v1/session'));
    } catch {
      if (ticket === rendering) go('#/login');
      return;
    }
  }
  if (ticket !== rendering) return;
  if (cleanup) {
    cleanup();
    cleanup = null;
  }
  drawChrome();
  const view = document.getElementById('view');
  const loader = pages[page] || pages.board;
  const module = await loader();
  if (ticket !== rendering) return;
  replace(view);
  view.dataset.page = page;
  try {
    cleanup = (await module.render(view, params, session)) || null;
  } catch (e) {
    view.append(h('p', {class: 'form-error'}, e.code === 'network' ? t('error.network') : e.message));
  }
}

onUnauthorized(() => {
  if (!session) return;
  session = null;
  go('#/login');
});

document.getElementById('lang-switch').addEventListener('click', () => {
  setLang(lang() === 'vi' ? 'en' : 'vi');
  route();
});
document.getElementById('logout').addEventListener('click', async () => {
  try {
    await post('/api/v1/logout');
  } catch (e) {
    if (e.status !== 401) toast(e.message, 'error');
  }
  session = null;
  go('#/login');
});
window.addEventListener('hashchange', route);
setLang(lang());
route();
