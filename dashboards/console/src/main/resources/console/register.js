// 报备 register: a unit's planned outage or meter maintenance windows. Entering one suppresses the unit's
// gateway.offline and completeness alerts inside it (the server decides, see GET /api/alerts?suppressed=).
// Uses the helpers of app.js.
'use strict';

Object.assign(TEXT.zh, {
  'nav.maintenance': '报备', 'mw.title': '报备登记（计划停产、计量检修）',
  'mw.note': '报备期内的网关离线与数据完整率预警在审核列表中标记为已抑制并默认隐藏；监测作业照常产生这些预警。',
  'mw.gateway': '网关（可选）', 'mw.from': '开始（北京时间）', 'mw.to': '结束（北京时间）', 'mw.reason': '原因',
  'mw.add': '登记', 'mw.showCancelled': '显示已撤销', 'mw.enteredBy': '登记人', 'mw.state': '状态',
  'mw.suppressed': '已抑制预警', 'mw.cancel': '撤销', 'mw.open': '有效', 'mw.cancelled': '已撤销',
  'mw.cancelReason': '撤销原因（可选）', 'mw.added': '已登记报备 #{id}，抑制 {n} 条预警',
  'mw.wholeUnit': '全厂'
});
Object.assign(TEXT.en, {
  'nav.maintenance': 'Outages', 'mw.title': 'Announced outages and meter maintenance (报备)',
  'mw.note': 'Gateway-offline and completeness alerts inside a window are marked suppressed and hidden from the '
    + 'queue by default; the monitoring job still raises them.',
  'mw.gateway': 'Gateway (optional)', 'mw.from': 'From (Beijing time)', 'mw.to': 'To (Beijing time)',
  'mw.reason': 'Reason', 'mw.add': 'Enter', 'mw.showCancelled': 'Show cancelled', 'mw.enteredBy': 'Entered by',
  'mw.state': 'State', 'mw.suppressed': 'Suppressed alerts', 'mw.cancel': 'Cancel', 'mw.open': 'open',
  'mw.cancelled': 'cancelled', 'mw.cancelReason': 'Why cancel (optional)',
  'mw.added': 'Window #{id} entered, {n} alert(s) suppressed', 'mw.wholeUnit': 'whole unit'
});

async function loadWindows() {
  show('maintenance-view');
  const form = document.getElementById('mw-form');
  if (state.me.role === 'enterprise') {
    form.enterprise.value = state.me.enterprise;
    form.enterprise.readOnly = true;
  }
  const params = new URLSearchParams();
  if (document.getElementById('mw-cancelled').checked) params.set('cancelled', 'true');
  const r = await api('GET', '/api/maintenance?' + params);
  if (r.status === 401) return show('login-view');
  const body = document.querySelector('#mw-windows tbody');
  body.replaceChildren();
  if (r.status !== 200) {
    document.getElementById('mw-error').textContent = t('failed') + ' (' + r.status + ')';
    return;
  }
  for (const w of r.data.items) {
    const stateText = w.state === 'open' ? t('mw.open')
      : t('mw.cancelled') + ' · ' + w.cancelled_by + ' ' + when(w.cancelled_at)
        + (w.cancel_reason ? ' · ' + w.cancel_reason : '');
    let action = '';
    if (w.state === 'open') {
      action = el('button', t('mw.cancel'));
      action.type = 'button';
      action.addEventListener('click', () => cancelWindow(w.id));
    }
    body.appendChild(row([String(w.id), w.enterprise, w.gateway || t('mw.wholeUnit'), when(w.from), when(w.to),
      w.reason, w.created_by + ' ' + when(w.created_at), stateText, String(w.suppressed), action]));
    body.lastChild.children[8].className = 'num';
  }
}

async function addWindow(ev) {
  ev.preventDefault();
  const f = ev.target;
  document.getElementById('mw-status').textContent = '';
  const error = document.getElementById('mw-error');
  // datetime-local has no offset: the server reads it as Beijing time
  const r = await api('POST', '/api/maintenance', { enterprise: f.enterprise.value.trim(),
    gateway: f.gateway.value.trim() || null, from: f.from.value, to: f.to.value, reason: f.reason.value });
  if (r.status === 401) return show('login-view');
  if (r.status !== 201) {
    error.textContent = t('failed') + ': ' + (r.status === 404 ? t('noData')
      : r.data && r.data.message ? r.data.message : r.status);
    return;
  }
  error.textContent = '';
  for (const field of ['gateway', 'from', 'to', 'reason']) f[field].value = '';
  await loadWindows();
  document.getElementById('mw-status').textContent = t('mw.added', { id: r.data.id, n: r.data.suppressed });
}

async function cancelWindow(id) {
  const reason = window.prompt(t('mw.cancelReason'), '');
  if (reason === null) return;
  const r = await api('POST', '/api/maintenance/' + encodeURIComponent(id) + '/cancel', { reason });
  document.getElementById('mw-error').textContent = r.status === 200 ? '' : t('failed') + ' (' + r.status + ')';
  loadWindows();
}

window.register = {
  open() {
    document.getElementById('mw-error').textContent = '';
    document.getElementById('mw-status').textContent = '';
    return loadWindows();
  },
  relabel() {
    if (!document.getElementById('maintenance-view').hidden) loadWindows();
  }
};

document.addEventListener('DOMContentLoaded', () => {
  document.getElementById('mw-form').addEventListener('submit', addWindow);
  document.getElementById('mw-cancelled').addEventListener('change', loadWindows);
});
