// City and tier pages: a division's or a tier's progress and its units ranked by completion share, projected
// year end or colour (sortable). Opened from the overview's map, city chart and tier chart. Uses the helpers of
// app.js and dashboard.js.
'use strict';

Object.assign(TEXT.zh, {
  'region.sort': '排序', 'region.byCompletion': '按完成率', 'region.byProjected': '按年末预计',
  'region.byColour': '按晴雨表', 'region.detail': '趋势与产品', 'region.rank': '名次', 'region.other': '城市/分级',
  'region.units': '{region}重点用能单位排名'
});
Object.assign(TEXT.en, {
  'region.sort': 'Rank by', 'region.byCompletion': 'completion', 'region.byProjected': 'projected year end',
  'region.byColour': 'colour', 'region.detail': 'Trend and products', 'region.rank': 'Rank',
  'region.other': 'City / tier', 'region.units': 'Units of {region}, ranked'
});

const regionPage = { level: null, code: null, units: [], sort: 'completion' };
/** Red first: the worse the colour, the higher the rank. */
const COLOUR_RANK = { red: 3, yellow: 2, green: 1 };

/** Sorts units worst first by the chosen key; units without the value last, ties by credit code. */
function rankUnits(units, key) {
  const value = u => key === 'colour' ? (COLOUR_RANK[u.colour] ?? 0)
    : key === 'projected' ? u.projected_pct : u.completion_pct;
  const secondary = u => u.projected_pct ?? -Infinity;
  return units.slice().sort((a, b) => {
    const va = value(a) ?? -Infinity;
    const vb = value(b) ?? -Infinity;
    if (vb !== va) return vb - va;
    if (key === 'colour' && secondary(b) !== secondary(a)) return secondary(b) - secondary(a);
    return String(a.enterprise).localeCompare(String(b.enterprise));
  });
}

function openRegionPage(level, code) {
  regionPage.level = level;
  regionPage.code = code;
  return loadRegionPage();
}

async function loadRegionPage() {
  show('region-view');
  fillYears(document.getElementById('region-year'));
  document.getElementById('region-sort').value = regionPage.sort;
  const { level, code } = regionPage;
  const title = t('region.units', { region: t('level.' + level) + ' ' + regionName(level, code) });
  document.getElementById('region-title').textContent = title;
  const filter = new URLSearchParams({ year: dash.year });
  filter.set(level === 'tier' ? 'tier' : 'city', code);
  const [region, units] = await Promise.all([
    api('GET', '/api/regions/' + encodeURIComponent(level) + '/' + encodeURIComponent(code) + '?year=' + dash.year),
    api('GET', '/api/enterprises?' + filter)]);
  if (region.status === 401 || units.status === 401) return show('login-view');
  const error = document.getElementById('region-error');
  const cards = document.getElementById('region-cards');
  cards.replaceChildren();
  error.textContent = '';
  if (region.status === 200 && region.data.progress) {
    cards.append(...progressCards(region.data.progress, region.data.colour),
      card(t('asOf'), region.data.progress.date));
  } else {
    error.textContent = region.status === 404 ? t('noData') : errorText(region);
  }
  regionPage.units = units.status === 200 ? units.data.items : [];
  if (units.status !== 200) error.textContent = errorText(units);
  renderRegionUnits();
}

function renderRegionUnits() {
  const ranked = rankUnits(regionPage.units, regionPage.sort);
  const body = document.querySelector('#region-units tbody');
  body.replaceChildren(...ranked.map((u, i) => {
    const other = regionPage.level === 'tier' ? cityName(u.city) : tierName(u.tier);
    const tr = row([String(i + 1), colourDot(u.colour), named(u.name, u.enterprise), other, u.industry ?? '',
      fmt(u.completion_pct), fmt(timeShare(u)), fmt(u.projected_pct), fmt(u.ytd_tce, 0), u.date]);
    for (const n of [0, 5, 6, 7, 8]) tr.children[n].className = 'num';
    tr.className = 'clickable';
    tr.addEventListener('click', () => openEnterprise(u.enterprise, loadRegionPage));
    return tr;
  }));
  for (const th of document.querySelectorAll('#region-units th[data-sort]')) {
    th.classList.toggle('current', th.dataset.sort === regionPage.sort);
  }
  document.getElementById('region-count').textContent = t('count', { n: ranked.length });
}

function sortRegionUnits(key) {
  regionPage.sort = key;
  document.getElementById('region-sort').value = key;
  renderRegionUnits();
}

window.regions = {
  relabel() {
    if (!document.getElementById('region-view').hidden) loadRegionPage();
  }
};

document.addEventListener('DOMContentLoaded', () => {
  document.getElementById('region-back').addEventListener('click', loadDashboard);
  document.getElementById('region-year').addEventListener('change', ev => {
    dash.year = ev.target.value;
    loadRegionPage();
  });
  document.getElementById('region-sort').addEventListener('change', ev => sortRegionUnits(ev.target.value));
  for (const th of document.querySelectorAll('#region-units th[data-sort]')) {
    th.classList.add('sortable');
    th.addEventListener('click', () => sortRegionUnits(th.dataset.sort));
  }
  document.getElementById('region-detail').addEventListener('click', () => {
    dash.subject = { kind: 'region', level: regionPage.level, code: regionPage.code };
    dash.back = loadRegionPage;
    loadSubject();
  });
});
