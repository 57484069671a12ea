// Login, and the forced password change when the server answers that the password has
// expired (180 days) or is a one-time first password (docs/api.md "Session and accounts").

import {post} from '../api.js';
import {setSession, go} from '../app.js';
import {field, formError, h, showFormError} from '../dom.js';
import {t} from '../i18n.js';
import {passwordForm} from './password.js';

export function render(view) {
  const user = h('input', {name: 'user', autocomplete: 'username', required: true, autofocus: true, 'data-test': 'login-user'});
  const password = h('input', {name: 'password', type: 'password', autocomplete: 'current-password', required: true,
                               'data-test': 'login-password'});
  const form = h('form', {class: 'card narrow', 'data-test': 'login-form'},
                 h('h1', {}, t('login.title')), formError(),
                 field(t('login.user'), user), field(t('login.password'), password),
                 h('button', {type: 'submit', class: 'primary', 'data-test': 'login-submit'}, t('login.submit')));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    showFormError(form, null);
    try {
      setSession(await post('/api/v1/login', {user: user.value, password: password.value}));
      go('#/board');
    } catch (error) {
      if (error.code === 'auth.password_expired' || error.code === 'auth.password_change_required') {
        form.replaceWith(expired(user.value, password.value));
      } else {
        showFormError(form, error);
      }
    }
  });
  view.append(h('section', {class: 'login'}, h('p', {class: 'muted'}, `softmcu — ${t('app.title')}`), form));
}

// The change form in place of the login form; once changed, logs in with the new password.
function expired(user, current) {
  return passwordForm({user, current, note: t('login.expired'), async done(newPassword) {
    setSession(await post('/api/v1/login', {user, password: newPassword}));
    go('#/board');
  }});
}
