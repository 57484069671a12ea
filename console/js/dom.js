// Building DOM without innerHTML: every text goes through textContent, so a participant's
// display name (from the SIP From header) can never inject markup. The server's
// Content-Security-Policy (default-src 'self') forbids inline scripts and style attributes
// in markup; styles set here go through the CSSOM (el.style.x = ...), which it allows.

// h('div', {class: 'x', dataset: {id: 3}, onclick: fn, title: 't'}, 'text', child, [more])
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') el.className = value;
    else if (key === 'dataset') Object.assign(el.dataset, value);
    else if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), value);
    else if (key === 'value' || key === 'checked' || key === 'disabled' || key === 'selected') el[key] = value;
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children) {
    if (child === undefined || child === null || child === false) continue;
    if (Array.isArray(child)) append(el, child);
    else el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

export function clear(el) {
  while (el.firstChild) el.firstChild.remove();
  return el;
}

export function replace(el, ...children) {
  clear(el);
  append(el, children);
  return el;
}

// A labelled form field: h('label', ..., text, input).
export function field(label, input, hint) {
  return h('label', {class: 'field'}, h('span', {class: 'label'}, label), input,
           hint ? h('small', {class: 'hint'}, hint) : null,
           h('small', {class: 'field-error', dataset: {errorFor: input.name || ''}}));
}

// Shows an API error on a form: the message next to the field it names (JSON path such as
// "points" or "members[2].point": the first segment picks the input), and at the top.
export function showFormError(form, error) {
  for (const el of form.querySelectorAll('.field-error')) el.textContent = '';
  for (const el of form.querySelectorAll('.invalid')) el.classList.remove('invalid');
  const alert = form.querySelector('.form-error');
  if (!error) {
    if (alert) alert.textContent = '';
    return;
  }
  const name = (error.field || '').split(/[.[]/)[0];
  const slot = name ? form.querySelector(`.field-error[data-error-for="${CSS.escape(name)}"]`) : null;
  if (slot) {
    slot.textContent = error.message;
    form.elements[name]?.classList?.add('invalid');
  }
  if (alert) alert.textContent = error.message;
}

export function formError() {
  return h('p', {class: 'form-error', role: 'alert', 'data-test': 'form-error'});
}

let toastTimer = 0;
export function toast(message, kind = 'info') {
  const el = document.getElementById('toast');
  el.textContent = message;
  el.className = `toast show ${kind}`;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => { el.className = 'toast'; }, kind === 'error' ? 6000 : 2500);
}
