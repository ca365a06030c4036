/* report.html's script (pasted inline by the build): sorting, filtering by
 * severity, check and owner, a text search, and paging, over the rows of the
 * JSON data island. Rows are built with textContent only: no value from the
 * data ever reaches innerHTML. The page is complete without this script. */
(function () {
  'use strict';

  var island = document.getElementById('audit-data');
  if (!island) return;
  var data = JSON.parse(island.textContent);
  var PAGE = 50;
  var SEV = data.severities; /* index = severity */
  var GLYPH = ['\u25cf', '\u25b2', '\u2716'];
  var collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });
  var idPattern = /^[A-Za-z0-9]+$/;
  var filters = { sev: '', check: '', owner: '', q: '', trend: '' };

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = text;
    return e;
  }

  function fmt(n) {
    return n.toLocaleString('en-US');
  }

  function ownerLabel(i) {
    var o = data.owners[i];
    if (!o) return '';
    return o[1] !== null ? o[1] : o[0] !== '' ? o[0] : '(no owner)';
  }

  /* ---- rows ---- */

  var checks = data.checks.map(function (c) {
    var section = document.getElementById('check-' + c.id);
    var rows = c.rows.map(function (r, i) {
      var ev = r[6].slice();
      for (var k = 0; k < ev.length; k += 2) ev[k] = data.strings[ev[k]];
      return {
        i: i, sev: r[0], obj: data.objects[r[1]], id: r[2], name: r[3], owner: r[4], msg: r[5],
        ev: ev, fix: data.strings[r[7]], action: data.strings[r[8]], trend: r[9] || 0, hay: null
      };
    });
    return {
      id: c.id, total: c.total, rows: rows, section: section,
      tbody: section ? section.querySelector('table.findings tbody') : null,
      status: section ? section.querySelector('p.status') : null,
      more: section ? section.querySelector('div.more') : null,
      sortKey: null, sortDir: 1, limit: PAGE, matched: []
    };
  });

  function evText(r) {
    var parts = [];
    for (var k = 0; k + 1 < r.ev.length; k += 2) parts.push(r.ev[k] + ': ' + r.ev[k + 1]);
    return parts.join('; ');
  }

  function haystack(r) {
    if (r.hay === null) {
      var o = data.owners[r.owner];
      r.hay = [SEV[r.sev], r.obj, r.id, r.name, ownerLabel(r.owner), o ? o[0] : '', r.msg, evText(r), r.fix,
        r.action].join('\n').toLowerCase();
    }
    return r.hay;
  }

  function renderRow(r) {
    var tr = el('tr', 'sev-' + SEV[r.sev]);
    var td = el('td');
    var badge = el('span', 'sev sev-' + SEV[r.sev]);
    var glyph = el('span', null, GLYPH[r.sev] + ' ');
    glyph.setAttribute('aria-hidden', 'true');
    badge.appendChild(glyph);
    badge.appendChild(document.createTextNode(SEV[r.sev]));
    td.appendChild(badge);
    tr.appendChild(td);

    var th = el('th');
    th.setAttribute('scope', 'row');
    var label = r.name !== '' ? r.name : r.id !== '' ? r.id : '(no Id)';
    if (data.record_url && idPattern.test(r.id)) {
      var a = el('a', null, label);
      a.href = data.record_url.join(r.id);
      a.rel = 'noreferrer';
      th.appendChild(a);
    } else {
      th.appendChild(document.createTextNode(label));
    }
    th.appendChild(el('span', 'id', r.obj + ' ' + r.id));
    tr.appendChild(th);

    td = el('td', null, ownerLabel(r.owner));
    var o = data.owners[r.owner];
    if (o && o[1] !== null) td.appendChild(el('span', 'id', o[0]));
    tr.appendChild(td);

    td = el('td');
    if (r.trend === 1) {
      td.appendChild(el('span', 'trend new', 'new'));
      td.appendChild(document.createTextNode(' '));
    }
    td.appendChild(document.createTextNode(r.msg));
    tr.appendChild(td);

    td = el('td');
    if (r.ev.length) {
      var ul = el('ul', 'ev');
      for (var k = 0; k + 1 < r.ev.length; k += 2) {
        var li = el('li');
        li.appendChild(el('span', 'k', r.ev[k]));
        li.appendChild(document.createTextNode(' ' + r.ev[k + 1]));
        ul.appendChild(li);
      }
      td.appendChild(ul);
    }
    tr.appendChild(td);

    td = el('td', null, r.fix);
    if (r.action) td.appendChild(el('span', 'action', 'import: ' + r.action));
    tr.appendChild(td);
    return tr;
  }

  /* ---- sorting ---- */

  var sortValue = {
    sev: function (r) { return r.sev; },
    record: function (r) { return r.name + '\u0000' + r.id; },
    owner: function (r) { return ownerLabel(r.owner); },
    message: function (r) { return r.msg; },
    evidence: function (r) { return evText(r); },
    fix: function (r) { return r.fix; }
  };

  function compareRows(c) {
    var key = c.sortKey, dir = c.sortDir, value = sortValue[key];
    return function (a, b) {
      var d;
      if (key === null) return a.i - b.i;
      var x = value(a), y = value(b);
      d = typeof x === 'number' ? x - y : collator.compare(x, y);
      return d !== 0 ? d * dir : a.i - b.i;
    };
  }

  function setSort(th, table, dir) {
    var ths = table.querySelectorAll('thead th');
    for (var i = 0; i < ths.length; i++) ths[i].removeAttribute('aria-sort');
    th.setAttribute('aria-sort', dir > 0 ? 'ascending' : 'descending');
  }

  function sortButton(th, onSort) {
    var b = el('button', 'sort');
    b.type = 'button';
    while (th.firstChild) b.appendChild(th.firstChild);
    th.appendChild(b);
    b.addEventListener('click', onSort);
  }

  checks.forEach(function (c) {
    if (!c.section) return;
    var table = c.section.querySelector('table.findings');
    if (!table) return;
    var ths = table.querySelectorAll('thead th[data-key]');
    Array.prototype.forEach.call(ths, function (th) {
      sortButton(th, function () {
        var key = th.getAttribute('data-key');
        c.sortDir = c.sortKey === key ? -c.sortDir : 1;
        c.sortKey = key;
        c.rows.sort(compareRows(c));
        setSort(th, table, c.sortDir);
        c.limit = PAGE;
        update();
      });
    });
  });

  /* the checks and owners tables: sort their own rows */
  Array.prototype.forEach.call(document.querySelectorAll('table.sortable'), function (table) {
    var tbody = table.tBodies[0];
    var ths = table.querySelectorAll('thead th');
    Array.prototype.forEach.call(ths, function (th, col) {
      var dir = 0;
      sortButton(th, function () {
        dir = dir === 1 ? -1 : 1;
        var rows = Array.prototype.slice.call(tbody.rows);
        var keyed = rows.map(function (tr, i) {
          var cell = tr.cells[col];
          var v = cell.getAttribute('data-v');
          return { tr: tr, i: i, v: v !== null ? Number(v) : cell.textContent };
        });
        keyed.sort(function (a, b) {
          var d = typeof a.v === 'number' ? a.v - b.v : collator.compare(a.v, b.v);
          return d !== 0 ? d * dir : a.i - b.i;
        });
        keyed.forEach(function (k) { tbody.appendChild(k.tr); });
        setSort(th, table, dir);
      });
    });
  });

  /* ---- filtering ---- */

  var form = document.getElementById('filters');
  var fSev = document.getElementById('f-sev');
  var fCheck = document.getElementById('f-check');
  var fOwner = document.getElementById('f-owner');
  var fQ = document.getElementById('f-q');
  var fTrend = document.getElementById('f-trend'); /* with a baseline only */
  var fStatus = document.getElementById('f-status');
  var optionText = new Map();

  function remember(select) {
    Array.prototype.forEach.call(select.options, function (o) { optionText.set(o, o.textContent); });
  }

  function active() {
    return filters.sev !== '' || filters.check !== '' || filters.owner !== '' || filters.q !== '' ||
      filters.trend !== '';
  }

  function renderCheck(c) {
    if (!c.tbody) return;
    var frag = document.createDocumentFragment();
    var n = Math.min(c.limit, c.matched.length);
    for (var k = 0; k < n; k++) frag.appendChild(renderRow(c.matched[k]));
    c.tbody.textContent = '';
    c.tbody.appendChild(frag);
    var shown = c.rows.length;
    if (c.status) {
      var text = '';
      if (active()) text = fmt(c.matched.length) + ' of ' + fmt(shown) + ' rows match';
      if (c.matched.length > n) text += (text ? '; ' : '') + 'showing the first ' + fmt(n) + ' of ' + fmt(c.matched.length);
      c.status.textContent = text ? text + '.' : '';
      c.status.hidden = text === '';
    }
    if (c.more) {
      c.more.textContent = '';
      if (c.matched.length > n) {
        var more = el('button', null, 'Show ' + fmt(Math.min(PAGE, c.matched.length - n)) + ' more');
        more.type = 'button';
        more.addEventListener('click', function () { c.limit += PAGE; renderCheck(c); });
        var all = el('button', null, 'Show all ' + fmt(c.matched.length));
        all.type = 'button';
        all.addEventListener('click', function () { c.limit = c.matched.length; renderCheck(c); });
        c.more.appendChild(more);
        c.more.appendChild(all);
      }
    }
  }

  function update() {
    var sev = filters.sev === '' ? -1 : Number(filters.sev);
    var owner = filters.owner === '' ? -1 : Number(filters.owner);
    var q = filters.q.toLowerCase();
    var trend = filters.trend === '' ? -1 : Number(filters.trend);
    var trendCount = [0, 0, 0];
    var sevCount = [0, 0, 0], matchedSev = [0, 0, 0], ownerCount = new Array(data.owners.length).fill(0);
    var checkCount = {};
    var matched = 0, total = 0;
    checks.forEach(function (c) {
      var pc = filters.check === '' || filters.check === c.id;
      checkCount[c.id] = 0;
      c.matched = [];
      c.rows.forEach(function (r) {
        var ps = sev < 0 || r.sev === sev;
        var po = owner < 0 || r.owner === owner;
        var pq = (q === '' || haystack(r).indexOf(q) >= 0) && (trend < 0 || r.trend === trend);
        var pqt = q === '' || haystack(r).indexOf(q) >= 0;
        if (pc && po && pq) sevCount[r.sev]++;
        if (pc && ps && pq) ownerCount[r.owner]++;
        if (ps && po && pq) checkCount[c.id]++;
        if (pc && ps && po && pqt) trendCount[r.trend]++;
        if (pc && ps && po && pq) {
          c.matched.push(r);
          matchedSev[r.sev]++;
        }
      });
      total += c.rows.length;
      matched += c.matched.length;
      if (c.section) c.section.hidden = active() && c.matched.length === 0;
      renderCheck(c);
    });
    /* the counts each choice would give, with the other filters as they are */
    Array.prototype.forEach.call(fSev.options, function (o) {
      if (o.value !== '') o.textContent = optionText.get(o) + ' (' + fmt(sevCount[Number(o.value)]) + ')';
    });
    Array.prototype.forEach.call(fCheck.options, function (o) {
      if (o.value !== '') o.textContent = optionText.get(o) + ' (' + fmt(checkCount[o.value] || 0) + ')';
    });
    Array.prototype.forEach.call(fOwner.options, function (o) {
      if (o.value !== '') o.textContent = optionText.get(o) + ' (' + fmt(ownerCount[Number(o.value)] || 0) + ')';
    });
    if (fTrend)
      Array.prototype.forEach.call(fTrend.options, function (o) {
        if (o.value !== '') o.textContent = optionText.get(o) + ' (' + fmt(trendCount[Number(o.value)]) + ')';
      });
    var text = active() ? fmt(matched) + ' of ' + fmt(total) + ' rows match: ' : fmt(total) + ' rows: ';
    text += [2, 1, 0].map(function (s) { return fmt(matchedSev[s]) + ' ' + SEV[s]; }).join(', ');
    if (data.checks.some(function (c) { return c.total > c.rows.length; }))
      text += '. Each check shows at most ' + fmt(data.rows) + ' rows here (--html-rows)';
    fStatus.textContent = text + '.';
    fStatus.setAttribute('data-matched', String(matched));
  }

  function readFilters() {
    filters.sev = fSev.value;
    filters.check = fCheck.value;
    filters.owner = fOwner.value;
    filters.q = fQ.value.trim();
    filters.trend = fTrend ? fTrend.value : '';
    checks.forEach(function (c) { c.limit = PAGE; });
    update();
    form.dataset.q = filters.q; /* the search now shown (read by the browser test) */
  }

  if (form) {
    [fSev, fCheck, fOwner].concat(fTrend ? [fTrend] : []).forEach(remember);
    if (fTrend) fTrend.addEventListener('change', readFilters);
    form.hidden = false;
    form.addEventListener('submit', function (e) { e.preventDefault(); });
    fSev.addEventListener('change', readFilters);
    fCheck.addEventListener('change', readFilters);
    fOwner.addEventListener('change', readFilters);
    var timer = 0;
    fQ.addEventListener('input', function () {
      clearTimeout(timer);
      timer = setTimeout(readFilters, 150);
    });
    document.getElementById('f-clear').addEventListener('click', function () {
      fSev.value = fCheck.value = fOwner.value = fQ.value = '';
      if (fTrend) fTrend.value = '';
      readFilters();
    });

    /* by owner: a button per owner that shows their findings */
    Array.prototype.forEach.call(document.querySelectorAll('table.owners tbody tr'), function (tr) {
      var td = el('td', 'show');
      var b = el('button', null, 'Show findings');
      b.type = 'button';
      b.setAttribute('aria-label', 'Show the findings of ' + tr.cells[0].firstChild.textContent);
      b.addEventListener('click', function () {
        fSev.value = fCheck.value = fQ.value = '';
        fOwner.value = tr.getAttribute('data-owner');
        readFilters();
        var findings = document.getElementById('findings');
        findings.scrollIntoView();
        findings.focus({ preventScroll: true });
      });
      td.appendChild(b);
      tr.appendChild(td);
    });
    var head = document.querySelector('table.owners thead tr');
    if (head) {
      var th = el('th', null, '');
      th.appendChild(el('span', 'vh', 'Action'));
      th.setAttribute('scope', 'col');
      head.appendChild(th);
    }

    /* a link to a check hidden by the filters clears them */
    document.addEventListener('click', function (e) {
      var a = e.target.closest ? e.target.closest('a[href^="#check-"]') : null;
      if (!a) return;
      var target = document.getElementById(a.getAttribute('href').slice(1));
      if (target && target.hidden) {
        fSev.value = fCheck.value = fOwner.value = fQ.value = '';
        readFilters();
      }
    });
    update();
  }
})();
