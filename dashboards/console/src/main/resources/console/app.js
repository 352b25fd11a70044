// Alert review console: plain JavaScript, no external resources. Chinese by default, English with ?lang=en.
// The dashboards (dashboard.js) add their views and texts to these.
'use strict';

const TEXT = {
  zh: {
    title: '重点用能单位能耗双控监测与预警', login: '登录', logout: '退出', name: '用户名', password: '密码',
    state: '状态', severity: '级别', review: '审核', rule: '规则', city: '城市', enterprise: '单位', any: '全部',
    search: '查询', lastChanged: '最近变化', subject: '对象', period: '期间', message: '说明', prev: '上一页',
    next: '下一页', back: '返回列表', reviewActions: '审核操作', reviewTrail: '审核记录', events: '事件',
    at: '时间', actor: '操作人', actionCol: '操作', comment: '备注', event: '事件', received: '接收时间',
    users: '用户管理', role: '角色', disabled: '已停用', addUser: '新增用户', add: '新增', disable: '停用',
    enable: '启用', evidence: '依据', firstSeen: '首次发现', reviewedBy: '审核人', yes: '是', no: '否',
    'state.active': '活动', 'state.cleared': '已解除',
    'severity.info': '提示', 'severity.watch': '关注', 'severity.warning': '预警', 'severity.breach': '超限',
    'review.new': '待处理', 'review.acknowledged': '已确认', 'review.resolved': '已解决',
    'review.dismissed': '已驳回',
    'action.acknowledge': '确认', 'action.resolve': '解决', 'action.dismiss': '驳回', 'action.reopen': '重新打开',
    'action.comment': '备注',
    'role.province': '省级', 'role.city': '市级', 'role.enterprise': '企业', 'role.admin': '管理员',
    'event.raised': '产生', 'event.updated': '更新', 'event.cleared': '解除',
    pageInfo: '第 {from}–{to} 条，共 {total} 条', badLogin: '用户名或密码错误，或账号已停用',
    throttled: '失败次数过多，请 {s} 秒后再试', conflict: '当前审核状态不允许此操作', failed: '操作失败',
    commentNeeded: '请填写备注', readOnly: '只读：企业用户不能审核', langToggle: 'English',
    'bulk.acknowledge': '批量确认', 'bulk.select': '选择', 'bulk.selectAll': '全选本页',
    'bulk.result': '已确认 {done} 条，状态不允许 {conflict} 条，未找到 {missing} 条',
    evidenceChart: '依据随事件变化', 'series.evidence': '依据值', 'series.threshold': '阈值',
    suppressed: '报备抑制', 'suppressed.hide': '隐藏已抑制', 'suppressed.show': '包括已抑制',
    'suppressed.only': '仅已抑制', 'suppressed.tag': '已抑制',
    'suppressed.detail': '报备期内，已抑制（报备 #{id}，{from} 至 {to}，{reason}）'
  },
  en: {
    title: 'Dual control of key energy-using units', login: 'Log in', logout: 'Log out', name: 'User',
    password: 'Password', state: 'State', severity: 'Severity', review: 'Review', rule: 'Rule', city: 'City',
    enterprise: 'Enterprise', any: 'Any', search: 'Search', lastChanged: 'Last changed', subject: 'Subject',
    period: 'Period', message: 'Message', prev: 'Previous', next: 'Next', back: 'Back to list',
    reviewActions: 'Review', reviewTrail: 'Review trail', events: 'Events', at: 'At', actor: 'By',
    actionCol: 'Action', comment: 'Comment', event: 'Event', received: 'Received', users: 'Users', role: 'Role',
    disabled: 'Disabled', addUser: 'Add a user', add: 'Add', disable: 'Disable', enable: 'Enable',
    evidence: 'Evidence', firstSeen: 'First seen', reviewedBy: 'Reviewed by', yes: 'yes', no: 'no',
    'state.active': 'active', 'state.cleared': 'cleared',
    'severity.info': 'info', 'severity.watch': 'watch', 'severity.warning': 'warning', 'severity.breach': 'breach',
    'review.new': 'new', 'review.acknowledged': 'acknowledged', 'review.resolved': 'resolved',
    'review.dismissed': 'dismissed',
    'action.acknowledge': 'Acknowledge', 'action.resolve': 'Resolve', 'action.dismiss': 'Dismiss',
    'action.reopen': 'Reopen', 'action.comment': 'Comment',
    'role.province': 'province', 'role.city': 'city', 'role.enterprise': 'enterprise', 'role.admin': 'admin',
    'event.raised': 'raised', 'event.updated': 'updated', 'event.cleared': 'cleared',
    pageInfo: '{from}–{to} of {total}', badLogin: 'Wrong user or password, or the account is disabled',
    throttled: 'Too many failed logins; try again in {s} s', conflict: 'The review status does not allow this',
    failed: 'Failed', commentNeeded: 'Write a comment first', readOnly: 'Read-only: enterprise users cannot review',
    langToggle: '中文',
    'bulk.acknowledge': 'Acknowledge selected', 'bulk.select': 'Select', 'bulk.selectAll': 'Select all on this page',
    'bulk.result': '{done} acknowledged, {conflict} not allowed by their status, {missing} not found',
    evidenceChart: 'Evidence by event', 'series.evidence': 'Evidence', 'series.threshold': 'Threshold',
    suppressed: 'Announced outages', 'suppressed.hide': 'Hide suppressed', 'suppressed.show': 'Include suppressed',
    'suppressed.only': 'Suppressed only', 'suppressed.tag': 'suppressed',
    'suppressed.detail': 'Inside an announced outage, suppressed (window #{id}, {from} to {to}, {reason})'
  }
};

const PAGE = 50;
const state = { lang: initialLang(), me: null, csrf: null, offset: 0, total: 0, alertId: null,
  selected: new Set() };

function initialLang() {
  const param = new URLSearchParams(location.search).get('lang');
  if (param === 'en' || param === 'zh') return param;
  return localStorage.getItem('dcmon.lang') === 'en' ? 'en' : 'zh';
}

function t(key, vars) {
  let s = TEXT[state.lang][key] ?? TEXT.zh[key] ?? key;
  for (const [k, v] of Object.entries(vars || {})) s = s.replace('{' + k + '}', v);
  return s;
}

function applyLang() {
  document.documentElement.lang = state.lang === 'en' ? 'en' : 'zh-CN';
  document.title = t('title');
  document.querySelectorAll('[data-i18n]').forEach(el => { el.textContent = t(el.dataset.i18n); });
  document.getElementById('lang-toggle').textContent = t('langToggle');
}

async function api(method, path, body) {
  const headers = {};
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && state.csrf) headers['X-CSRF-Token'] = state.csrf;
  const res = await fetch(path, { method, headers, credentials: 'same-origin',
    body: body === undefined ? undefined : JSON.stringify(body) });
  let data = null;
  if (res.status !== 204) { try { data = await res.json(); } catch (e) { data = null; } }
  return { status: res.status, data, headers: res.headers };
}

function show(view) {
  for (const section of document.querySelectorAll('main > section')) section.hidden = section.id !== view;
  document.getElementById('logout').hidden = view === 'login-view';
  document.getElementById('nav').hidden = view === 'login-view';
  for (const b of document.querySelectorAll('#nav [data-view]')) {
    b.classList.toggle('current', b.dataset.view === view);
  }
}

function el(tag, text, cls) {
  const e = document.createElement(tag);
  if (text !== undefined && text !== null) e.textContent = text;
  if (cls) e.className = cls;
  return e;
}

function row(cells) {
  const tr = document.createElement('tr');
  for (const c of cells) tr.appendChild(c instanceof Node ? wrapTd(c) : el('td', c));
  return tr;
}

function wrapTd(node) {
  const td = document.createElement('td');
  td.appendChild(node);
  return td;
}

function when(iso) {
  return iso ? new Date(iso).toLocaleString(state.lang === 'en' ? 'en-GB' : 'zh-CN',
    { timeZone: 'Asia/Shanghai' }) : '';
}

/** A unit or division by its registered name with its code beside it; the code alone when the name is unknown. */
function named(name, code) {
  if (!name) return el('span', code ?? '');
  const span = el('span', name);
  span.append(' ', el('span', code, 'code'));
  return span;
}

function namedText(name, code) {
  return name ? name + ' ' + (code ?? '') : (code ?? '');
}

function message(a) {
  return state.lang === 'en' ? (a.message_en || a.message_zh) : (a.message_zh || a.message_en);
}

async function start() {
  applyLang();
  const me = await api('GET', '/api/me');
  if (me.status === 200) return enter(me.data);
  show('login-view');
}

function enter(session) {
  state.me = session.user;
  state.csrf = session.csrf;
  const u = session.user;
  renderWho();
  if (window.dashboards) window.dashboards.enter(u);
  if (u.role === 'admin') return loadUsers();
  if (window.dashboards) return window.dashboards.home();
  loadAlerts();
}

function renderWho() {
  const u = state.me;
  document.getElementById('who').textContent = !u ? '' :
    u.name + ' · ' + t('role.' + u.role)
      + (u.city ? ' ' + (typeof cityName === 'function' ? cityName(u.city) : u.city) : '') + (u.enterprise ? ' ' + u.enterprise : '');
}

async function login(ev) {
  ev.preventDefault();
  const form = ev.target;
  const error = document.getElementById('login-error');
  error.textContent = '';
  const r = await api('POST', '/api/login', { name: form.name.value, password: form.password.value });
  form.password.value = '';
  if (r.status === 200) return enter(r.data);
  error.textContent = r.status === 429 ? t('throttled', { s: r.headers.get('Retry-After') }) : t('badLogin');
}

async function logout() {
  await api('POST', '/api/logout', {});
  state.me = null;
  state.csrf = null;
  document.getElementById('who').textContent = '';
  show('login-view');
}

async function loadAlerts() {
  const params = new URLSearchParams();
  const form = document.getElementById('filters');
  for (const field of ['state', 'severity', 'review', 'rule', 'city', 'enterprise', 'suppressed']) {
    if (form[field].value.trim()) params.set(field, form[field].value.trim());
  }
  params.set('limit', PAGE);
  params.set('offset', state.offset);
  const r = await api('GET', '/api/alerts?' + params);
  if (r.status === 401) return show('login-view');
  if (r.status !== 200) return;
  state.total = r.data.total;
  const canReview = reviewer();
  state.selected.clear();
  document.getElementById('bulk-panel').hidden = !canReview;
  document.getElementById('select-col').hidden = !canReview;
  const all = document.getElementById('select-all');
  all.checked = false;
  all.title = t('bulk.selectAll');
  updateBulk();
  const body = document.querySelector('#alerts tbody');
  body.replaceChildren();
  for (const a of r.data.items) {
    const colour = el('span', '', 'colour colour-' + a.colour);
    const sev = el('span', t('severity.' + a.severity), 'sev-' + a.severity);
    const sevCell = document.createElement('span');
    sevCell.append(colour, sev);
    const stateCell = el('span', t('state.' + a.state));
    if (a.suppressed_by) stateCell.append(el('span', t('suppressed.tag'), 'tag-suppressed'));
    const tr = row([when(a.last_changed), sevCell, a.rule, a.name ? named(a.name, a.code) : a.level + ' ' + a.code,
      a.period, message(a),
      stateCell, t('review.' + a.review_status)]);
    if (canReview) {
      const box = document.createElement('input');
      box.type = 'checkbox';
      box.className = 'select-alert';
      box.value = a.id;
      box.title = t('bulk.select');
      box.addEventListener('click', ev => ev.stopPropagation());
      box.addEventListener('change', () => {
        document.getElementById('bulk-result').textContent = '';
        if (box.checked) state.selected.add(a.id); else state.selected.delete(a.id);
        updateBulk();
      });
      const td = wrapTd(box);
      td.className = 'select';
      td.addEventListener('click', ev => ev.stopPropagation());
      tr.prepend(td);
    }
    tr.className = 'clickable';
    tr.addEventListener('click', () => openAlert(a.id));
    body.appendChild(tr);
  }
  const to = Math.min(state.offset + PAGE, state.total);
  document.getElementById('page-info').textContent =
    t('pageInfo', { from: state.total ? state.offset + 1 : 0, to, total: state.total });
  document.getElementById('prev').disabled = state.offset === 0;
  document.getElementById('next').disabled = to >= state.total;
  show('alerts-view');
}

function reviewer() {
  return state.me && (state.me.role === 'province' || state.me.role === 'city');
}

function updateBulk() {
  document.getElementById('bulk-ack').disabled = state.selected.size === 0;
}

function selectAll(checked) {
  document.getElementById('bulk-result').textContent = '';
  for (const box of document.querySelectorAll('#alerts tbody input.select-alert')) {
    box.checked = checked;
    if (checked) state.selected.add(box.value); else state.selected.delete(box.value);
  }
  updateBulk();
}

async function bulkAcknowledge() {
  const ids = [...state.selected];
  if (!ids.length) return;
  const out = document.getElementById('bulk-result');
  const r = await api('POST', '/api/alerts/reviews', { ids, action: 'acknowledge' });
  if (r.status === 401) return show('login-view');
  if (r.status !== 200) { out.textContent = t('failed') + ' (' + r.status + ')'; return; }
  const count = result => r.data.results.filter(x => x.result === result).length;
  await loadAlerts();
  out.textContent = t('bulk.result',
    { done: count('acknowledged'), conflict: count('conflict'), missing: count('not_found') });
}

/** The evidence value of each event in seq order, with the threshold as a dashed line. */
function renderEvidence(events) {
  const node = document.getElementById('chart-evidence');
  if (typeof echarts === 'undefined') return;
  const c = echarts.getInstanceByDom(node) || echarts.init(node);
  const sorted = events.slice().sort((x, y) => x.seq - y.seq);
  const evidence = x => (x.payload && x.payload.evidence) || {};
  const unit = sorted.map(x => evidence(x).unit).find(u => u) || '';
  const number = v => (v === null || v === undefined || v === '' || isNaN(Number(v)) ? null : Number(v));
  const thresholds = sorted.map(x => number(evidence(x).threshold));
  const constant = thresholds.length > 0 && thresholds[0] !== null && thresholds.every(v => v === thresholds[0]);
  const dashed = { type: 'dashed', color: '#486581' };
  c.setOption({
    tooltip: { trigger: 'axis', renderMode: 'richText' },
    legend: { data: [t('series.evidence'), t('series.threshold')] },
    grid: { left: 60, right: 20, top: 40, bottom: 40 },
    xAxis: { type: 'category', data: sorted.map(x => '#' + x.seq + ' ' + when(x.payload && x.payload.last_changed)) },
    yAxis: { type: 'value', name: unit, scale: true, boundaryGap: ['10%', '10%'] },
    series: [
      { name: t('series.evidence'), type: 'line', data: sorted.map(x => number(evidence(x).value)),
        itemStyle: { color: '#d64545' } },
      { name: t('series.threshold'), type: 'line', step: 'middle', symbol: 'none', data: thresholds,
        lineStyle: dashed, itemStyle: { color: '#486581' },
        // one horizontal line across the chart when the threshold never changed (also for a single event)
        markLine: constant ? { silent: true, symbol: 'none', lineStyle: dashed, label: { position: 'insideEndTop' },
          data: [{ yAxis: thresholds[0] }] } : undefined }
    ]
  }, true);
}

async function openAlert(id) {
  const r = await api('GET', '/api/alerts/' + encodeURIComponent(id));
  if (r.status === 401) return show('login-view');
  if (r.status !== 200) return loadAlerts();
  state.alertId = id;
  const a = r.data;
  document.getElementById('detail-title').textContent = message(a) || a.rule;
  const dl = document.getElementById('detail-fields');
  dl.replaceChildren();
  const ev = a.evidence ? a.evidence.value + ' / ' + a.evidence.threshold + ' ' + (a.evidence.unit || '') : '';
  const fields = [['rule', a.rule], ['subject', a.level + ' ' + namedText(a.name, a.code)],
    ['city', namedText(a.city_name, a.city)], ['enterprise', namedText(a.enterprise_name, a.enterprise)],
    ['period', a.period], ['severity', t('severity.' + a.severity)],
    ['state', t('state.' + a.state)], ['evidence', ev], ['firstSeen', when(a.first_seen)],
    ['lastChanged', when(a.last_changed)], ['review', t('review.' + a.review_status)],
    ['reviewedBy', a.reviewed_by ? a.reviewed_by + ' ' + when(a.reviewed_at) : '']];
  for (const [k, v] of fields) dl.append(el('dt', t(k)), el('dd', v ?? ''));
  const note = document.getElementById('detail-suppressed');
  note.hidden = !a.suppression;
  note.textContent = a.suppression ? t('suppressed.detail', { id: a.suppression.id, reason: a.suppression.reason,
    from: when(a.suppression.starts), to: when(a.suppression.ends) }) : '';
  const reviews = document.querySelector('#reviews tbody');
  reviews.replaceChildren(...a.reviews.map(x => row([when(x.at), x.actor, t('action.' + x.action), x.comment])));
  const events = document.querySelector('#events tbody');
  events.replaceChildren(...a.events.map(x => row([x.seq, t('event.' + x.event),
    t('severity.' + x.payload.severity), when(x.payload.last_changed), when(x.received)])));
  const canReview = reviewer();
  document.getElementById('review-panel').hidden = !canReview;
  document.getElementById('review-error').textContent = canReview ? '' : t('readOnly');
  document.getElementById('review-comment').value = '';
  show('detail-view');
  renderEvidence(a.events);
}

async function review(action) {
  const comment = document.getElementById('review-comment').value;
  const error = document.getElementById('review-error');
  if (action === 'comment' && !comment.trim()) { error.textContent = t('commentNeeded'); return; }
  const r = await api('POST', '/api/alerts/' + encodeURIComponent(state.alertId) + '/reviews', { action, comment });
  if (r.status === 200) return openAlert(state.alertId);
  error.textContent = r.status === 409 ? t('conflict') : t('failed') + ' (' + r.status + ')';
}

async function loadUsers() {
  const r = await api('GET', '/api/users');
  if (r.status !== 200) return show('login-view');
  const body = document.querySelector('#users tbody');
  body.replaceChildren();
  for (const u of r.data.items) {
    const button = el('button', u.disabled ? t('enable') : t('disable'));
    button.type = 'button';
    button.addEventListener('click', async () => {
      await api('POST', '/api/users/' + encodeURIComponent(u.name) + (u.disabled ? '/enable' : '/disable'), {});
      loadUsers();
    });
    body.appendChild(row([u.name, t('role.' + u.role), u.city, u.enterprise, u.disabled ? t('yes') : t('no'),
      button]));
  }
  show('users-view');
}

async function addUser(ev) {
  ev.preventDefault();
  const f = ev.target;
  const r = await api('POST', '/api/users', { name: f.name.value, role: f.role.value, city: f.city.value || null,
    enterprise: f.enterprise.value || null, password: f.password.value });
  f.password.value = '';
  document.getElementById('user-error').textContent =
    r.status === 201 ? '' : t('failed') + ': ' + (r.data && r.data.message ? r.data.message : r.status);
  if (r.status === 201) { f.reset(); loadUsers(); }
}

document.addEventListener('DOMContentLoaded', () => {
  document.getElementById('login-form').addEventListener('submit', login);
  document.getElementById('logout').addEventListener('click', logout);
  document.getElementById('lang-toggle').addEventListener('click', () => {
    state.lang = state.lang === 'en' ? 'zh' : 'en';
    localStorage.setItem('dcmon.lang', state.lang);
    applyLang();
    renderWho();
    if (!document.getElementById('alerts-view').hidden) loadAlerts();
    if (!document.getElementById('detail-view').hidden) openAlert(state.alertId);
    if (!document.getElementById('users-view').hidden) loadUsers();
    if (window.dashboards) window.dashboards.relabel();
  });
  document.getElementById('filters').addEventListener('submit', ev => {
    ev.preventDefault();
    state.offset = 0;
    loadAlerts();
  });
  document.getElementById('prev').addEventListener('click', () => {
    state.offset = Math.max(0, state.offset - PAGE);
    loadAlerts();
  });
  document.getElementById('next').addEventListener('click', () => { state.offset += PAGE; loadAlerts(); });
  document.getElementById('back').addEventListener('click', loadAlerts);
  document.getElementById('select-all').addEventListener('change', ev => selectAll(ev.target.checked));
  document.getElementById('bulk-ack').addEventListener('click', bulkAcknowledge);
  document.querySelectorAll('#review-panel [data-action]').forEach(b =>
    b.addEventListener('click', () => review(b.dataset.action)));
  document.getElementById('user-form').addEventListener('submit', addUser);
  start();
});
