// Exports page: the months, revisions and files the exporter service wrote, with their SHA-256, each a download.
// The server decides what a user gets: the province the files as written, a city office or a unit its cut.
// Uses the helpers of app.js.
'use strict';

Object.assign(TEXT.zh, {
  'nav.exports': '考核导出', 'ex.title': '月度考核导出文件', 'ex.month': '月份', 'ex.revision': '修订',
  'ex.file': '文件', 'ex.bytes': '字节', 'ex.sha256': 'SHA-256 校验值', 'ex.none': '尚无导出文件',
  'ex.all': '全省文件，与导出服务写出的文件逐字节相同。',
  'ex.cut': '节选：{cut} 的行，取自全省文件；校验值为节选文件的校验值。',
  'ex.provisional': '临时数据', 'ex.unreadable': '文件与清单不符，无法节选'
});
Object.assign(TEXT.en, {
  'nav.exports': 'Exports', 'ex.title': 'Monthly assessment exports', 'ex.month': 'Month', 'ex.revision': 'Revision',
  'ex.file': 'File', 'ex.bytes': 'Bytes', 'ex.sha256': 'SHA-256', 'ex.none': 'No exports yet',
  'ex.all': 'The province\'s files, byte for byte as the exporter service wrote them.',
  'ex.cut': 'Cut: the rows of {cut}, taken from the province\'s files; checksums are those of the cut files.',
  'ex.provisional': 'provisional', 'ex.unreadable': 'files do not match the manifest; no cut'
});

async function loadExports() {
  show('exports-view');
  const error = document.getElementById('ex-error');
  error.textContent = '';
  const r = await api('GET', '/api/exports');
  if (r.status === 401) return show('login-view');
  const body = document.querySelector('#ex-files tbody');
  body.replaceChildren();
  if (r.status !== 200) {
    error.textContent = t('failed') + ' (' + r.status + ')';
    return;
  }
  document.getElementById('ex-note').textContent = r.data.cut ? t('ex.cut', { cut: r.data.cut }) : t('ex.all');
  if (r.data.months.length === 0) body.appendChild(row([t('ex.none'), '', '', '', '']));
  for (const m of r.data.months) {
    for (const rev of m.revisions) {
      const label = 'r' + rev.revision + (rev.provisional ? ' · ' + t('ex.provisional') : '');
      if (rev.error) body.appendChild(row([m.month, label, t('ex.unreadable'), '', '']));
      for (const f of rev.files) {
        const link = el('a', f.name);
        link.href = f.url;
        link.setAttribute('download', f.name);
        body.appendChild(row([m.month, label, link, String(f.bytes), el('code', f.sha256)]));
        body.lastChild.children[3].className = 'num';
      }
    }
  }
}

window.exportsPage = {
  open: loadExports,
  relabel() {
    if (!document.getElementById('exports-view').hidden) loadExports();
  }
};

document.addEventListener('DOMContentLoaded', () => {
  document.querySelectorAll('#nav [data-view="exports-view"]').forEach(b => b.addEventListener('click', loadExports));
  document.getElementById('lang-toggle').addEventListener('click', () => window.exportsPage.relabel());
});
