// Dashboards: the provincial overview (map, bars, trend), the unit list and the unit or region detail, drawn with
// ECharts served by the console. Uses the helpers of app.js (t, api, show, el, row, state, TEXT).
'use strict';

Object.assign(TEXT.zh, {
  'nav.dashboard': '总览', 'nav.enterprises': '重点用能单位', 'nav.ownUnit': '本单位', 'nav.alerts': '预警审核',
  'dash.title': '全省能耗双控总览', 'dash.titleCity': '{city}能耗双控总览', 'dash.map': '各市州完成率',
  'dash.mapNote': '颜色：晴雨表（绿/黄/红）；点击市州查看其单位排名', 'dash.cities': '各市州：完成率与时间进度',
  'dash.tiers': '百千万分级：完成率与时间进度', 'dash.trend': '日能耗趋势（吨标准煤）',
  year: '年度', tier: '分级', industry: '行业', colour: '晴雨表', completion: '完成率 %', timeShare: '时间进度 %',
  paceGap: '进度差 pp', projected: '预计 %', ytd: '累计 tce', asOf: '截至', 'ent.q': '代码或行业',
  'subject.alerts': '查看预警', 'subject.gauge': '完成率与时间进度', 'subject.days': '近 30 日能耗（吨标准煤）',
  'subject.months': '本年各月能耗（吨标准煤）', 'subject.products': '产品单耗', product: '产品', output: '产量',
  kgcePerUnit: '单耗 kgce', target: '目标', targetGap: '与目标差 %', vsBase: '较基期 %', saved: '节能量 tce',
  'card.completion': '完成率', 'card.time': '时间进度', 'card.projected': '年末预计占上限', 'card.ytd': '本年累计',
  'card.cap': '总量上限', 'card.alerts': '活动预警', 'card.colour': '晴雨表', 'card.co2': '碳排放完成率',
  'series.completion': '完成率', 'series.time': '时间进度', 'series.tce': '能耗', 'noData': '暂无数据',
  'noInflux': '未连接 InfluxDB，无进度数据', 'unavailable': '进度数据暂不可用', 'asOfDate': '数据截至 {d}',
  'count': '共 {n} 家', 'colour.green': '绿色', 'colour.yellow': '黄色', 'colour.red': '红色',
  'tier.hundred': '百家', 'tier.thousand': '千家', 'tier.ten-thousand': '万家', 'level.province': '全省',
  'level.city': '市州', 'level.tier': '分级', 'level.enterprise': '单位', 'tce': '吨标准煤',
  'dash.topProjected': '年末预计超上限单位（前 10）', 'dash.noOverrun': '没有预计超上限的单位'
});
Object.assign(TEXT.en, {
  'nav.dashboard': 'Overview', 'nav.enterprises': 'Units', 'nav.ownUnit': 'My unit', 'nav.alerts': 'Alerts',
  'dash.title': 'Dual control in the province', 'dash.titleCity': 'Dual control in {city}',
  'dash.map': 'Completion by division', 'dash.mapNote': 'Colour: green / yellow / red; click a division for its units ranked',
  'dash.cities': 'Divisions: completion vs time share', 'dash.tiers': 'Tiers: completion vs time share',
  'dash.trend': 'Daily consumption (tce)',
  year: 'Year', tier: 'Tier', industry: 'Industry', colour: 'Colour', completion: 'Completion %',
  timeShare: 'Time share %', paceGap: 'Pace gap pp', projected: 'Projected %', ytd: 'YTD tce', asOf: 'As of',
  'ent.q': 'Code or industry', 'subject.alerts': 'Alerts', 'subject.gauge': 'Completion vs time share',
  'subject.days': 'Last 30 days (tce)', 'subject.months': 'Months of the year (tce)',
  'subject.products': 'Unit consumption by product', product: 'Product', output: 'Output',
  kgcePerUnit: 'kgce per unit', target: 'Target', targetGap: 'vs target %', vsBase: 'vs base %',
  saved: 'Energy change tce',
  'card.completion': 'Completion', 'card.time': 'Time share', 'card.projected': 'Projected share of cap',
  'card.ytd': 'Year to date', 'card.cap': 'Cap', 'card.alerts': 'Active alerts', 'card.colour': 'Colour',
  'card.co2': 'CO₂ completion', 'series.completion': 'Completion', 'series.time': 'Time share',
  'series.tce': 'Consumption', 'noData': 'No data yet', 'noInflux': 'No InfluxDB connected: no progress data',
  'unavailable': 'Progress data unavailable', 'asOfDate': 'As of {d}', 'count': '{n} units',
  'colour.green': 'green', 'colour.yellow': 'yellow', 'colour.red': 'red',
  'tier.hundred': 'hundred', 'tier.thousand': 'thousand', 'tier.ten-thousand': 'ten-thousand',
  'level.province': 'Province', 'level.city': 'Division', 'level.tier': 'Tier', 'level.enterprise': 'Unit',
  'tce': 'tce', 'dash.topProjected': 'Units projected over their cap (top 10)',
  'dash.noOverrun': 'No unit is projected over its cap'
});

/** GB/T 2260 divisions of Hubei: code → [Chinese name as in the map, English]. */
const DIVISIONS = {
  '420100': ['武汉市', 'Wuhan'], '420200': ['黄石市', 'Huangshi'], '420300': ['十堰市', 'Shiyan'],
  '420500': ['宜昌市', 'Yichang'], '420600': ['襄阳市', 'Xiangyang'], '420700': ['鄂州市', 'Ezhou'],
  '420800': ['荆门市', 'Jingmen'], '420900': ['孝感市', 'Xiaogan'], '421000': ['荆州市', 'Jingzhou'],
  '421100': ['黄冈市', 'Huanggang'], '421200': ['咸宁市', 'Xianning'], '421300': ['随州市', 'Suizhou'],
  '422800': ['恩施土家族苗族自治州', 'Enshi'], '429004': ['仙桃市', 'Xiantao'], '429005': ['潜江市', 'Qianjiang'],
  '429006': ['天门市', 'Tianmen'], '429021': ['神农架林区', 'Shennongjia']
};
const TIERS = ['hundred', 'thousand', 'ten-thousand'];
const COLOURS = { green: '#3ebd93', yellow: '#f0b429', red: '#d64545' };
const NO_DATA = '#d9e2ec';

const dash = { user: null, year: null, overview: null, subject: null, back: null, mapReady: null };

function cityName(code) {
  const d = DIVISIONS[code];
  return d ? (state.lang === 'en' ? d[1] : d[0]) : code;
}

function tierName(code) {
  return code ? t('tier.' + code) : '';
}

function regionName(level, code) {
  if (level === 'city') return cityName(code);
  if (level === 'tier') return tierName(code);
  if (level === 'province') return state.lang === 'en' ? 'Hubei' : '湖北省';
  return code;
}

function fmt(v, digits) {
  if (v === null || v === undefined) return '—';
  return Number(v).toLocaleString(state.lang === 'en' ? 'en-GB' : 'zh-CN',
    { maximumFractionDigits: digits ?? 1, minimumFractionDigits: 0 });
}

function thisYear() {
  return Number(new Intl.DateTimeFormat('en', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(new Date()));
}

function fillYears(select) {
  if (select.options.length) { select.value = dash.year; return; }
  const now = thisYear();
  for (let y = now; y >= now - 4; y--) {
    const o = el('option', String(y));
    o.value = String(y);
    select.appendChild(o);
  }
  select.value = dash.year;
}

function chart(id) {
  const node = document.getElementById(id);
  return echarts.getInstanceByDom(node) || echarts.init(node);
}

function colourDot(colour) {
  const dot = el('span', '', 'colour colour-' + (colour || 'none'));
  dot.title = colour ? t('colour.' + colour) : '';
  return dot;
}

function card(label, value, cls) {
  const c = el('div', null, 'card' + (cls ? ' ' + cls : ''));
  c.append(el('div', label, 'card-label'), el('div', value, 'card-value'));
  return c;
}

/** Cards of the values a progress row has (a field left out of the row has no card). */
function progressCards(p, colour) {
  const cards = [card(t('card.colour'), t('colour.' + colour), 'card-' + colour)];
  const add = (label, v, text) => { if (v !== null && v !== undefined) cards.push(card(label, text)); };
  add(t('card.completion'), p.completion_pct, fmt(p.completion_pct) + ' %');
  add(t('card.time'), timeShare(p), fmt(timeShare(p)) + ' %');
  add(t('paceGap'), p.pace_gap_pp, fmt(p.pace_gap_pp));
  add(t('card.projected'), p.projected_pct, fmt(p.projected_pct) + ' %');
  add(t('card.ytd'), p.ytd_tce, fmt(p.ytd_tce, 0) + ' ' + t('tce'));
  add(t('card.cap'), p.cap_tce, fmt(p.cap_tce, 0) + ' ' + t('tce'));
  add(t('card.co2'), p.co2_completion_pct, fmt(p.co2_completion_pct) + ' %');
  return cards;
}

function errorText(r) {
  if (r.data && r.data.error === 'no_influx') return t('noInflux');
  if (r.status === 503) return t('unavailable');
  return t('failed') + ' (' + r.status + ')';
}

function timeShare(p) {
  return p.time_seasonal_pct ?? p.time_pct;
}

// ---- overview ----------------------------------------------------------------------------------------------------

async function loadDashboard() {
  show('dashboard-view');
  fillYears(document.getElementById('dash-year'));
  const r = await api('GET', '/api/overview?year=' + dash.year);
  if (r.status === 401) return show('login-view');
  const error = document.getElementById('dash-error');
  if (r.status !== 200) { error.textContent = errorText(r); return; }
  error.textContent = '';
  dash.overview = r.data;
  renderDashboard();
}

function renderDashboard() {
  const o = dash.overview;
  if (!o) return;
  const mine = dash.user.role === 'city' ? o.cities[0] : o.province;
  document.getElementById('dash-title').textContent = dash.user.role === 'city'
    ? t('dash.titleCity', { city: cityName(dash.user.city) }) : t('dash.title');
  document.getElementById('dash-asof').textContent = mine ? t('asOfDate', { d: mine.date }) : t('noData');
  const cards = document.getElementById('dash-cards');
  cards.replaceChildren();
  if (mine) cards.append(...progressCards(mine, mine.colour));
  for (const sev of ['breach', 'warning', 'watch', 'info']) {
    const c = card(t('card.alerts') + ' · ' + t('severity.' + sev), String(o.alerts[sev] ?? 0), 'sev-card-' + sev);
    c.classList.add('clickable');
    c.addEventListener('click', () => openAlerts({ state: 'active', severity: sev }));
    cards.append(c);
  }
  renderMap(o.cities);
  renderBars('chart-cities', o.cities.map(c => ({ name: cityName(c.region), row: c })), true);
  renderBars('chart-tiers', TIERS.map(code => ({ name: tierName(code), row: o.tiers.find(x => x.region === code) }))
    .filter(x => x.row), true);
  renderLine('chart-trend', o.daily.map(d => d.date), o.daily.map(d => d.tce));
  renderTopProjected(o.topProjected || []);
}

function renderTopProjected(units) {
  const body = document.querySelector('#top-projected tbody');
  body.replaceChildren(...units.map(u => {
    const tr = row([named(u.name, u.code), cityName(u.city), tierName(u.tier), fmt(u.projected_pct), fmt(u.completion_pct)]);
    tr.children[3].className = 'num';
    tr.children[4].className = 'num';
    tr.className = 'clickable';
    tr.addEventListener('click', () => openEnterprise(u.code, loadDashboard));
    return tr;
  }));
  document.getElementById('top-projected-note').textContent = units.length ? '' : t('dash.noOverrun');
}

async function renderMap(cities) {
  if (!dash.mapReady) {
    dash.mapReady = fetch('vendor/hubei.json').then(r => r.json()).then(geo => echarts.registerMap('hubei', geo));
  }
  await dash.mapReady;
  const byName = {};
  for (const c of cities) byName[cityName(c.region)] = c;
  const nameMap = {};
  if (state.lang === 'en') for (const d of Object.values(DIVISIONS)) nameMap[d[0]] = d[1];
  const data = Object.entries(DIVISIONS).map(([code, names]) => {
    const c = cities.find(x => x.region === code);
    return { name: state.lang === 'en' ? names[1] : names[0], code, value: c ? c.completion_pct : null,
      itemStyle: { areaColor: c ? COLOURS[c.colour] : NO_DATA } };
  });
  const map = chart('chart-map');
  map.setOption({
    tooltip: { trigger: 'item', renderMode: 'richText', formatter: p => {
      const c = byName[p.name];
      if (!c) return p.name + '\n' + t('noData');
      return p.name + '\n' + t('card.completion') + ' ' + fmt(c.completion_pct) + ' %\n' + t('card.time') + ' '
        + fmt(timeShare(c)) + ' %\n' + t('card.projected') + ' ' + fmt(c.projected_pct) + ' %';
    } },
    series: [{ type: 'map', map: 'hubei', nameMap, roam: false, selectedMode: false,
      label: { show: true, fontSize: 10, formatter: p => p.name + (p.value == null || isNaN(p.value) ? ''
        : '\n' + fmt(p.value) + '%') },
      emphasis: { label: { show: true }, itemStyle: { areaColor: '#9fb3c8' } }, data }]
  }, true);
  map.off('click');
  map.on('click', p => { if (p.data && p.data.code && byName[p.name]) openRegionPage('city', p.data.code); });
}

function renderBars(id, items, clickable) {
  const c = chart(id);
  c.setOption({
    tooltip: { trigger: 'axis', renderMode: 'richText' },
    legend: { data: [t('series.completion'), t('series.time')] },
    grid: { left: 40, right: 10, top: 30, bottom: 60 },
    xAxis: { type: 'category', data: items.map(x => x.name), axisLabel: { rotate: items.length > 6 ? 40 : 0 } },
    yAxis: { type: 'value', name: '%' },
    series: [
      { name: t('series.completion'), type: 'bar', itemStyle: { color: COLOURS.green },
        data: items.map(x => ({ value: x.row.completion_pct, itemStyle: { color: COLOURS[x.row.colour] } })),
        markLine: { silent: true, symbol: 'none', label: { position: 'insideEndTop', formatter: '100 %' },
          lineStyle: { color: '#d64545', type: 'dashed' }, data: [{ yAxis: 100 }] } },
      { name: t('series.time'), type: 'bar', data: items.map(x => timeShare(x.row)), itemStyle: { color: '#829ab1' } }
    ]
  }, true);
  c.off('click');
  if (clickable) c.on('click', p => {
    const item = items[p.dataIndex];
    if (item) openRegionPage(item.row.level, item.row.region);
  });
}

function renderLine(id, dates, values) {
  chart(id).setOption({
    tooltip: { trigger: 'axis', renderMode: 'richText' },
    grid: { left: 60, right: 10, top: 20, bottom: 30 },
    xAxis: { type: 'category', data: dates },
    yAxis: { type: 'value', name: t('tce') },
    series: [{ name: t('series.tce'), type: 'line', data: values, showSymbol: values.length < 40,
      areaStyle: { opacity: 0.15 } }]
  }, true);
}

function renderDayBars(id, labels, values) {
  chart(id).setOption({
    tooltip: { trigger: 'axis', renderMode: 'richText' },
    grid: { left: 60, right: 10, top: 20, bottom: 40 },
    xAxis: { type: 'category', data: labels },
    yAxis: { type: 'value', name: t('tce') },
    series: [{ name: t('series.tce'), type: 'bar', data: values, itemStyle: { color: '#2680c2' } }]
  }, true);
}

// ---- unit list ---------------------------------------------------------------------------------------------------

function fillFilterOptions() {
  const city = document.getElementById('ent-city');
  const tier = document.getElementById('ent-tier');
  const keepCity = city.value;
  const keepTier = tier.value;
  city.replaceChildren(new Option(t('any'), ''));
  for (const code of Object.keys(DIVISIONS)) {
    if (dash.user.role === 'city' && code !== dash.user.city) continue;
    city.appendChild(new Option(cityName(code), code));
  }
  tier.replaceChildren(new Option(t('any'), ''));
  for (const code of TIERS) tier.appendChild(new Option(tierName(code), code));
  city.value = keepCity;
  tier.value = keepTier;
}

async function loadEnterprises(filters) {
  show('enterprises-view');
  fillYears(document.getElementById('ent-year'));
  fillFilterOptions();
  const form = document.getElementById('ent-filters');
  if (filters) for (const [k, v] of Object.entries(filters)) form[k].value = v;
  const params = new URLSearchParams({ year: dash.year });
  for (const k of ['city', 'tier', 'q']) if (form[k].value.trim()) params.set(k, form[k].value.trim());
  const r = await api('GET', '/api/enterprises?' + params);
  if (r.status === 401) return show('login-view');
  const error = document.getElementById('ent-error');
  const body = document.querySelector('#enterprises tbody');
  body.replaceChildren();
  if (r.status !== 200) { error.textContent = errorText(r); return; }
  error.textContent = '';
  const items = r.data.items.slice().sort((a, b) => (b.completion_pct ?? -1) - (a.completion_pct ?? -1));
  for (const e of items) {
    const tr = row([colourDot(e.colour), named(e.name, e.enterprise), cityName(e.city), tierName(e.tier), e.industry ?? '',
      fmt(e.completion_pct), fmt(timeShare(e)), fmt(e.pace_gap_pp), fmt(e.projected_pct), fmt(e.ytd_tce, 0),
      e.date]);
    for (let i = 5; i <= 9; i++) tr.children[i].className = 'num';
    tr.className = 'clickable';
    tr.addEventListener('click', () => openEnterprise(e.enterprise, () => loadEnterprises()));
    body.appendChild(tr);
  }
  document.getElementById('ent-count').textContent = t('count', { n: items.length });
}

// ---- unit or region detail -----------------------------------------------------------------------------------------

function openEnterprise(code, back) {
  dash.subject = { kind: 'enterprise', code };
  dash.back = back;
  return loadSubject();
}

function openRegion(level, code) {
  dash.subject = { kind: 'region', level, code };
  dash.back = loadDashboard;
  return loadSubject();
}

async function loadSubject() {
  show('enterprise-view');
  fillYears(document.getElementById('subject-year'));
  const s = dash.subject;
  const path = s.kind === 'enterprise' ? '/api/enterprises/' + encodeURIComponent(s.code)
    : '/api/regions/' + encodeURIComponent(s.level) + '/' + encodeURIComponent(s.code);
  const r = await api('GET', path + '?year=' + dash.year);
  if (r.status === 401) return show('login-view');
  document.getElementById('subject-back').hidden = !dash.back;
  document.getElementById('subject-alerts').hidden = s.kind !== 'enterprise';
  document.getElementById('subject-gateways').hidden = s.kind !== 'enterprise';
  const title = s.kind === 'enterprise' ? t('level.enterprise') + ' ' + s.code
    : t('level.' + s.level) + ' ' + regionName(s.level, s.code);
  document.getElementById('subject-title').textContent = title;
  const error = document.getElementById('subject-error');
  const cards = document.getElementById('subject-cards');
  cards.replaceChildren();
  if (r.status !== 200) {
    error.textContent = r.status === 404 ? t('noData') : errorText(r);
    for (const id of ['chart-gauge', 'chart-days', 'chart-months']) chart(id).clear();
    document.querySelector('#products tbody').replaceChildren();
    return;
  }
  const d = r.data;
  const p = d.progress;
  error.textContent = p ? '' : t('noData');
  if (s.kind === 'enterprise' && d.city) {
    const industry = (p && p.industry) || d.industry;
    document.getElementById('subject-title').textContent = t('level.enterprise') + ' ' + namedText(d.name, s.code)
      + ' · ' + cityName(d.city) + (p && p.tier ? ' · ' + tierName(p.tier) : '')
      + (industry ? ' · ' + t('industry') + ' ' + industry : '');
  }
  if (p) cards.append(...progressCards(p, d.colour), card(t('asOf'), p.date));
  if (d.active !== undefined) {
    const c = card(t('card.alerts'), String(d.active));
    c.classList.add('clickable');
    c.addEventListener('click', () => openAlerts({ enterprise: s.code, state: 'active' }));
    cards.append(c);
  }
  if (s.kind === 'enterprise' && window.gateways) window.gateways.card(s.code, cards);
  renderGauge(p);
  renderDayBars('chart-days', (d.days || []).map(x => x.date.slice(5)), (d.days || []).map(x => x.tce));
  renderDayBars('chart-months', (d.months || []).map(x => x.month), (d.months || []).map(x => x.tce));
  const products = document.querySelector('#products tbody');
  products.replaceChildren(...(d.products || []).map(x => {
    const tr = row([x.product, fmt(x.ytd_output, 0), fmt(x.ytd_kgce_per_unit, 2), fmt(x.target_kgce_per_unit, 2),
      fmt(x.target_gap_pct), fmt(x.change_vs_base_pct), fmt(x.energy_change_vs_base_tce, 0)]);
    for (let i = 1; i < tr.children.length; i++) tr.children[i].className = 'num';
    return tr;
  }));
}

function renderGauge(p) {
  const g = chart('chart-gauge');
  if (!p) { g.clear(); return; }
  const completion = p.completion_pct ?? 0;
  const time = timeShare(p) ?? 0;
  const max = Math.max(120, Math.ceil(Math.max(completion, time) / 20) * 20);
  g.setOption({
    series: [{
      type: 'gauge', min: 0, max, splitNumber: max / 20,
      axisLine: { lineStyle: { width: 14, color: [[100 / max, '#3ebd93'], [1, '#d64545']] } },
      pointer: { width: 5 },
      title: { fontSize: 12 },
      detail: { fontSize: 14, formatter: v => fmt(v) + '%' },
      data: [
        { value: completion, name: t('series.completion'), title: { offsetCenter: ['-35%', '75%'] },
          detail: { offsetCenter: ['-35%', '95%'] }, itemStyle: { color: COLOURS[p.colour] } },
        { value: time, name: t('series.time'), title: { offsetCenter: ['35%', '75%'] },
          detail: { offsetCenter: ['35%', '95%'] }, itemStyle: { color: '#486581' } }
      ]
    }]
  }, true);
}

// ---- wiring ------------------------------------------------------------------------------------------------------

function openAlerts(filters) {
  const form = document.getElementById('filters');
  form.reset();
  for (const [k, v] of Object.entries(filters)) if (form[k]) form[k].value = v;
  state.offset = 0;
  loadAlerts();
}

window.dashboards = {
  enter(user) {
    dash.user = user;
    dash.year = dash.year || thisYear();
    for (const b of document.querySelectorAll('#nav [data-view]')) {
      b.hidden = !b.dataset.roles.split(' ').includes(user.role);
    }
  },
  home() {
    if (dash.user.role === 'enterprise') return openEnterprise(dash.user.enterprise, null);
    return loadDashboard();
  },
  relabel() {
    if (!dash.user) return;
    if (!document.getElementById('dashboard-view').hidden) renderDashboard();
    if (!document.getElementById('enterprises-view').hidden) loadEnterprises();
    if (!document.getElementById('enterprise-view').hidden) loadSubject();
    if (window.regions) window.regions.relabel();
    if (window.register) window.register.relabel();
    if (window.gateways) window.gateways.relabel();
  }
};

document.addEventListener('DOMContentLoaded', () => {
  document.querySelectorAll('#nav [data-view]').forEach(b => b.addEventListener('click', () => {
    if (b.dataset.view === 'dashboard-view') loadDashboard();
    if (b.dataset.view === 'enterprises-view') loadEnterprises();
    if (b.dataset.view === 'enterprise-view') openEnterprise(dash.user.enterprise, null);
    if (b.dataset.view === 'alerts-view') openAlerts({});
    if (b.dataset.view === 'maintenance-view' && window.register) window.register.open();
  }));
  for (const [id, reload] of [['dash-year', loadDashboard], ['ent-year', () => loadEnterprises()],
    ['subject-year', loadSubject]]) {
    document.getElementById(id).addEventListener('change', ev => { dash.year = ev.target.value; reload(); });
  }
  document.getElementById('ent-filters').addEventListener('submit', ev => { ev.preventDefault(); loadEnterprises(); });
  document.getElementById('subject-back').addEventListener('click', () => { if (dash.back) dash.back(); });
  document.getElementById('subject-alerts').addEventListener('click', () => {
    if (dash.subject && dash.subject.kind === 'enterprise') openAlerts({ enterprise: dash.subject.code });
  });
  window.addEventListener('resize', () => {
    for (const node of document.querySelectorAll('.chart')) {
      const c = echarts.getInstanceByDom(node);
      if (c) c.resize();
    }
  });
});
