// Changing one's own password (POST /api/v1/password needs the current one, not a
// session, so the same form serves the forced change at login).

import {post} from '../api.js';
import {go} from '../app.js';
import {field, formError, h, showFormError, toast} from '../dom.js';
import {t} from '../i18n.js';

export function passwordForm({user = '', current = '', note = '', done}) {
  const inputs = {
    user: h('input', {name: 'user', value: user, autocomplete: 'username', required: true}),
    password: h('input', {name: 'password', type: 'password', value: current, autocomplete: 'current-password', required: true}),
    new_password: h('input', {name: 'new_password', type: 'password', autocomplete: 'new-password', required: true,
                              'data-test': 'new-password'}),
    repeat: h('input', {name: 'repeat', type: 'password', autocomplete: 'new-password', required: true,
                        'data-test': 'repeat-password'}),
  };
  const form = h('form', {class: 'card narrow', 'data-test': 'password-form'},
                 h('h1', {}, t('password.title')), note ? h('p', {class: 'notice'}, note) : null, formError(),
                 field(t('login.user'), inputs.user), field(t('password.current'), inputs.password),
                 field(t('password.new'), inputs.new_password, t('password.rules')),
                 field(t('password.repeat'), inputs.repeat),
                 h('button', {type: 'submit', class: 'primary', 'data-test': 'password-submit'}, t('password.submit')));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    if (inputs.new_password.value !== inputs.repeat.value) {
      showFormError(form, {field: 'repeat', message: t('password.mismatch')});
      return;
    }
    try {
      await post('/api/v1/password', {user: inputs.user.value, password: inputs.password.value,
                                      new_password: inputs.new_password.value});
      toast(t('password.changed'));
      await done(inputs.new_password.value);
    } catch (error) {
      showFormError(form, error);
    }
  });
  return form;
}

export function render(view, params, session) {
  view.append(h('section', {class: 'login'}, passwordForm({user: session?.user || '', done: () => go('#/login')})));
}
