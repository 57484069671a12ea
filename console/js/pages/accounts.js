// Accounts (admin): create with a role, change the role, disable, reset the password (a
// temporary one the person must change), delete. The server enforces the password policy
// and the guards (the last admin, one's own account) and says which rule was broken.

import {del, get, patch, post} from '../api.js';
import {field, formError, h, replace, showFormError, toast} from '../dom.js';
import {formatTime, t} from '../i18n.js';
import {table} from './logbook.js';

const ROLES = ['admin', 'operator', 'viewer'];

export async function render(view, params, session) {
  const list = h('div', {'data-test': 'accounts-list'});

  async function refresh() {
    const users = await get('/api/v1/users');
    replace(list, table(
      [t('col.user'), t('accounts.role'), t('col.state'), t('accounts.last_login'), t('accounts.expires'), ''],
      users.map((u) => [
        u.user,
        h('select', {disabled: u.user === session.user, onchange: (e) => act(patch(`/api/v1/users/${u.user}`, {role: e.target.value}))},
          ROLES.map((r) => h('option', {value: r, selected: r === u.role}, t(`role.${r}`)))),
        [u.disabled ? h('span', {class: 'badge bad'}, t('accounts.disabled')) : null,
         u.must_change_password ? h('span', {class: 'badge warn'}, t('accounts.must_change')) : null],
        formatTime(u.last_login_at), formatTime(u.password_expires_at),
        u.user === session.user ? null : [
          h('button', {type: 'button', onclick: () => act(patch(`/api/v1/users/${u.user}`, {disabled: !u.disabled}))},
            t(u.disabled ? 'accounts.enable' : 'accounts.disable')),
          h('button', {type: 'button', onclick: () => {
            const password = prompt(t('accounts.reset_prompt', {user: u.user}));
            if (password) act(post(`/api/v1/users/${u.user}/password`, {password}));
          }}, t('accounts.reset')),
          h('button', {type: 'button', class: 'danger', onclick: () => {
            if (confirm(t('accounts.delete_confirm', {user: u.user}))) act(del(`/api/v1/users/${u.user}`));
          }}, t('accounts.delete'))],
      ])));
  }

  function act(promise) {
    promise.then(() => { toast(t('common.done')); return refresh(); }).catch((e) => { toast(e.message, 'error'); refresh(); });
  }

  const user = h('input', {name: 'user', required: true, autocomplete: 'off'});
  const password = h('input', {name: 'password', type: 'password', required: true, autocomplete: 'new-password'});
  const role = h('select', {name: 'role'}, ROLES.map((r) => h('option', {value: r, selected: r === 'operator'}, t(`role.${r}`))));
  const form = h('form', {class: 'card', 'data-test': 'account-form'}, h('h2', {}, t('accounts.new')), formError(),
                 field(t('col.user'), user), field(t('login.password'), password, t('password.rules')),
                 field(t('accounts.role'), role), h('button', {type: 'submit', class: 'primary'}, t('accounts.create')));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    try {
      await post('/api/v1/users', {user: user.value.trim(), password: password.value, role: role.value});
      toast(t('accounts.created', {user: user.value.trim()}));
      showFormError(form, null);
      form.reset();
      await refresh();
    } catch (error) {
      showFormError(form, error);
    }
  });
  view.append(h('h1', {}, t('accounts.title')), h('div', {class: 'two-columns'}, list, form));
  await refresh();
}
