// A unit's gateways and points: connection state, each point's last quarter hour and freshness, rejections by
// reason with their fixes, and daily data quality. Uses the helpers of app.js and dashboard.js.
'use strict';

Object.assign(TEXT.zh, {
  'nav.gateways': '网关与测点', 'subject.gateways': '网关与测点', 'gw.title': '网关与测点 · 单位 {code}',
  'gw.days': '质量天数', 'gw.reload': '刷新', 'gw.gateways': '网关连接状态', 'gw.gateway': '网关',
  'gw.connection': '连接', 'gw.cause': '原因', 'gw.since': '状态起始', 'gw.lastData': '最近数据',
  'gw.age': '数据时延', 'gw.alert': '预警', 'gw.updated': '状态更新', 'gw.points': '测点最近读数',
  'gw.point': '测点', 'gw.energy': '能源', 'gw.lastQuarter': '最近一刻钟', 'gw.amount': '读数量',
  'gw.freshness': '新鲜度', 'gw.readings24': '24 小时读数', 'gw.amount24': '24 小时合计',
  'gw.rejections': '近 24 小时拒收原因', 'gw.reason': '原因', 'gw.count': '次数',
  'gw.fix': '处理建议', 'gw.quality': '每日数据质量', 'gw.date': '日期', 'gw.completeness': '完整率 %',
  'gw.covered': '有数时段/应有', 'gw.received': '接收读数', 'gw.rejected': '拒收读数',
  'gw.rejectedMessages': '拒收报文', 'gw.reasons': '拒收原因',
  'gw.pointsNote': '测点取自 InfluxDB 中已有一刻钟数据的测点；该单位不在登记册中，从未上报的测点无从列出。',
  'gw.registryNote': '含登记册中从未上报的网关与测点（标“未上报”）；标“未登记”的不在登记册中。',
  'gw.neverReported': '未上报', 'gw.unregistered': '未登记',
  'gw.rejectionsNote': '按 {days} 已判定的数据质量统计（每日结束约 1 小时后判定）：接收 {received}，拒收 {rejected}，拒收报文 {messages}。',
  'gw.liveNote': '自 {since} 起，实时读取 Kafka dcmon.readings.rejected（按小时）。', 'gw.liveCard': '近 24 小时拒收',
  'gw.noRejections': '无拒收', 'gw.online': '网关在线', 'gw.fresh': '测点 30 分钟内有数',
  'gw.rejectedCard': '拒收（昨日与今日）', 'gw.completenessCard': '最近一日完整率',
  'conn.online': '在线', 'conn.offline': '离线', 'conn.unknown': '未知',
  'cause.lost': '连接丢失', 'cause.disconnected': '主动断开', 'cause.silent': '无数据',
  'ago.min': '{n} 分钟前', 'ago.hour': '{n} 小时前', 'ago.day': '{n} 天前', 'sec': '{n} 秒', 'min': '{n} 分钟',
  'hour': '{n} 小时'
});
Object.assign(TEXT.en, {
  'nav.gateways': 'Gateways', 'subject.gateways': 'Gateways and points', 'gw.title': 'Gateways and points · unit {code}',
  'gw.days': 'Quality days', 'gw.reload': 'Refresh', 'gw.gateways': 'Gateway connections', 'gw.gateway': 'Gateway',
  'gw.connection': 'Connection', 'gw.cause': 'Cause', 'gw.since': 'Since', 'gw.lastData': 'Last data',
  'gw.age': 'Data age', 'gw.alert': 'Alert', 'gw.updated': 'Status at', 'gw.points': 'Latest reading per point',
  'gw.point': 'Point', 'gw.energy': 'Energy', 'gw.lastQuarter': 'Last quarter hour', 'gw.amount': 'Amount',
  'gw.freshness': 'Freshness', 'gw.readings24': 'Readings 24 h', 'gw.amount24': 'Amount 24 h',
  'gw.rejections': 'Rejections by reason, last 24 hours', 'gw.reason': 'Reason',
  'gw.count': 'Count', 'gw.fix': 'Fix', 'gw.quality': 'Daily data quality', 'gw.date': 'Date',
  'gw.completeness': 'Completeness %', 'gw.covered': 'Slots with data / expected', 'gw.received': 'Received',
  'gw.rejected': 'Rejected', 'gw.rejectedMessages': 'Rejected messages', 'gw.reasons': 'Reasons',
  'gw.pointsNote': 'Points are those InfluxDB has quarter-hour rows for; the unit is not in the registry, so points that never reported cannot be listed.',
  'gw.registryNote': 'Registered gateways and points that never reported are listed too (“never reported”); “not registered” ones are not in the registry.',
  'gw.neverReported': 'never reported', 'gw.unregistered': 'not registered',
  'gw.rejectionsNote': 'From the judged data quality of {days} (a day is judged about an hour after its end): received {received}, rejected {rejected}, rejected messages {messages}.',
  'gw.liveNote': 'Since {since}, read live from Kafka dcmon.readings.rejected (by the hour).',
  'gw.liveCard': 'Rejected, last 24 h', 'gw.noRejections': 'No rejections', 'gw.online': 'Gateways online', 'gw.fresh': 'Points with data in 30 min',
  'gw.rejectedCard': 'Rejected (yesterday and today)', 'gw.completenessCard': 'Latest day completeness',
  'conn.online': 'online', 'conn.offline': 'offline', 'conn.unknown': 'unknown',
  'cause.lost': 'connection lost', 'cause.disconnected': 'disconnected', 'cause.silent': 'no data',
  'ago.min': '{n} min ago', 'ago.hour': '{n} h ago', 'ago.day': '{n} d ago', 'sec': '{n} s', 'min': '{n} min',
  'hour': '{n} h'
});

const gw = { code: null, back: null };
const QUARTER_MS = 15 * 60 * 1000;

function ago(ms) {
  const min = Math.max(0, Math.round(ms / 60000));
  if (min < 120) return t('ago.min', { n: min });
  if (min < 48 * 60) return t('ago.hour', { n: Math.round(min / 60) });
  return t('ago.day', { n: Math.round(min / 1440) });
}

function seconds(s) {
  if (s === undefined || s === null) return '—';
  if (s < 120) return t('sec', { n: s });
  if (s < 7200) return t('min', { n: Math.round(s / 60) });
  return t('hour', { n: fmt(s / 3600) });
}

/** How long ago a point's last quarter hour ended, and its colour: green within 30 min, yellow 2 h, red after. */
function freshness(p) {
  const age = Date.now() - (Date.parse(p.time) + QUARTER_MS);
  const colour = age <= 30 * 60000 ? 'green' : age <= 2 * 3600000 ? 'yellow' : 'red';
  return { age, colour };
}

function numCells(tr, from) {
  for (let i = from; i < tr.children.length; i++) tr.children[i].className = 'num';
  return tr;
}

function openGateways(code, back) {
  gw.code = code;
  gw.back = back;
  return loadGateways();
}

async function loadGateways() {
  show('gateways-view');
  document.getElementById('gw-back').hidden = !gw.back;
  document.getElementById('gw-title').textContent = t('gw.title', { code: gw.code });
  const days = document.getElementById('gw-days').value;
  const r = await api('GET', '/api/enterprises/' + encodeURIComponent(gw.code) + '/gateways?days=' + days);
  if (r.status === 401) return show('login-view');
  const error = document.getElementById('gw-error');
  const tables = ['gw-gateways', 'gw-points', 'gw-rejections', 'gw-quality'];
  const cards = document.getElementById('gw-cards');
  cards.replaceChildren();
  if (r.status !== 200) {
    error.textContent = r.status === 404 ? t('noData') : errorText(r);
    for (const id of tables) document.querySelector('#' + id + ' tbody').replaceChildren();
    return;
  }
  error.textContent = '';
  const d = r.data;
  if (d.city) {
    document.getElementById('gw-title').textContent = t('gw.title', { code: namedText(d.name, gw.code) })
      + ' · ' + cityName(d.city);
  }
  const online = d.gateways.filter(g => g.connection === 'online').length;
  const mark = x => x.reported === false ? ' · ' + t('gw.neverReported')
    : x.registered === false ? ' · ' + t('gw.unregistered') : '';
  const fresh = d.points.filter(p => freshness(p).colour === 'green').length;
  const latest = d.quality.length ? d.quality.filter(q => q.date === d.quality[0].date) : [];
  const expected = latest.reduce((s, q) => s + (q.expected || 0), 0);
  const covered = latest.reduce((s, q) => s + (q.covered || 0), 0);
  cards.append(
    card(t('gw.online'), online + ' / ' + d.gateways.length,
      d.gateways.length && online < d.gateways.length ? 'card-red' : 'card-green'),
    card(t('gw.fresh'), fresh + ' / ' + d.points.length,
      d.points.length && fresh < d.points.length ? 'card-yellow' : 'card-green'),
    card(t(d.live ? 'gw.liveCard' : 'gw.rejectedCard'), fmt((d.live || d.rejections).rejected, 0),
      (d.live || d.rejections).rejected ? 'card-yellow' : ''));
  if (expected) cards.append(card(t('gw.completenessCard') + ' ' + latest[0].date, fmt(100 * covered / expected) + ' %'));

  document.querySelector('#gw-gateways tbody').replaceChildren(...d.gateways.map(g => {
    const conn = document.createElement('span');
    conn.append(colourDot(g.connection === 'online' ? (g.silent ? 'yellow' : 'green')
      : g.connection === 'offline' ? 'red' : null), el('span', t('conn.' + (g.connection || 'unknown'))));
    const tr = row([g.gateway + mark(g), conn, g.cause ? t('cause.' + g.cause) : '', when(g.connection_since),
      when(g.last_data), seconds(g.last_data_age_s), g.alert ? t('yes') : t('no'), when(g.time)]);
    tr.children[5].className = 'num';
    return tr;
  }));

  document.getElementById('gw-points-note').textContent = d.registry ? t('gw.registryNote') : t('gw.pointsNote');
  document.querySelector('#gw-points tbody').replaceChildren(...d.points.map(p => {
    const f = freshness(p);
    const cell = document.createElement('span');
    if (p.time) cell.append(colourDot(f.colour), el('span', ago(f.age)));
    else cell.append(colourDot('red'), el('span', t('gw.neverReported')));
    const tr = row([p.point + mark(p), p.energy || p.product || '', when(p.time), fmt(p.amount, 3), cell, p.readings_24h + ' / 96',
      fmt(p.amount_24h, 3)]);
    tr.children[3].className = 'num';
    return numCells(tr, 5);
  }));

  const judged = d.rejections;
  const rej = d.live || judged;
  const judgedNote = t('gw.rejectionsNote', {
    days: judged.days.join(state.lang === 'en' ? ' and ' : ' 与 '), received: fmt(judged.received, 0),
    rejected: fmt(judged.rejected, 0), messages: fmt(judged.rejected_messages, 0)
  });
  document.getElementById('gw-rejections-note').textContent = d.live
    ? t('gw.liveNote', { since: when(d.live.since) }) + ' ' + judgedNote : judgedNote;
  const reasons = rej.reasons.map(x => {
    const label = state.lang === 'en' ? x.reason : x.description_zh + '（' + x.reason + '）';
    const tr = row([label, fmt(x.count, 0), state.lang === 'en' ? x.fix_en : x.fix_zh]);
    tr.children[1].className = 'num';
    return tr;
  });
  if (!reasons.length) reasons.push(row([t('gw.noRejections'), '', '']));
  document.querySelector('#gw-rejections tbody').replaceChildren(...reasons);

  document.querySelector('#gw-quality tbody').replaceChildren(...d.quality.map(q => {
    const why = Object.keys(q).filter(k => k.startsWith('rejected_') && k !== 'rejected_messages')
      .map(k => k.slice('rejected_'.length) + ' ' + q[k]).join(', ');
    const tr = row([q.date, q.gateway, fmt(q.completeness_pct), (q.covered ?? '—') + ' / ' + (q.expected ?? '—'),
      fmt(q.received, 0), fmt(q.rejected, 0), fmt(q.rejected_messages, 0), why]);
    for (let i = 2; i < 7; i++) tr.children[i].className = 'num';
    return tr;
  }));
}

/** A card on a unit's page: its gateways online, opening this page. */
async function gatewayCard(code, cards) {
  const r = await api('GET', '/api/enterprises/' + encodeURIComponent(code) + '/gateways?days=1');
  if (r.status !== 200 || !r.data.gateways.length) return;
  const online = r.data.gateways.filter(g => g.connection === 'online').length;
  const c = card(t('gw.online'), online + ' / ' + r.data.gateways.length,
    online < r.data.gateways.length ? 'card-red' : 'card-green');
  c.classList.add('clickable');
  c.id = 'gw-card';
  c.addEventListener('click', () => openGateways(code, loadSubject));
  cards.append(c);
}

window.gateways = {
  open: openGateways,
  card: gatewayCard,
  relabel() {
    if (!document.getElementById('gateways-view').hidden) loadGateways();
  }
};

document.addEventListener('DOMContentLoaded', () => {
  document.querySelectorAll('#nav [data-view="gateways-view"]').forEach(b => b.addEventListener('click', () => {
    openGateways(dash.user.enterprise, null);
  }));
  document.getElementById('gw-back').addEventListener('click', () => { if (gw.back) gw.back(); });
  document.getElementById('gw-reload').addEventListener('click', loadGateways);
  document.getElementById('gw-days').addEventListener('change', loadGateways);
  document.getElementById('subject-gateways').addEventListener('click', () => {
    if (dash.subject && dash.subject.kind === 'enterprise') openGateways(dash.subject.code, loadSubject);
  });
});
