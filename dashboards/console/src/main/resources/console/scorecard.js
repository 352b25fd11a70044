// Scorecard page: reviewers' qualitative (measures) points per unit and year. The province enters them; a city
// office reads its division's. The next `./dcmon export --year Y --scorecard` uses them (through Kafka).
// Uses the helpers of app.js.
'use strict';

Object.assign(TEXT.zh, {
  'nav.scorecard': '定性评分', 'sc.title': '年度评价考核：定性得分（节能措施）', 'sc.points': '定性得分',
  'sc.updated': '录入', 'sc.save': '保存', 'sc.remove': '清除',
  'sc.note': '定性得分 0–{max} 分，由省级评审人员录入；下一次年度计分表导出（./dcmon export --year {year} --scorecard）'
    + '据此计算总分和等级。每次修改均留痕。',
  'sc.readOnly': '只读：定性得分由省级评审人员录入。', 'sc.saved': '已保存 {code}：{points} 分',
  'sc.removed': '已清除 {code} 的定性得分', 'sc.noKafka': '控制台未连接 Kafka，不能录入'
});
Object.assign(TEXT.en, {
  'nav.scorecard': 'Scorecard points', 'sc.title': 'Annual assessment: qualitative points (measures)',
  'sc.points': 'Points', 'sc.updated': 'Entered', 'sc.save': 'Save', 'sc.remove': 'Clear',
  'sc.note': 'Qualitative points 0–{max}, entered by provincial reviewers; the next annual scorecard export '
    + '(./dcmon export --year {year} --scorecard) adds them to the total and grade. Every change is kept.',
  'sc.readOnly': 'Read only: the province\'s reviewers enter the points.', 'sc.saved': 'Saved {code}: {points}',
  'sc.removed': 'Points of {code} cleared', 'sc.noKafka': 'The console runs without Kafka: points cannot be entered'
});

const sc = { year: null };

function scYears() {
  const select = document.getElementById('sc-year');
  if (select.options.length) return;
  const now = Number(new Date().toLocaleString('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric' }));
  for (let y = now; y >= now - 4; y--) select.appendChild(new Option(String(y), String(y)));
  sc.year = sc.year || String(now);
  select.value = sc.year;
}

async function loadPoints() {
  show('scorecard-view');
  scYears();
  const error = document.getElementById('sc-error');
  error.textContent = '';
  const r = await api('GET', '/api/scorecard/points?year=' + encodeURIComponent(sc.year));
  if (r.status === 401) return show('login-view');
  const body = document.querySelector('#sc-points tbody');
  body.replaceChildren();
  if (r.status !== 200) {
    error.textContent = t('failed') + ' (' + r.status + ')';
    return;
  }
  const d = r.data;
  document.getElementById('sc-note').textContent = t('sc.note', { max: d.max, year: d.year })
    + (d.editable ? '' : ' ' + (state.me.role === 'province' ? t('sc.noKafka') : t('sc.readOnly')));
  for (const u of d.items) {
    const entered = u.updated_by ? u.updated_by + ' ' + when(u.updated_at) : '';
    if (!d.editable) {
      body.appendChild(row([named(u.name, u.enterprise), namedText(u.city_name, u.city), u.tier || '',
        u.points === null ? '' : String(u.points), u.comment || '', entered, '']));
      body.lastChild.children[3].className = 'num';
      continue;
    }
    const points = el('input');
    points.type = 'number';
    points.min = '0';
    points.max = String(d.max);
    points.step = 'any';
    points.size = 5;
    points.value = u.points === null ? '' : String(u.points);
    points.setAttribute('aria-label', t('sc.points') + ' ' + u.enterprise);
    const comment = el('input');
    comment.maxLength = 500;
    comment.value = u.comment || '';
    const save = el('button', t('sc.save'));
    save.type = 'button';
    save.addEventListener('click', () => savePoints(u.enterprise, points.value, comment.value));
    const actions = el('span');
    actions.appendChild(save);
    if (u.points !== null) {
      const clear = el('button', t('sc.remove'));
      clear.type = 'button';
      clear.addEventListener('click', () => removePoints(u.enterprise));
      actions.append(' ', clear);
    }
    body.appendChild(row([named(u.name, u.enterprise), namedText(u.city_name, u.city), u.tier || '', points,
      comment, entered, actions]));
    body.lastChild.dataset.enterprise = u.enterprise;
  }
}

async function savePoints(code, value, comment) {
  const error = document.getElementById('sc-error');
  const status = document.getElementById('sc-status');
  status.textContent = '';
  const points = value.trim() === '' ? null : Number(value);
  const r = await api('PUT', '/api/scorecard/points/' + encodeURIComponent(sc.year) + '/' + encodeURIComponent(code),
    { points, comment: comment.trim() || null });
  if (r.status === 401) return show('login-view');
  if (r.status !== 200) {
    error.textContent = t('failed') + ': ' + (r.data && r.data.message ? r.data.message : r.status);
    return;
  }
  await loadPoints();
  status.textContent = t('sc.saved', { code, points: r.data.points });
}

async function removePoints(code) {
  const r = await api('DELETE', '/api/scorecard/points/' + encodeURIComponent(sc.year) + '/' + encodeURIComponent(code));
  if (r.status === 401) return show('login-view');
  document.getElementById('sc-error').textContent = r.status === 200 ? '' : t('failed') + ' (' + r.status + ')';
  await loadPoints();
  if (r.status === 200) document.getElementById('sc-status').textContent = t('sc.removed', { code });
}

document.addEventListener('DOMContentLoaded', () => {
  document.querySelectorAll('#nav [data-view="scorecard-view"]').forEach(b => b.addEventListener('click', () => {
    document.getElementById('sc-status').textContent = '';
    loadPoints();
  }));
  document.getElementById('sc-year').addEventListener('change', ev => { sc.year = ev.target.value; loadPoints(); });
  document.getElementById('lang-toggle').addEventListener('click', () => {
    if (!document.getElementById('scorecard-view').hidden) loadPoints();
  });
});
